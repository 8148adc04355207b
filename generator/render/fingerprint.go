package render

import (
	"encoding/binary"
	"hash/maphash"
	"sort"

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
// page shares (languages, sections, urgent notices). Theme and
// configuration changes are not tracked here: the builder renders
// everything after those. Nor is anything a site's own templates reach
// beyond that, such as .Site.Pages on every page.
type Fingerprints map[string]uint64

// seed keys the fingerprints of this process. They are only ever compared
// within one process (a Builder keeps them in memory), so a random seed is
// fine, and maphash hashes page bodies many times faster than FNV.
var seed = maphash.MakeSeed()

type hasher struct{ h maphash.Hash }

func newHasher() *hasher {
	h := &hasher{}
	h.h.SetSeed(seed)
	return h
}

func (h *hasher) str(ss ...string) *hasher {
	for _, s := range ss {
		h.num(uint64(len(s)))
		h.h.WriteString(s)
	}
	return h
}

func (h *hasher) num(ns ...uint64) *hasher {
	var b [8]byte
	for _, n := range ns {
		binary.LittleEndian.PutUint64(b[:], n)
		h.h.Write(b[:])
	}
	return h
}

func (h *hasher) sum() uint64 { return h.h.Sum64() }

// view is what a list or a link shows of a page: its file, place and state.
func view(h *hasher, p *site.Page) {
	if p == nil {
		h.num(0)
		return
	}
	h.num(p.File.Hash, uint64(p.State), b2u(p.Draft), b2u(p.Scheduled)).str(p.URL)
}

func views(h *hasher, ps []*site.Page) {
	h.num(uint64(len(ps)))
	for _, p := range ps {
		view(h, p)
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// chromesOf hashes the chrome of every language. asked are the URLs the
// templates looked up with PageAt.
func chromesOf(s *site.Site, asked []string) map[*site.Lang]uint64 {
	out := make(map[*site.Lang]uint64, len(s.Langs))
	for _, lg := range s.Langs {
		out[lg] = chrome(s, lg, asked)
	}
	return out
}

// chrome hashes what every page of a language shows around its main
// content, including the pages templates looked up by URL (PageAt), such
// as the about page linked from every page's navigation.
func chrome(s *site.Site, lg *site.Lang, asked []string) uint64 {
	h := newHasher().str(lg.Code, lg.Title, lg.ArchiveURL)
	for _, other := range s.Langs {
		h.str(other.Code, other.Prefix)
	}
	for _, sec := range lg.Sections {
		h.str(sec.Key, sec.Title, sec.URL)
	}
	for _, t := range lg.Taxonomies {
		h.str(t.Name, t.URL)
	}
	views(h, lg.Urgent)
	for _, url := range asked {
		h.str(url)
		if p := pageAt(s, lg, url); p != nil {
			page(h, p)
		} else {
			h.num(0)
		}
	}
	return h.sum()
}

// pagers hashes a paginated list: its position and the pages on it.
func pager(h *hasher, pg *site.Pager) {
	h.num(uint64(pg.Number), uint64(pg.Total)).str(pg.URL)
	views(h, pg.Pages)
}

// fingerprint hashes what one document shows.
func fingerprint(j *job, chromes map[*site.Lang]uint64) uint64 {
	d := j.data
	h := newHasher().str(d.Kind, d.URL, d.Title)
	if j.alias != nil {
		return h.str(j.alias.Page.URL).sum()
	}
	h.num(chromes[d.Lang])
	switch d.Kind {
	case "home":
		views(h, d.Lang.Pages)
	case "section":
		pager(h, d.Pager)
		h.num(uint64(len(d.Section.Pages)), uint64(len(d.Section.Archived)))
		if d.Pager.Number == 1 {
			// The first list page also lists the archived documents;
			// hashing them for every page of a long list would cost
			// pages² on a large site.
			views(h, d.Section.Archived)
		}
	case "taxonomy":
		for _, t := range d.Taxonomy.Terms {
			h.str(t.Name, t.URL).num(uint64(len(t.Pages)))
		}
	case "term":
		pager(h, d.Pager)
		h.num(uint64(len(d.Term.Pages)))
	case "archive":
		for _, y := range d.Lang.Years {
			h.str(y.URL).num(uint64(len(y.Pages)))
		}
	case "year":
		pager(h, d.Pager)
	case "404":
	default:
		page(h, d.Page)
	}
	return h.sum()
}

// page hashes a single page and everything it links to.
func page(h *hasher, p *site.Page) {
	view(h, p)
	h.str(string(p.Body), p.Summary)
	view(h, p.SupersededBy)
	views(h, p.Supersedes)
	view(h, p.Interprets)
	views(h, p.Interpretations)
	views(h, p.Translations)
	view(h, p.Prev)
	view(h, p.Next)
	views(h, p.Related)
	if p.Section != nil {
		h.str(p.Section.Title, p.Section.URL)
	}
	names := make([]string, 0, len(p.Terms))
	for name := range p.Terms {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		for _, t := range p.Terms[name] {
			h.str(name, t.Name, t.URL)
		}
	}
	for _, a := range p.Attachments {
		h.str(a.Title, a.Name, a.Type).num(uint64(a.Size))
	}
}
