package feeds

import (
	"fmt"
	"io/fs"
	"strings"
	"sync"
	"time"

	"bulletin/generator/site"
)

// generator names the program in every feed.
const generator = "bulletin"

// Write renders f as feed.xml, rss.xml and feed.json under f.Dir. To write
// several feeds of one site, use a Cache: Write works out every entry anew.
func Write(w Writer, s *site.Site, f Feed) error {
	return NewCache(s).Write(w, f)
}

// Cache writes the feeds of one build of a site, sharing their entries.
// A page is an entry of several feeds (the whole site's, its section's,
// its departments'), and its entry (absolute links in the body, dates,
// the encoding in each format) is the same in all of them, so it is
// worked out once, when a feed first needs it.
//
// A Cache belongs to one build: an incremental rebuild changes the bodies
// of the same *site.Page values in place (site.ReplaceText), so it
// needs a new Cache to see them. A Cache is safe for concurrent use.
type Cache struct {
	site      *site.Site
	loc       *time.Location
	publisher string
	entries   sync.Map // entryKey → *encoded
}

// entryKey names a page's entry in the feeds of one language: the
// withdrawal marks are in the feed's language.
type entryKey struct {
	page *site.Page
	lang string
}

// NewCache returns an empty Cache for the feeds of s.
func NewCache(s *site.Site) *Cache {
	loc := s.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	publisher := s.Config.Publisher
	if publisher == "" {
		publisher = s.Config.Title
	}
	return &Cache{site: s, loc: loc, publisher: publisher}
}

// Write renders f as feed.xml, rss.xml and feed.json under f.Dir.
func (c *Cache) Write(w Writer, f Feed) error {
	dir := strings.TrimPrefix(f.Dir, "/")
	if !strings.HasPrefix(f.Dir, "/") || !strings.HasSuffix(f.Dir, "/") || (dir != "" && !fs.ValidPath(strings.TrimSuffix(dir, "/"))) {
		return fmt.Errorf("feed %q: Dir %q must be a site folder such as / or /notices/", f.Title, f.Dir)
	}
	h := c.head(f)
	entries := make([]*encoded, len(f.Entries))
	for i, p := range f.Entries {
		entries[i] = c.entry(p, f.Lang)
	}
	buf := docs.Get().(*[]byte)
	defer docs.Put(buf)
	for _, out := range []struct {
		name   string
		encode func([]byte, *head, []*encoded) []byte
	}{{AtomFile, atom}, {RSSFile, rss}, {JSONFile, jsonFeed}} {
		*buf = out.encode(*buf, h, entries)
		if err := w.WriteFile(dir+out.name, *buf); err != nil {
			return err
		}
	}
	return nil
}

// docs recycles the memory of feed documents: Writers keep nothing after
// WriteFile returns.
var docs = sync.Pool{New: func() any { return new([]byte) }}

// entry returns p's entry in the feeds of lang, encoding it on first use.
// Two feeds asking at once may both encode it; the bytes are the same.
func (c *Cache) entry(p *site.Page, lang string) *encoded {
	k := entryKey{p, lang}
	if e, ok := c.entries.Load(k); ok {
		return e.(*encoded)
	}
	e, _ := c.entries.LoadOrStore(k, encodeEntry(c.newEntry(p, lang)))
	return e.(*encoded)
}

// head is what a feed says about itself, with absolute URLs and its date
// in the site's zone: everything but the entries.
type head struct {
	Title, Subtitle, Lang string
	Publisher, Copyright  string
	HTMLURL               string // absolute
	Updated               time.Time
	baseURL, dir          string
}

func (c *Cache) head(f Feed) *head {
	cfg := c.site.Config
	h := &head{
		Title: f.Title, Subtitle: f.Subtitle, Lang: f.Lang,
		Publisher: c.publisher, Copyright: cfg.Copyright,
		HTMLURL: absURL(cfg.BaseURL, f.HTMLURL),
		Updated: f.Updated.In(c.loc),
		baseURL: cfg.BaseURL, dir: f.Dir,
	}
	if f.Updated.IsZero() {
		// A feed with nothing in it still needs a date; a fixed one keeps
		// the output deterministic.
		h.Updated = time.Unix(0, 0).In(c.loc)
	}
	return h
}

// SelfURL is the absolute URL of the feed's file in one format.
func (h *head) SelfURL(file string) string { return absURL(h.baseURL, h.dir+file) }
