package check

import (
	"fmt"
	"sort"
	"strings"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// DuplicateOf is the params key that accepts a known duplicate pair.
const DuplicateOf = "duplicate_of"

// relations records which pairs of pages are known to belong together, so
// they are not reported as duplicates or for sharing a document number.
type relations struct {
	byPath map[string]*site.Page
	pairs  map[[2]string]bool
}

func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// related reports whether two pages are a known pair: translations, one
// superseding or interpreting the other, or accepted with duplicate_of.
func (r *relations) related(a, b *site.Page) bool {
	return r.pairs[pairKey(a.File.Path, b.File.Path)]
}

func newRelations(s *site.Site, l *diag.List) *relations {
	r := &relations{byPath: map[string]*site.Page{}, pairs: map[[2]string]bool{}}
	for _, p := range s.Pages {
		r.byPath[p.File.Path] = p
	}
	for _, p := range s.Pages {
		add := func(other string) { r.pairs[pairKey(p.File.Path, other)] = true }
		for _, t := range p.Translations {
			add(t.File.Path)
		}
		for _, old := range p.Front.Supersedes {
			add(old)
		}
		if p.Front.Interprets != "" {
			add(p.Front.Interprets)
		}
		for _, d := range duplicateOf(p, r.byPath, l) {
			add(d)
		}
	}
	return r
}

// duplicateOf reads params.duplicate_of: a content path or a list of them.
func duplicateOf(p *site.Page, byPath map[string]*site.Page, l *diag.List) []string {
	v, ok := p.Front.Params[DuplicateOf]
	if !ok || v == nil {
		return nil
	}
	at := p.File.At("params")
	var paths []string
	switch v := v.(type) {
	case string:
		paths = []string{v}
	case []any:
		for _, item := range v {
			s, ok := item.(string)
			if !ok {
				l.Add(at.Errorf("params.%s: expected content paths such as notices/2021-01-20-spring.md, got %v", DuplicateOf, item))
				continue
			}
			paths = append(paths, s)
		}
	default:
		l.Add(at.Errorf("params.%s: expected a content path such as notices/2021-01-20-spring.md or a list of them, got %v", DuplicateOf, v))
		return nil
	}
	var out []string
	for _, path := range paths {
		path = strings.TrimPrefix(strings.TrimSpace(path), "content/")
		switch {
		case path == p.File.Path:
			l.Add(at.Errorf("params.%s: a page cannot be a duplicate of itself", DuplicateOf))
		case byPath[path] == nil:
			l.Add(at.Warnf("params.%s: no page %q in this build (looked for content/%s)", DuplicateOf, path, path))
		default:
			out = append(out, path)
		}
	}
	return out
}

// documents returns the notices and policies of a site, oldest first (by
// date, then content path): the pages duplicate checks compare.
func documents(s *site.Site) []*site.Page {
	var out []*site.Page
	for _, p := range s.Pages {
		if p.Kind != config.KindPage {
			out = append(out, p)
		}
	}
	sortOldestFirst(out)
	return out
}

func sortOldestFirst(pages []*site.Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		if !a.Front.Date.Equal(b.Front.Date) {
			return a.Front.Date.Before(b.Front.Date)
		}
		return a.File.Path < b.File.Path
	})
}

// kindOf returns the kind of the page at a content path, from its section.
func kindOf(cfg *config.Config, contentPath string) string {
	sec, _, ok := strings.Cut(contentPath, "/")
	if !ok {
		return config.KindPage
	}
	if sc, ok := cfg.Sections[sec]; ok {
		return sc.Kind
	}
	return ""
}

// percent formats a similarity for people, rounded down so only identical
// texts show 100%: 0.873 → "87%".
func percent(x float64) string { return fmt.Sprintf("%d%%", int(x*100+1e-9)) }

func sortByPath(pages []*site.Page) {
	sort.Slice(pages, func(i, j int) bool { return pages[i].File.Path < pages[j].File.Path })
}
