package search_test

import (
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"unicode"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
	"bulletin/generator/search"

	"golang.org/x/text/unicode/norm"
)

// memory keeps what a build writes.
type memory struct {
	mu sync.Mutex
	fs fstest.MapFS
}

func (m *memory) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.fs[name] = &fstest.MapFile{Data: append([]byte(nil), data...)}
	return nil
}

// TestSubstringRecall checks the promise residents rely on, against an
// oracle that does what text.includes(q) would: any run of one to ten
// Chinese characters that occurs in a page, and any document number,
// finds that page among the results that match every term.
func TestSubstringRecall(t *testing.T) {
	site := corpus.Generate(corpus.Options{Notices: 400, Seed: 11, EnglishShare: 0.2, Policies: 30})
	out := &memory{fs: fstest.MapFS{}}
	res := build.Run(build.Options{Site: site, Theme: os.DirFS("../../templates"), Output: out, Now: corpus.Now, Strict: true})
	if res.Failed {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	x, err := search.Open(out.fs, "search")
	if err != nil {
		t.Fatal(err)
	}
	var lang []search.Doc
	for _, lg := range res.Site.Langs {
		if lg.Default {
			lang = search.Docs(lg.Pages)
		}
	}
	if x.Manifest.Docs != len(lang) || len(lang) < 300 {
		t.Fatalf("the index has %d documents, the language %d", x.Manifest.Docs, len(lang))
	}
	texts := make([]string, len(lang))
	for i, d := range lang {
		texts[i] = fold(d.Title + " " + strings.Join(d.Numbers, " ") + " " + d.Body)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	queries := 0
	check := func(q string) {
		queries++
		hits, err := x.Search(q, search.Filter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		terms := search.QueryTerms(q)
		full := map[string]bool{}
		for _, h := range hits {
			if h.Matched == len(terms) {
				rec, err := x.Record(h.Doc)
				if err != nil {
					t.Fatal(err)
				}
				full[rec[0]] = true
			}
		}
		for i, text := range texts {
			if strings.Contains(text, fold(q)) && !full[lang[i].URL] {
				t.Errorf("%q occurs in %s, which is not among the full matches", q, lang[i].URL)
			}
		}
	}
	for range 400 {
		d := lang[rng.IntN(len(lang))]
		runs := hanRuns(d.Title + "。" + d.Body)
		if len(runs) == 0 {
			continue
		}
		run := runs[rng.IntN(len(runs))]
		n := 1 + rng.IntN(min(10, len(run)))
		start := rng.IntN(len(run) - n + 1)
		check(string(run[start : start+n]))
	}
	numbers := 0
	for _, d := range lang {
		for _, n := range d.Numbers {
			if numbers < 100 {
				numbers++
				check(n)
			}
		}
	}
	if numbers == 0 {
		t.Error("the corpus has no document numbers to look for")
	}
	t.Logf("%d queries, %d of them document or index numbers", queries, numbers)
}

func fold(s string) string { return strings.ToLower(norm.NFKC.String(s)) }

// hanRuns returns the runs of Chinese characters in s.
func hanRuns(s string) [][]rune {
	var out [][]rune
	var cur []rune
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			cur = append(cur, r)
			continue
		}
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}
