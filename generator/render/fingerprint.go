package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"slices"
	"sync"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/parallel"
	"bulletin/generator/site"
)

// Fingerprints maps each output path to a hash of everything its document
// shows. An incremental rebuild renders only the documents whose
// fingerprint changed; since rendering is deterministic, an unchanged
// fingerprint means unchanged bytes.
//
// The fingerprints follow what the default theme shows: a page's own
// content and those of the pages it links (relations, translations,
// neighbours, related), lists of the pages on them, and the chrome every
// page shares (languages, sections, urgent notices, pages looked up with
// PageAt). A page in a list or link counts with all its front matter,
// summary, URL and state, but not its body. Theme and
// configuration changes are not tracked here: the builder renders
// everything after those. Nor is anything a site's own templates reach
// beyond that, such as .Site.Pages on every page.
type Fingerprints map[string]uint64

// seed keys the fingerprints of this process. They are only ever compared
// within one process (a Builder keeps them in memory), so a random seed is
// fine, and maphash is many times faster than FNV.
var seed = maphash.MakeSeed()

// hasher collects what it is given in a buffer and hashes it at once in
// sum: a fingerprint is made of many small pieces, and one call per piece
// would cost more than the hashing.
type hasher struct{ buf []byte }

var hashers = sync.Pool{New: func() any { return &hasher{buf: make([]byte, 0, 1024)} }}

func newHasher() *hasher {
	h := hashers.Get().(*hasher)
	h.buf = h.buf[:0]
	return h
}

func (h *hasher) str(ss ...string) *hasher {
	for _, s := range ss {
		h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(len(s)))
		h.buf = append(h.buf, s...)
	}
	return h
}

func (h *hasher) num(ns ...uint64) *hasher {
	for _, n := range ns {
		h.buf = binary.LittleEndian.AppendUint64(h.buf, n)
	}
	return h
}

// sum returns the hash; the hasher must not be used after.
func (h *hasher) sum() uint64 {
	sum := maphash.Bytes(seed, h.buf)
	if cap(h.buf) <= 1<<20 {
		hashers.Put(h)
	}
	return sum
}

// printer computes fingerprints for one build. It hashes what lists and
// links show of each page once, rather than once per list the page is on.
type printer struct {
	site    *site.Site
	listed  map[*site.Page]uint64 // what lists show of each page
	chromes map[*site.Lang]uint64
}

// newPrinter prepares the fingerprints of s. asked are the URLs the
// templates looked up with PageAt.
func newPrinter(s *site.Site, asked []string) *printer {
	pr := &printer{site: s, listed: make(map[*site.Page]uint64, len(s.Pages))}
	sums := make([]uint64, len(s.Pages))
	parallel.For(len(s.Pages), func(i int) { sums[i] = listed(s.Pages[i]) })
	for i, p := range s.Pages {
		pr.listed[p] = sums[i]
	}
	pr.ask(asked)
	return pr
}

// ask recomputes the chrome of every language for the URLs asked.
func (pr *printer) ask(asked []string) {
	pr.chromes = make(map[*site.Lang]uint64, len(pr.site.Langs))
	for _, lg := range pr.site.Langs {
		pr.chromes[lg] = pr.chrome(lg, asked)
	}
}

// listed hashes what a list or a link may show of a page: its front
// matter, summary, place and state, but not its body, so that editing a
// body renders again only the page itself (and its feeds), not every list
// it is on.
func listed(p *site.Page) uint64 {
	h := newHasher()
	front(h, p.Front)
	h.str(p.Title, p.Summary, p.URL, p.Kind, p.Lang, p.Slug)
	h.num(uint64(p.State), b2u(p.Draft), b2u(p.Scheduled), b2u(p.Repealed), b2u(p.Normative))
	if c := p.Consultation; c != nil { // its state changes with the time
		h.str(c.State)
		if c.OutcomePage != nil {
			h.str(c.OutcomePage.URL, c.OutcomePage.Title)
		}
	}
	return h.sum()
}

// view is what a list or a link shows of a page.
func (pr *printer) view(h *hasher, p *site.Page) {
	if p == nil {
		h.num(0)
		return
	}
	v, ok := pr.listed[p]
	if !ok { // not a page of this build; cannot happen, but stay correct
		v = listed(p)
	}
	h.num(1, v)
}

func (pr *printer) views(h *hasher, ps []*site.Page) {
	h.num(uint64(len(ps)))
	for _, p := range ps {
		pr.view(h, p)
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// chrome hashes what every page of a language shows around its main
// content, including the pages templates looked up by URL (PageAt), such
// as the about page linked from every page's navigation.
func (pr *printer) chrome(lg *site.Lang, asked []string) uint64 {
	s := pr.site
	h := newHasher().str(lg.Code, lg.Title, lg.ArchiveURL, lg.ConsultationsURL).num(uint64(lg.OpenConsultations))
	for _, other := range s.Langs {
		h.str(other.Code, other.Prefix)
	}
	for _, sec := range lg.Sections {
		h.str(sec.Key, sec.Title, sec.URL)
	}
	for _, t := range lg.Taxonomies {
		h.str(t.Name, t.URL)
	}
	pr.views(h, lg.Urgent)
	for _, url := range asked {
		h.str(url)
		if p := pageAt(s, lg, url); p != nil {
			pr.page(h, p)
		} else {
			h.num(0)
		}
	}
	return h.sum()
}

// pager hashes a paginated list: its position and the pages on it.
func (pr *printer) pager(h *hasher, pg *site.Pager) {
	h.num(uint64(pg.Number), uint64(pg.Total)).str(pg.URL)
	pr.views(h, pg.Pages)
}

// fingerprint hashes what one document shows.
func (pr *printer) fingerprint(j *job) uint64 {
	d := j.data
	h := newHasher().str(d.Kind, d.URL, d.Title)
	if j.alias != nil {
		return h.str(j.alias.Page.URL, d.Lang.Code).sum() // d.Title has the page's
	}
	h.num(pr.chromes[d.Lang])
	switch d.Kind {
	case "home":
		pr.views(h, d.Lang.Pages)
	case "section":
		pr.pager(h, d.Pager)
		h.num(uint64(len(d.Section.Pages)), uint64(len(d.Section.Archived)))
		if d.Pager.Number == 1 {
			// The first list page also lists the archived documents;
			// hashing them for every page of a long list would cost
			// pages² on a large site.
			pr.views(h, d.Section.Archived)
		}
	case "taxonomy":
		for _, t := range d.Taxonomy.Terms {
			h.str(t.Name, t.URL).num(uint64(len(t.Pages)))
		}
	case "term":
		pr.pager(h, d.Pager)
		h.num(uint64(len(d.Term.Pages)))
	case "archive":
		for _, y := range d.Lang.Years {
			h.str(y.URL).num(uint64(len(y.Pages)))
		}
	case "year":
		pr.pager(h, d.Pager)
	case "consultations":
		pr.views(h, d.Lang.Consultations)
	case "404", "search":
	default:
		pr.page(h, d.Page)
	}
	return h.sum()
}

// page hashes a single page and everything it links to.
func (pr *printer) page(h *hasher, p *site.Page) {
	pr.view(h, p)
	h.num(p.File.Hash, p.BodyHash)
	pr.view(h, p.SupersededBy)
	pr.views(h, p.Supersedes)
	pr.view(h, p.Interprets)
	pr.views(h, p.Interpretations)
	pr.views(h, p.Translations)
	pr.view(h, p.Prev)
	pr.view(h, p.Next)
	pr.views(h, p.Related)
	if p.Section != nil {
		h.str(p.Section.Title, p.Section.URL)
	}
	for _, name := range slices.Sorted(maps.Keys(p.Terms)) {
		for _, t := range p.Terms[name] {
			h.str(name, t.Name, t.URL)
		}
	}
	for _, a := range p.Attachments {
		h.str(a.Title, a.Name, a.Type).num(uint64(a.Size))
	}
}

// front hashes every front-matter field, since a theme may show any of
// them in a list. TestFrontHashesEveryField keeps it complete.
func front(h *hasher, fm *content.FrontMatter) {
	h.str(fm.Title)
	stamp(h, fm.Date)
	stamp(h, fm.Updated)
	h.num(uint64(len(fm.Changes)))
	for _, c := range fm.Changes {
		stamp(h, c.Date)
		h.str(c.Note)
	}
	h.str(fm.Summary)
	strs(h, fm.Department)
	h.str(fm.Category)
	strs(h, fm.Tags)
	h.str(fm.DocNumber, fm.IndexNo)
	stamp(h, fm.Written)
	stamp(h, fm.Effective)
	stamp(h, fm.Expires)
	h.str(fm.Status)
	if w := fm.Withdrawn; w != nil {
		h.num(1)
		stamp(h, w.Date)
		h.str(w.Reason)
	} else {
		h.num(0)
	}
	strs(h, fm.Supersedes)
	h.num(b2u(fm.Repeal))
	if fm.Normative != nil {
		h.num(1, b2u(*fm.Normative))
	} else {
		h.num(0)
	}
	strs(h, fm.Related)
	if c := fm.Consultation; c != nil {
		h.num(1)
		stamp(h, c.Opens)
		stamp(h, c.Closes)
		h.str(c.Email, c.Address, c.Phone, c.URL)
		if o := c.Outcome; o != nil {
			h.num(1)
			stamp(h, o.Date)
			h.str(o.Summary, o.Page)
		} else {
			h.num(0)
		}
	} else {
		h.num(0)
	}
	h.str(fm.Interprets).num(b2u(fm.Pinned), b2u(fm.Urgent))
	h.num(uint64(len(fm.Attachments)))
	for _, a := range fm.Attachments {
		h.str(a.Title, a.File)
	}
	h.str(fm.Lang, fm.TranslationOf, fm.Slug)
	strs(h, fm.Aliases)
	strs(h, fm.AppliesTo)
	h.str(fm.Contact, fm.Author, fm.Source)
	h.num(uint64(len(fm.Params)))
	if len(fm.Params) > 0 {
		h.str(fmt.Sprint(fm.Params)) // fmt prints maps sorted by key
	}
}

// stamp hashes an instant and the offset it was written with.
func stamp(h *hasher, t time.Time) {
	_, offset := t.Zone()
	h.num(uint64(t.UnixNano()), uint64(int64(offset)), b2u(t.IsZero()))
}

func strs(h *hasher, ss []string) {
	h.num(uint64(len(ss)))
	h.str(ss...)
}
