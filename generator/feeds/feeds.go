// Package feeds writes the site's subscription feeds: Atom 1.0 (feed.xml),
// RSS 2.0 (rss.xml) and JSON Feed 1.1 (feed.json), side by side in one
// folder per feed.
//
// Plan lists the feeds of a site: for each language the whole site (its
// notices and policies), each section, and each department. Write renders
// one feed in all three formats. The theme links a feed by convention from
// its folder: <dir>feed.xml, <dir>rss.xml, <dir>feed.json.
//
// What a feed lists:
//
//   - The newest 50 in-force pages (by publication date; expired and
//     superseded pages are left out).
//   - Withdrawn notices, marked: a notice withdrawn after it was published
//     stays in the feed when its withdrawal date is within the feed's window
//     (newer than the 50th in-force entry, or any date when the feed has
//     fewer than 50), so subscribers who saw it learn that it no longer
//     holds. Its title is prefixed "[已撤回]" ("[Withdrawn]" in English), its
//     summary gives the reason, it sorts at its withdrawal date, and its
//     updated time is the withdrawal date. Its id is unchanged, so a reader
//     replaces the entry it already has.
//
// Entries are newest first. Every URL is absolute, built from the site's
// base_url, with non-ASCII path characters percent-encoded; links inside
// entry content are made absolute too. Entry ids are the absolute
// permalinks. Dates carry the offset of the site's time zone. A feed's
// updated time is the newest entry's, never the clock, so the same input
// gives the same bytes.
package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"bulletin/generator/site"
)

// Max is how many in-force entries a feed lists.
const Max = 50

// File names of the three formats inside a feed's folder.
const (
	AtomFile = "feed.xml"
	RSSFile  = "rss.xml"
	JSONFile = "feed.json"
)

// Writer receives output files. name is slash-separated and relative to the
// output folder, without a leading slash ("notices/feed.xml").
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Feed is one feed, written in all three formats.
type Feed struct {
	Title, Subtitle string
	Lang            string // BCP 47 tag of the feed's language
	// Dir is the site-relative folder the feed files go in: "/",
	// "/notices/" or "/en/departments/<slug>/".
	Dir string
	// HTMLURL is the site-relative URL of the page the feed is about.
	HTMLURL string
	// Entries are the feed's pages, newest first: in-force pages and
	// withdrawn ones within the window (see the package doc).
	Entries []*site.Page
	// Updated is the newest entry's updated time (zero for a feed that
	// never had an entry).
	Updated time.Time
}

// Plan lists the feeds of s: for each language the whole site (notices and
// policies), each section and each department term, in that order.
func Plan(s *site.Site) []Feed {
	var feeds []Feed
	for _, lg := range s.Langs {
		feeds = append(feeds, newFeed(lg.Title, lg.Code, lg.URL(), lg.Pages, func(p *site.Page) bool {
			return p.IsNotice() || p.IsPolicy()
		}))
		for _, sec := range lg.Sections {
			pages := append(append([]*site.Page{}, sec.Pages...), sec.Archived...)
			feeds = append(feeds, newFeed(sec.Title+" - "+lg.Title, lg.Code, sec.URL, pages, nil))
		}
		if tax := lg.Taxonomy("department"); tax != nil {
			for _, term := range tax.Terms {
				feeds = append(feeds, newFeed(term.Name+" - "+lg.Title, lg.Code, term.URL, term.Pages, nil))
			}
		}
	}
	return feeds
}

// newFeed makes the feed of one list page at url from its pages; keep, when
// not nil, narrows the pages first.
func newFeed(title, lang, url string, pages []*site.Page, keep func(*site.Page) bool) Feed {
	if keep != nil {
		var kept []*site.Page
		for _, p := range pages {
			if keep(p) {
				kept = append(kept, p)
			}
		}
		pages = kept
	}
	f := Feed{Title: title, Lang: lang, Dir: url, HTMLURL: url, Entries: selectEntries(pages)}
	for _, p := range f.Entries {
		if u := entryUpdated(p); u.After(f.Updated) {
			f.Updated = u
		}
	}
	return f
}

// selectEntries picks a feed's entries from a list's pages, as the package doc
// describes, newest first.
func selectEntries(pages []*site.Page) []*site.Page {
	var current, withdrawn []*site.Page
	for _, p := range pages {
		switch {
		case p.InForce():
			current = append(current, p)
		case p.IsWithdrawn():
			withdrawn = append(withdrawn, p)
		}
	}
	sortByFeedTime(current)
	var since time.Time // the window's start: none until the list is full
	if len(current) >= Max {
		current = current[:Max]
		since = current[Max-1].Date()
	}
	out := current
	for _, p := range withdrawn {
		if since.IsZero() || withdrawnAt(p).After(since) {
			out = append(out, p)
		}
	}
	sortByFeedTime(out)
	return out
}

// feedTime is when an entry happened: its publication, or for a withdrawn
// notice its withdrawal.
func feedTime(p *site.Page) time.Time {
	if p.IsWithdrawn() {
		return withdrawnAt(p)
	}
	return p.Date()
}

// withdrawnAt is the withdrawal date of a withdrawn page, never before its
// publication.
func withdrawnAt(p *site.Page) time.Time {
	if w := p.Front.Withdrawn; w != nil && w.Date.After(p.Date()) {
		return w.Date
	}
	return p.Date()
}

// entryUpdated is an entry's last significant change: a withdrawal counts.
func entryUpdated(p *site.Page) time.Time {
	u := p.Updated()
	if p.IsWithdrawn() && withdrawnAt(p).After(u) {
		u = withdrawnAt(p)
	}
	return u
}

func sortByFeedTime(pages []*site.Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := feedTime(pages[i]), feedTime(pages[j])
		if !a.Equal(b) {
			return a.After(b)
		}
		return pages[i].Path() < pages[j].Path()
	})
}

// Write renders f as feed.xml, rss.xml and feed.json under f.Dir.
func Write(w Writer, s *site.Site, f Feed) error {
	dir := strings.TrimPrefix(f.Dir, "/")
	if !strings.HasPrefix(f.Dir, "/") || !strings.HasSuffix(f.Dir, "/") || (dir != "" && !fs.ValidPath(strings.TrimSuffix(dir, "/"))) {
		return fmt.Errorf("feed %q: Dir %q must be a site folder such as / or /notices/", f.Title, f.Dir)
	}
	v := newView(s, f)
	for _, out := range []struct {
		name   string
		encode func(*view) ([]byte, error)
	}{{AtomFile, atom}, {RSSFile, rss}, {JSONFile, jsonFeed}} {
		data, err := out.encode(v)
		if err != nil {
			return fmt.Errorf("feed %s%s: %w", f.Dir, out.name, err)
		}
		if err := w.WriteFile(dir+out.name, data); err != nil {
			return err
		}
	}
	return nil
}

// view is a feed with everything the three formats share worked out once:
// absolute URLs, dates in the site's zone, localized withdrawal marks.
type view struct {
	Title, Subtitle, Lang string
	Publisher, Copyright  string
	HTMLURL               string // absolute
	SelfURL               func(file string) string
	Updated               time.Time
	Entries               []entry
}

type entry struct {
	ID, URL            string
	Title, Summary     string
	Content            string // HTML with absolute links
	Published, Updated time.Time
	Author             string
	Categories         []string
}

func newView(s *site.Site, f Feed) *view {
	cfg := s.Config
	loc := cfg.Location
	if loc == nil {
		loc = time.UTC
	}
	publisher := cfg.Publisher
	if publisher == "" {
		publisher = cfg.Title
	}
	v := &view{
		Title: f.Title, Subtitle: f.Subtitle, Lang: f.Lang,
		Publisher: publisher, Copyright: cfg.Copyright,
		HTMLURL: absURL(cfg.BaseURL, f.HTMLURL),
		SelfURL: func(file string) string { return absURL(cfg.BaseURL, f.Dir+file) },
		Updated: f.Updated.In(loc),
	}
	if f.Updated.IsZero() {
		// A feed with nothing in it still needs a date; a fixed one keeps
		// the output deterministic.
		v.Updated = time.Unix(0, 0).In(loc)
	}
	mark := marksFor(f.Lang)
	for _, p := range f.Entries {
		link := absURL(cfg.BaseURL, p.URL)
		e := entry{
			ID: link, URL: link,
			Title:      p.Title,
			Summary:    p.Summary,
			Content:    absolutize(string(p.Body), link),
			Published:  p.Date().In(loc),
			Updated:    entryUpdated(p).In(loc),
			Author:     publisher,
			Categories: categories(p),
		}
		if len(p.Front.Department) > 0 && p.Front.Department[0] != "" {
			e.Author = p.Front.Department[0]
		}
		if p.IsWithdrawn() {
			reason := ""
			if p.Front.Withdrawn != nil {
				reason = strings.TrimSpace(p.Front.Withdrawn.Reason)
			}
			e.Title = mark.title + " " + p.Title
			e.Summary = mark.reason + reason
			e.Content = "<p><strong>" + html.EscapeString(mark.title) + "</strong> " + html.EscapeString(mark.reason+reason) + "</p>\n" + e.Content
		}
		v.Entries = append(v.Entries, e)
	}
	return v
}

// marks are the words a withdrawn entry is marked with, per language.
type marks struct{ title, reason string }

func marksFor(lang string) marks {
	if lang == "zh" || strings.HasPrefix(strings.ToLower(lang), "zh-") {
		return marks{title: "[已撤回]", reason: "撤回原因："}
	}
	return marks{title: "[Withdrawn]", reason: "Reason for withdrawal: "}
}

// categories are the page's category, then its tags, without repeats.
func categories(p *site.Page) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range append([]string{p.Front.Category}, p.Front.Tags...) {
		if c = strings.TrimSpace(c); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// absURL makes a site-relative URL ("/departments/卫健委/") absolute under
// base ("https://example.gov.cn/"), percent-encoding the path.
func absURL(base, rel string) string {
	return strings.TrimSuffix(base, "/") + (&url.URL{Path: rel}).EscapedPath()
}

var linkAttr = regexp.MustCompile(`(\s(?:href|src)=")([^"]*)"`)

// absolutize resolves the relative links and image sources of body against
// the page's absolute URL: feed readers show content away from the site,
// where "/notices/a/" or "a.pdf" would lead nowhere.
func absolutize(body, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return body
	}
	return linkAttr.ReplaceAllStringFunc(body, func(m string) string {
		parts := linkAttr.FindStringSubmatch(m)
		ref, err := url.Parse(html.UnescapeString(parts[2]))
		if err != nil || ref.IsAbs() || ref.Host != "" {
			return m
		}
		return parts[1] + html.EscapeString(base.ResolveReference(ref).String()) + `"`
	})
}

const generator = "bulletin"

// Atom 1.0 (RFC 4287).

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	ID        string      `xml:"id"`
	Links     []atomLink  `xml:"link"`
	Updated   string      `xml:"updated"`
	Author    atomPerson  `xml:"author"`
	Rights    string      `xml:"rights,omitempty"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	ID         string         `xml:"id"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
	Content    atomContent    `xml:"content"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func atom(v *view) ([]byte, error) {
	f := atomFeed{
		Lang: v.Lang, Title: v.Title, Subtitle: v.Subtitle,
		ID: v.SelfURL(AtomFile),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: v.SelfURL(AtomFile)},
			{Rel: "alternate", Type: "text/html", Href: v.HTMLURL},
		},
		Updated:   v.Updated.Format(time.RFC3339),
		Author:    atomPerson{Name: v.Publisher},
		Rights:    v.Copyright,
		Generator: generator,
	}
	for _, e := range v.Entries {
		ae := atomEntry{
			Title:     e.Title,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: e.URL}},
			ID:        e.ID,
			Published: e.Published.Format(time.RFC3339),
			Updated:   e.Updated.Format(time.RFC3339),
			Author:    atomPerson{Name: e.Author},
			Summary:   e.Summary,
			Content:   atomContent{Type: "html", Body: e.Content},
		}
		for _, c := range e.Categories {
			ae.Categories = append(ae.Categories, atomCategory{Term: c})
		}
		f.Entries = append(f.Entries, ae)
	}
	return marshalXML(f)
}

// RSS 2.0, with the content and Dublin Core modules for full text and
// author names (RSS's own <author> must be an e-mail address).

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Self          atomLink  `xml:"atom:link"`
	Language      string    `xml:"language,omitempty"`
	Copyright     string    `xml:"copyright,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Generator     string    `xml:"generator"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creator     string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
	Content     string   `xml:"content:encoded,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

func rss(v *view) ([]byte, error) {
	desc := v.Subtitle
	if desc == "" {
		desc = v.Title
	}
	doc := rssDoc{
		Version:   "2.0",
		NSAtom:    "http://www.w3.org/2005/Atom",
		NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:      "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title: v.Title, Link: v.HTMLURL, Description: desc,
			Self:          atomLink{Rel: "self", Type: "application/rss+xml", Href: v.SelfURL(RSSFile)},
			Language:      v.Lang,
			Copyright:     v.Copyright,
			LastBuildDate: v.Updated.Format(time.RFC1123Z),
			Generator:     generator,
		},
	}
	for _, e := range v.Entries {
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title: e.Title, Link: e.URL,
			GUID:        rssGUID{IsPermaLink: "true", ID: e.ID},
			PubDate:     e.Published.Format(time.RFC1123Z),
			Creator:     e.Author,
			Categories:  e.Categories,
			Description: e.Summary,
			Content:     e.Content,
		})
	}
	return marshalXML(doc)
}

func marshalXML(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

// JSONVersion is the JSON Feed version URL every feed.json declares.
const JSONVersion = "https://jsonfeed.org/version/1.1"

type jsonDoc struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          []string     `json:"tags,omitempty"`
}

func jsonFeed(v *view) ([]byte, error) {
	doc := jsonDoc{
		Version: JSONVersion, Title: v.Title,
		HomePageURL: v.HTMLURL, FeedURL: v.SelfURL(JSONFile),
		Description: v.Subtitle, Language: v.Lang,
		Authors: []jsonAuthor{{Name: v.Publisher}},
		Items:   []jsonItem{}, // "items" is required, even when empty
	}
	for _, e := range v.Entries {
		doc.Items = append(doc.Items, jsonItem{
			ID: e.ID, URL: e.URL, Title: e.Title,
			ContentHTML:   e.Content,
			Summary:       e.Summary,
			DatePublished: e.Published.Format(time.RFC3339),
			DateModified:  e.Updated.Format(time.RFC3339),
			Authors:       []jsonAuthor{{Name: e.Author}},
			Tags:          e.Categories,
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // the HTML is a JSON string; \u003c buys nothing
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
