// Package sitemap writes sitemap.xml and robots.txt, so search engines and
// web archives find every page of the site.
//
// A site of up to 50,000 URLs gets one sitemap.xml (a <urlset>). A larger
// site gets sitemap.xml as a sitemap index pointing at sitemap-1.xml,
// sitemap-2.xml, …, each holding at most 50,000 URLs and 50 MB, the limits
// of the sitemaps.org protocol. URLs are absolute, sorted, listed once, with
// non-ASCII path characters percent-encoded; lastmod comes from the pages'
// own dates, never the clock, so the same input gives the same bytes.
package sitemap

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"bulletin/generator/site"
)

// Limits of one sitemap file, from the sitemaps.org protocol.
const (
	MaxURLs  = 50000
	MaxBytes = 50 * 1024 * 1024 // uncompressed
)

// FileName is the sitemap (or sitemap index) at the site's root; robots.txt
// points to it.
const FileName = "sitemap.xml"

// Writer receives output files. name is slash-separated and relative to the
// output folder, without a leading slash.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Entry is one HTML document of the site.
type Entry struct {
	URL     string    // site-relative: "/notices/spring/"
	LastMod time.Time // zero leaves lastmod out
}

const xmlns = "http://www.sitemaps.org/schemas/sitemap/0.9"

// Write writes sitemap.xml, and sitemap-N.xml parts when the entries do not
// fit in one file. base is the site's absolute base URL. Entries may come
// in any order; a URL listed twice is kept once, with its newest lastmod.
func Write(w Writer, base string, entries []Entry) error {
	return write(w, base, entries, MaxURLs, MaxBytes)
}

// write is Write with the limits as arguments, so tests can reach the size
// limit without writing 50 MB.
func write(w Writer, base string, entries []Entry, maxURLs, maxBytes int) error {
	parts := split(urlElements(base, dedupe(entries)), maxURLs, maxBytes)
	if len(parts) == 1 {
		return w.WriteFile(FileName, parts[0].bytes())
	}
	if len(parts) > MaxURLs {
		return fmt.Errorf("sitemap: %d parts are more than a sitemap index may list (%d)", len(parts), MaxURLs)
	}
	var index bytes.Buffer
	index.WriteString(xml.Header)
	index.WriteString(`<sitemapindex xmlns="` + xmlns + `">` + "\n")
	for i, p := range parts {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if err := w.WriteFile(name, p.bytes()); err != nil {
			return err
		}
		index.WriteString("  <sitemap>\n    <loc>")
		escape(&index, absURL(base, "/"+name))
		index.WriteString("</loc>\n")
		writeLastMod(&index, p.lastMod, "    ")
		index.WriteString("  </sitemap>\n")
	}
	index.WriteString("</sitemapindex>\n")
	return w.WriteFile(FileName, index.Bytes())
}

// dedupe sorts entries by URL and keeps each URL once, with its newest
// lastmod. The caller's slice is left as it was.
func dedupe(entries []Entry) []Entry {
	sorted := append([]Entry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].URL < sorted[j].URL })
	out := sorted[:0]
	for _, e := range sorted {
		if n := len(out); n > 0 && out[n-1].URL == e.URL {
			if e.LastMod.After(out[n-1].LastMod) {
				out[n-1].LastMod = e.LastMod
			}
			continue
		}
		out = append(out, e)
	}
	return out
}

// element is one <url> of a urlset, already encoded.
type element struct {
	xml     []byte
	lastMod time.Time
}

func urlElements(base string, entries []Entry) []element {
	out := make([]element, len(entries))
	var b bytes.Buffer
	for i, e := range entries {
		b.Reset()
		b.WriteString("  <url>\n    <loc>")
		escape(&b, absURL(base, e.URL))
		b.WriteString("</loc>\n")
		writeLastMod(&b, e.LastMod, "    ")
		b.WriteString("  </url>\n")
		out[i] = element{xml: bytes.Clone(b.Bytes()), lastMod: e.LastMod}
	}
	return out
}

// part is one urlset file.
type part struct {
	elements []element
	size     int
	lastMod  time.Time
}

var (
	urlsetOpen  = xml.Header + `<urlset xmlns="` + xmlns + `">` + "\n"
	urlsetClose = "</urlset>\n"
)

func (p *part) bytes() []byte {
	b := make([]byte, 0, p.size)
	b = append(b, urlsetOpen...)
	for _, e := range p.elements {
		b = append(b, e.xml...)
	}
	return append(b, urlsetClose...)
}

// split fills urlsets in order, starting a new one when the next URL
// would pass either limit. There is always at least one (maybe empty).
func split(elements []element, maxURLs, maxBytes int) []*part {
	empty := len(urlsetOpen) + len(urlsetClose)
	cur := &part{size: empty}
	parts := []*part{cur}
	for _, e := range elements {
		if len(cur.elements) > 0 && (len(cur.elements) >= maxURLs || cur.size+len(e.xml) > maxBytes) {
			cur = &part{size: empty}
			parts = append(parts, cur)
		}
		cur.elements = append(cur.elements, e)
		cur.size += len(e.xml)
		if e.lastMod.After(cur.lastMod) {
			cur.lastMod = e.lastMod
		}
	}
	return parts
}

// writeLastMod writes a <lastmod> line in the W3C datetime format, or
// nothing for the zero time.
func writeLastMod(b *bytes.Buffer, t time.Time, indent string) {
	if t.IsZero() {
		return
	}
	b.WriteString(indent + "<lastmod>" + t.Format(time.RFC3339) + "</lastmod>\n")
}

func escape(b *bytes.Buffer, s string) {
	// EscapeText only fails when the writer does; a bytes.Buffer does not.
	_ = xml.EscapeText(b, []byte(s))
}

// absURL makes a site-relative URL absolute under base, percent-encoding
// the path ("/tags/春节/" → "/tags/%E6%98%A5%E8%8A%82/").
func absURL(base, rel string) string {
	return strings.TrimSuffix(base, "/") + (&url.URL{Path: rel}).EscapedPath()
}

// Robots is the site's robots.txt: everything may be crawled, and the
// sitemap is at <base>sitemap.xml.
func Robots(base string) []byte {
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return []byte("User-agent: *\nAllow: /\nSitemap: " + base + FileName + "\n")
}

// Entries lists every HTML document of s worth crawling: each page, and per
// language the home page, section pagers, taxonomy indexes, term pagers,
// the archive and its years. Redirects (aliases) and 404.html are left out,
// and so are the in-force views of lists (/notices/in-force/): every page
// they list is in the sitemap under its own URL, and a view's contents
// change whenever a notice expires, which no lastmod here would tell.
//
// A list's lastmod is the newest Updated among the pages it lists, the same
// for all its pagers: adding a notice shifts every pager of the list.
func Entries(s *site.Site) []Entry {
	loc := s.Config.Location
	if loc == nil {
		loc = time.UTC
	}
	var out []Entry
	// An empty list (a section with no notices yet) changes with the
	// site: it takes the site's newest date, so every URL has a lastmod.
	siteNewest := newest(s.Pages)
	add := func(url string, t time.Time) {
		if t.IsZero() {
			t = siteNewest
		}
		if !t.IsZero() {
			t = t.In(loc)
		}
		out = append(out, Entry{URL: url, LastMod: t})
	}
	addPagers := func(url string, pagers []*site.Pager, t time.Time) {
		if len(pagers) == 0 {
			add(url, t)
		}
		for _, pg := range pagers {
			add(pg.URL, t)
		}
	}
	for _, p := range s.Pages {
		if p.Draft || p.Scheduled {
			continue // a preview (--drafts, --future), noindex on its page too
		}
		add(p.URL, p.Updated)
	}
	for _, lg := range s.Langs {
		add(lg.URL, newest(lg.Pages))
		for _, sec := range lg.Sections {
			addPagers(sec.URL, sec.Pagers, newest(sec.Pages, sec.Archived))
		}
		for _, tax := range lg.Taxonomies {
			var all time.Time
			for _, term := range tax.Terms {
				t := newest(term.Pages)
				addPagers(term.URL, term.Pagers, t)
				all = later(all, t)
			}
			add(tax.URL, all)
		}
		if lg.ArchiveURL != "" {
			var all time.Time
			for _, y := range lg.Years {
				t := newest(y.Pages)
				addPagers(y.URL, y.Pagers, t)
				all = later(all, t)
			}
			add(lg.ArchiveURL, all)
		}
	}
	return dedupe(out)
}

// newest is the latest Updated of the pages (zero when there are none).
func newest(lists ...[]*site.Page) time.Time {
	var t time.Time
	for _, pages := range lists {
		for _, p := range pages {
			t = later(t, p.Updated)
		}
	}
	return t
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
