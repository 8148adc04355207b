package site

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/markdown"
	"bulletin/generator/parallel"
)

// termValues returns a page's values for one taxonomy.
func termValues(p *Page, taxonomy string) []string {
	switch taxonomy {
	case "department":
		return p.Front.Department
	case "tags":
		return p.Front.Tags
	case "category":
		if p.Front.Category != "" {
			return []string{p.Front.Category}
		}
	}
	return nil
}

// termField returns the front-matter field path of value i of a page's n
// values for one taxonomy, for positions in messages.
func termField(p *Page, taxonomy string, i, n int) string {
	if taxonomy == "category" {
		return "category"
	}
	indexed := fmt.Sprintf("%s.%d", taxonomy, i)
	if n == 1 {
		if _, ok := p.File.Pos.Get(indexed); !ok {
			return taxonomy // a single string has no index
		}
	}
	return indexed
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
	// Display names come from the first page by content path, so they do
	// not change when a newer notice is added.
	byPath := append([]*Page(nil), pages...)
	sort.Slice(byPath, func(i, j int) bool { return byPath[i].File.Path < byPath[j].File.Path })
	folds := map[string]string{} // value as written → FoldTerm(value); a site repeats few values many times
	for _, name := range cfg.Taxonomies {
		folder := config.KnownTaxonomies[name]
		tax := &Taxonomy{Name: name, Folder: folder, Lang: lg.Code, URL: lg.Prefix + "/" + folder + "/"}
		byFold := map[string]*Term{}
		slugTaken := map[string]bool{}
		first := map[*Term]*Page{} // where each term's display spelling comes from
		for _, p := range byPath {
			values := termValues(p, name)
			for i, v := range values {
				fold, ok := folds[v]
				if !ok {
					fold = FoldTerm(v)
					folds[v] = fold
				}
				t := byFold[fold]
				if t == nil {
					slug := uniqueSlug(termSlug(v), slugTaken)
					t = &Term{Taxonomy: tax, Name: strings.TrimSpace(v), Slug: slug, URL: tax.URL + slug + "/"}
					t.NameLang = MarkLang(t.Name, lg.Code, cfg.Language)
					byFold[fold] = t
					first[t] = p
				} else if strings.TrimSpace(v) != t.Name {
					l.Add(p.File.At(termField(p, name, i, len(values))).Warnf("%s %q is written %q in %s; they are one term: use one spelling", name, v, t.Name, first[t].File.SourcePath()))
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
		for _, t := range byFold {
			tax.Terms = append(tax.Terms, t)
			t.Pagers = Paginate(t.URL, t.Pages, cfg.Paginate)
			t.InForceURL, t.InForcePagers = paginateInForce(t.URL, t.Pages, cfg.Paginate)
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

// uniqueSlug returns slug, or slug-2, slug-3… when another term already
// has it: "C++" and "C#" are different terms that both slugify to "c".
func uniqueSlug(slug string, taken map[string]bool) string {
	out := slug
	for n := 2; taken[out]; n++ {
		out = fmt.Sprintf("%s-%d", slug, n)
	}
	taken[out] = true
	return out
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
// most about the topic, a shared issuer least. They must be positive:
// linkRelated takes a score of 0 for a page not seen yet.
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
//
// It runs on every rebuild of serve, so it avoids maps in the inner loop:
// pages are numbered, each term lists its pages' numbers, scores go into
// a slice per worker, and only the best RelatedMax candidates are kept
// rather than all of them sorted.
func linkRelated(lg *Lang) {
	num := make(map[*Page]int32, len(lg.Pages))
	for i, p := range lg.Pages {
		num[p] = int32(i)
	}
	type posting struct {
		pages  []int32 // the term's pages by number, newest first like t.Pages
		weight int
	}
	postings := map[*Term]*posting{}
	at := make([]map[*Term]int, len(lg.Pages)) // page → term → its place in the term's list
	for _, tax := range lg.Taxonomies {
		for _, t := range tax.Terms {
			ps := &posting{pages: make([]int32, len(t.Pages)), weight: relatedWeight[tax.Name]}
			for i, p := range t.Pages {
				n := num[p]
				ps.pages[i] = n
				if at[n] == nil {
					at[n] = map[*Term]int{}
				}
				at[n][t] = i
			}
			postings[t] = ps
		}
	}
	scratch := sync.Pool{New: func() any { return &relatedScratch{scores: make([]int, len(lg.Pages))} }}
	parallel.For(len(lg.Pages), func(i int) {
		p := lg.Pages[i]
		p.Related = p.Picked
		if p.Kind == config.KindPage {
			return
		}
		sc := scratch.Get().(*relatedScratch)
		defer scratch.Put(sc)
		for t, pos := range at[i] {
			ps := postings[t]
			lo, hi := max(0, pos-relatedWindow/2), min(len(ps.pages), pos+relatedWindow/2+1)
			for _, q := range ps.pages[lo:hi] {
				if sc.scores[q] == 0 {
					sc.touched = append(sc.touched, q)
				}
				sc.scores[q] += ps.weight
			}
		}
		var best [RelatedMax]relatedCandidate
		n := 0
		for _, q := range sc.touched {
			c := relatedCandidate{q, sc.scores[q]}
			sc.scores[q] = 0
			if q == int32(i) || containsPage(p.Translations, lg.Pages[q]) || containsPage(p.Picked, lg.Pages[q]) {
				continue
			}
			if n == RelatedMax && !c.before(best[n-1]) {
				continue
			}
			j := min(n, RelatedMax-1)
			for ; j > 0 && c.before(best[j-1]); j-- {
				best[j] = best[j-1]
			}
			best[j] = c
			n = min(n+1, RelatedMax)
		}
		sc.touched = sc.touched[:0]
		if n > 0 {
			p.Related = slices.Clip(p.Picked)
			for k := range n {
				p.Related = append(p.Related, lg.Pages[best[k].page])
			}
		}
	})
}

// relatedScratch is one worker's scores, by page number, and the numbers
// it set, so they can be cleared without clearing the whole slice.
type relatedScratch struct {
	scores  []int
	touched []int32
}

// relatedCandidate is a page, by its number in Lang.Pages, and its score.
type relatedCandidate struct {
	page  int32
	score int
}

// before orders candidates best first: the higher score, then the newer
// date, then the content path. Lang.Pages is sorted newest first and by
// content path on equal dates (sortNewestFirst), so the lower page number
// is the newer date or the earlier path.
func (c relatedCandidate) before(d relatedCandidate) bool {
	if c.score != d.score {
		return c.score > d.score
	}
	return c.page < d.page
}

func containsPage(ps []*Page, p *Page) bool {
	for _, x := range ps {
		if x == p {
			return true
		}
	}
	return false
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
