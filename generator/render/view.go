package render

// Helpers the default theme calls on *Data. They only read the site graph
// and the theme's UI strings; anything a template can say itself stays in
// the template.

import (
	"bytes"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"bulletin/generator/site"
)

// LangName returns the name of language code in that language (its
// "lang_name" UI string: 中文, English), for language switches, which must
// name the target language in its own words. Without the string it gives
// the code.
func (d *Data) LangName(code string) string {
	if s, ok := d.theme.strings[code]["lang_name"]; ok {
		return s
	}
	return code
}

// Alternate is the current document in another language.
type Alternate struct {
	Lang string // BCP 47 code, for hreflang and lang attributes
	Name string // the language's name in that language
	URL  string // site-relative
}

// alternates lists the current document in the site's other languages: the
// other home pages for a home page, the same section's first list page for
// a section list, and the translations of a page. The 404 page has none.
func (d *Data) alternates() []Alternate {
	var out []Alternate
	add := func(code, url string) {
		out = append(out, Alternate{Lang: code, Name: d.LangName(code), URL: url})
	}
	switch {
	case d.Page != nil:
		for _, t := range d.Page.Translations {
			add(t.Lang, t.URL)
		}
	case d.Kind == "home" || d.Section != nil:
		for _, lg := range d.Site.Langs {
			if lg.Code == d.Lang.Code {
				continue
			}
			if d.Section == nil {
				add(lg.Code, lg.URL)
			} else if sec := lg.Section(d.Section.Key); sec != nil && d.InForceOnly {
				add(lg.Code, sec.InForceURL)
			} else if sec != nil {
				add(lg.Code, sec.URL)
			}
		}
	}
	return out
}

// xDefault returns the absolute URL of the document in the site's default
// language, for hreflang="x-default" (the version for readers whose
// language the site lacks), or "" when the document has no other
// languages.
func (d *Data) xDefault() string {
	if len(d.Alternates) == 0 {
		return ""
	}
	if d.Lang.Default {
		return d.AbsURL
	}
	for _, a := range d.Alternates {
		if a.Lang == d.Config.Language {
			return d.Abs(a.URL)
		}
	}
	return ""
}

// PageAt returns the page at the site-relative URL url ("/about/") in the
// document's language, else in the default language, else nil. Themes use
// it to link fixed pages such as the about and accessibility statements
// only when the site has them.
func (d *Data) PageAt(url string) *site.Page {
	return pageAt(d.Site, d.Lang, url)
}

func pageAt(s *site.Site, lg *site.Lang, url string) *site.Page {
	if p := pageByURL(s, lg.Prefix+url); p != nil {
		return p
	}
	return pageByURL(s, url)
}

// pageByURL relies on Site.Pages being sorted by URL.
func pageByURL(s *site.Site, url string) *site.Page {
	pages := s.Pages
	i := sort.Search(len(pages), func(i int) bool { return pages[i].URL >= url })
	if i < len(pages) && pages[i].URL == url {
		return pages[i]
	}
	return nil
}

// Join joins items with the document language's list separator (the
// "list_sep" UI string: 、 or ", ").
func (d *Data) Join(items []string) string {
	return strings.Join(items, d.T("list_sep"))
}

// Entry is a page shown inside another document, such as a list item. It
// keeps the document's Data, so a partial given an Entry can still call
// .T and .Date while .Item is the listed page.
type Entry struct {
	*Data
	Item *site.Page
}

// Entry pairs the listed page p with the current document for a partial:
// {{template "item" ($.Entry .)}}.
func (d *Data) Entry(p *site.Page) Entry { return Entry{Data: d, Item: p} }

// InSection reports whether the document is section s's list or a page in
// it, so navigation can mark where the reader is.
func (d *Data) InSection(s *site.Section) bool {
	if d.Section != nil {
		return d.Section.URL == s.URL
	}
	return d.Page != nil && d.Page.Section != nil && d.Page.Section.URL == s.URL
}

// feedDir returns the site-relative folder of the feed that matches the
// document best: a section's for its list, a department's for its term
// page, else the language's feed of the whole site. The feed files sit in
// it under the names package feeds gives them (feed.xml, rss.xml,
// feed.json).
func (d *Data) feedDir() string {
	switch {
	case d.Section != nil:
		return d.Section.URL
	case d.Term != nil && d.Taxonomy != nil && d.Taxonomy.Name == "department":
		return d.Term.URL
	}
	return d.Lang.URL
}

// PageLink is one numbered link of a list's pagination nav.
type PageLink struct {
	Number  int
	URL     string
	Label   string // the "page_n" UI string for Number (第2页, Page 2), for aria-label
	Current bool   // the link is to the document itself
}

// pageLinks returns the links of a pagination nav, by number: the
// first, the last and those within two of the current one, with nil where
// numbers are left out (shown as a gap), so a list of hundreds of pages
// still has a short nav; nil for a list of one page.
func (d *Data) pageLinks() []*PageLink {
	if d.Pager == nil || d.Pager.Total < 2 {
		return nil
	}
	var out []*PageLink
	cur := d.Pager.Number
	for _, pg := range d.Pager.All {
		n := pg.Number
		if n == 1 || n == d.Pager.Total || (n >= cur-2 && n <= cur+2) {
			out = append(out, &PageLink{Number: n, URL: pg.URL, Label: d.T("page_n", n), Current: n == cur})
		} else if len(out) > 0 && out[len(out)-1] != nil {
			out = append(out, nil)
		}
	}
	return out
}

// ogLocale is the document's language as Open Graph writes it: zh_CN, en.
func (d *Data) ogLocale() string { return strings.ReplaceAll(d.Lang.Code, "-", "_") }

// GovDate formats t as government-site meta tags want it: "2021-01-20
// 09:30" in the site's zone.
func (d *Data) GovDate(t time.Time) string {
	return formatIn(t, d.Config.Location, "2006-01-02 15:04")
}

// memo holds the partials rendered once in a render (see Item, Once): per
// partial name and language, the HTML by listed page (nil for Once).
// Lists ask for about 150,000 entries on a 10,000-notice site, and more
// than ten times that on a 100,000-notice one, so a page's entry is found
// by its number in the site (index), in a slice, not in a shared map.
type memo struct {
	mu    sync.Mutex
	parts atomic.Pointer[[]*memoPart] // copied on write; read without the lock
	byArg sync.Map                    // memoKey → template.HTML (see Memo)
	// index numbers the site's pages; it is not changed after newMemo.
	index map[*site.Page]int32
}

// newMemo returns the memo of a render of pages.
func newMemo(pages []*site.Page) *memo {
	m := &memo{index: make(map[*site.Page]int32, len(pages))}
	for i, p := range pages {
		m.index[p] = int32(i)
	}
	return m
}

type memoPart struct {
	name, lang string
	once       atomic.Pointer[template.HTML]   // Once's
	slots      []atomic.Pointer[template.HTML] // by page number (see memo.index); nil for a Once partial
	html       sync.Map                        // *site.Page → template.HTML, for a page not numbered
}

// slot returns where the HTML for page p (nil for Once) is kept, or nil
// when p is not one of the site's pages (or the partial was first asked
// for by Once).
func (m *memo) slot(part *memoPart, p *site.Page) *atomic.Pointer[template.HTML] {
	if p == nil {
		return &part.once
	}
	if i, ok := m.index[p]; ok && part.slots != nil {
		return &part.slots[i]
	}
	return nil
}

// part returns the memo of partial name in language lang; paged when it
// is asked for a listed page (Item), which makes its slots.
func (m *memo) part(name, lang string, paged bool) *memoPart {
	if parts := m.parts.Load(); parts != nil {
		for _, p := range *parts {
			if p.name == name && p.lang == lang {
				return p
			}
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var parts []*memoPart
	if old := m.parts.Load(); old != nil {
		parts = *old
	}
	for _, p := range parts {
		if p.name == name && p.lang == lang {
			return p
		}
	}
	p := &memoPart{name: name, lang: lang}
	if paged {
		p.slots = make([]atomic.Pointer[template.HTML], len(m.index))
	}
	parts = append(slices.Clip(parts), p)
	m.parts.Store(&parts)
	return p
}

// Item renders the partial name (e.g. "item") for the listed page p, as
// {{template name ($.Entry p)}} would, but once per page and language in a
// build: a notice appears on its section's list, its terms' lists and its
// year, and rendering its entry once is most of the cost of those lists.
// The partial must depend only on the page and the document's language.
func (d *Data) Item(name string, p *site.Page) (template.HTML, error) {
	return d.memoise(d.memoPart(name, true), name, p, Entry{Data: d, Item: p})
}

// Items is Item for each of pages, one entry a line: a list's entries
// in one call instead of one a page.
func (d *Data) Items(name string, pages []*site.Page) (template.HTML, error) {
	var buf [32]string
	parts := buf[:0]
	part := d.memoPart(name, true) // looked up once for the list
	for _, p := range pages {
		h, err := d.memoise(part, name, p, Entry{Data: d, Item: p})
		if err != nil {
			return "", err
		}
		parts = append(parts, string(h))
	}
	return template.HTML(strings.Join(parts, "\n")), nil
}

// Once renders the partial name with this document's data once per
// language in a build and reuses it (the footer). The partial must depend
// only on the language.
func (d *Data) Once(name string) (template.HTML, error) {
	return d.memoise(d.memoPart(name, false), name, nil, d)
}

// memoPart returns the memo of partial name in the document's language
// (see memo.part), nil when the document has no memo.
func (d *Data) memoPart(name string, paged bool) *memoPart {
	if d.memo == nil {
		return nil
	}
	return d.memo.part(name, d.Lang.Code, paged)
}

// memoise returns the partial name rendered with data for page p (nil
// for Once), from part when it was rendered before, and keeps it there.
func (d *Data) memoise(part *memoPart, name string, p *site.Page, data any) (template.HTML, error) {
	var slot *atomic.Pointer[template.HTML]
	if part != nil {
		if slot = d.memo.slot(part, p); slot != nil {
			if v := slot.Load(); v != nil {
				return *v, nil
			}
		} else if v, ok := part.html.Load(p); ok {
			return v.(template.HTML), nil
		}
	}
	out, err := d.partial(name, data)
	switch {
	case err != nil || part == nil:
	case slot != nil:
		slot.Store(&out)
	default:
		part.html.Store(p, out)
	}
	return out, err
}

// partial renders the partial name with data.
func (d *Data) partial(name string, data any) (template.HTML, error) {
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	sets, err := d.templates()
	if err != nil {
		return "", err
	}
	if err := d.theme.run(sets.set, buf, name, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil
}

// ListFilter is the 全部 | 现行有效 switch of a section or term list:
// the whole list and its in-force view.
type ListFilter struct {
	AllURL, InForceURL string // InForceURL is "" for a list without the view
	InForceOnly        bool   // the document is the in-force view
	Aria               string // the shown view's aria-current: "page" on its first page, else "true"
}

func (d *Data) listFilter() ListFilter {
	f := ListFilter{InForceOnly: d.InForceOnly, Aria: "true"}
	switch {
	case d.Section != nil:
		f.AllURL, f.InForceURL = d.Section.URL, d.Section.InForceURL
	case d.Term != nil:
		f.AllURL, f.InForceURL = d.Term.URL, d.Term.InForceURL
	}
	if d.Pager != nil && d.Pager.Number == 1 {
		f.Aria = "page"
	}
	return f
}
