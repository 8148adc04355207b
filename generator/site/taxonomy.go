package site

import (
	"fmt"
	"sort"
	"strings"
	"unicode"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/markdown"
)

// termValues returns a page's values for one taxonomy, with their
// front-matter field paths for positions.
func termValues(p *Page, taxonomy string) (values, fields []string) {
	var vs []string
	switch taxonomy {
	case "department":
		vs = p.Front.Department
	case "tags":
		vs = p.Front.Tags
	case "category":
		if p.Front.Category != "" {
			return []string{p.Front.Category}, []string{"category"}
		}
		return nil, nil
	}
	for i, v := range vs {
		values = append(values, v)
		fields = append(fields, fmt.Sprintf("%s.%d", taxonomy, i))
	}
	if len(vs) == 1 {
		fields[0] = taxonomy // a single string has no index
		if _, ok := p.File.Pos[taxonomy+".0"]; ok {
			fields[0] = taxonomy + ".0"
		}
	}
	return values, fields
}

// FoldTerm is the identity of a term: full-width forms folded to
// half-width, letters lowercased, spaces trimmed and collapsed. Two
// spellings with the same fold are one term.
func FoldTerm(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\u3000' || unicode.IsSpace(r):
			space = true
			continue
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// termSlug is the URL segment of a term: its folded form with characters
// that do not belong in a path segment turned into '-'.
func termSlug(name string) string {
	slug := markdown.Slugify(FoldTerm(name))
	if slug == "" {
		slug = "term"
	}
	return slug
}

// buildTaxonomies collects the terms of every taxonomy in one language.
// pages must be newest first.
func buildTaxonomies(lg *Lang, pages []*Page, cfg *config.Config, l *diag.List) {
	for _, name := range cfg.Taxonomies {
		folder := config.KnownTaxonomies[name]
		tax := &Taxonomy{Name: name, Folder: folder, Lang: lg.Code, URL: lg.Prefix + "/" + folder + "/"}
		bySlug := map[string]*Term{}
		first := map[string]*Page{} // where each term's display spelling comes from
		// Display names come from the first page by content path, so they
		// do not change when a newer notice is added.
		byPath := append([]*Page(nil), pages...)
		sort.Slice(byPath, func(i, j int) bool { return byPath[i].File.Path < byPath[j].File.Path })
		for _, p := range byPath {
			values, fields := termValues(p, name)
			for i, v := range values {
				slug := termSlug(v)
				t := bySlug[slug]
				if t == nil {
					t = &Term{Taxonomy: tax, Name: strings.TrimSpace(v), Slug: slug, URL: tax.URL + slug + "/"}
					bySlug[slug] = t
					first[slug] = p
				} else if strings.TrimSpace(v) != t.Name {
					l.Add(p.File.At(fields[i]).Warnf("%s %q is written %q in %s; they are one term: use one spelling", name, v, t.Name, first[slug].File.SourcePath()))
				}
				if p.Terms == nil {
					p.Terms = map[string][]*Term{}
				}
				if !containsTerm(p.Terms[name], t) {
					p.Terms[name] = append(p.Terms[name], t)
				}
			}
		}
		for _, p := range pages { // newest first
			for _, t := range p.Terms[name] {
				t.Pages = append(t.Pages, p)
			}
		}
		for _, t := range bySlug {
			tax.Terms = append(tax.Terms, t)
			t.Pagers = Paginate(t.URL, t.Pages, cfg.Paginate)
		}
		sort.Slice(tax.Terms, func(i, j int) bool {
			a, b := tax.Terms[i], tax.Terms[j]
			if len(a.Pages) != len(b.Pages) {
				return len(a.Pages) > len(b.Pages)
			}
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			return a.Slug < b.Slug
		})
		lg.Taxonomies = append(lg.Taxonomies, tax)
	}
}

func containsTerm(ts []*Term, t *Term) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// buildArchive groups a language's notices and policies by year of
// publication, archived ones included. pages must be newest first.
func buildArchive(lg *Lang, pages []*Page, cfg *config.Config) {
	lg.ArchiveURL = lg.Prefix + "/archive/"
	byYear := map[int]*Year{}
	for _, p := range pages {
		if p.Kind == config.KindPage {
			continue
		}
		y := p.Front.Date.In(cfg.Location).Year()
		yr := byYear[y]
		if yr == nil {
			yr = &Year{Year: y, URL: fmt.Sprintf("%s%d/", lg.ArchiveURL, y)}
			byYear[y] = yr
			lg.Years = append(lg.Years, yr)
		}
		yr.Pages = append(yr.Pages, p)
	}
	sort.Slice(lg.Years, func(i, j int) bool { return lg.Years[i].Year > lg.Years[j].Year })
	for _, yr := range lg.Years {
		yr.Pagers = Paginate(yr.URL, yr.Pages, cfg.Paginate)
	}
}

// Weights of a shared term when ranking related pages: a shared tag says
// most about the topic, a shared issuer least.
var relatedWeight = map[string]int{"tags": 3, "category": 2, "department": 1}

// relatedWindow bounds how many pages of one term are scored for each page:
// the ones nearest in date. It keeps the cost at pages × terms × window
// even when one department issues thousands of notices.
const relatedWindow = 64

// RelatedMax is how many related pages a page lists.
const RelatedMax = 5

// linkRelated fills Page.Related for the pages of one language through an
// inverted index of terms: up to RelatedMax pages sharing the most weighted
// terms, newest first on ties, never the page itself or its translations.
func linkRelated(lg *Lang) {
	index := map[*Term][]*Page{} // newest first, like t.Pages
	for _, tax := range lg.Taxonomies {
		for _, t := range tax.Terms {
			index[t] = t.Pages
		}
	}
	position := map[*Term]map[*Page]int{}
	for t, ps := range index {
		m := make(map[*Page]int, len(ps))
		for i, p := range ps {
			m[p] = i
		}
		position[t] = m
	}
	scores := map[*Page]int{}
	for _, p := range lg.Pages {
		if p.Kind == config.KindPage {
			continue
		}
		clear(scores)
		for taxName, terms := range p.Terms {
			w := relatedWeight[taxName]
			for _, t := range terms {
				ps := index[t]
				i := position[t][p]
				lo, hi := max(0, i-relatedWindow/2), min(len(ps), i+relatedWindow/2+1)
				for _, q := range ps[lo:hi] {
					scores[q] += w
				}
			}
		}
		delete(scores, p)
		for _, tr := range p.Translations {
			delete(scores, tr)
		}
		cands := make([]*Page, 0, len(scores))
		for q := range scores {
			cands = append(cands, q)
		}
		sort.Slice(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if scores[a] != scores[b] {
				return scores[a] > scores[b]
			}
			if !a.Front.Date.Equal(b.Front.Date) {
				return a.Front.Date.After(b.Front.Date)
			}
			return a.File.Path < b.File.Path
		})
		if len(cands) > RelatedMax {
			cands = cands[:RelatedMax]
		}
		p.Related = cands
	}
}

// HumanSize formats a byte count for people: "900 B", "128 KB", "1.2 MB".
func HumanSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	units := []string{"KB", "MB", "GB", "TB"}
	v := float64(n) / unit
	i := 0
	for v >= unit && i < len(units)-1 {
		v /= unit
		i++
	}
	if v < 10 {
		s := fmt.Sprintf("%.1f", v)
		return strings.TrimSuffix(s, ".0") + " " + units[i]
	}
	return fmt.Sprintf("%.0f %s", v, units[i])
}
