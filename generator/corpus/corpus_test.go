package corpus_test

import (
	"bytes"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
)

// TestCorpusBuildsStrict is the promise the benchmarks rely on: a generated
// site builds with the real theme under --strict without one diagnostic,
// and every content file becomes a page.
func TestCorpusBuildsStrict(t *testing.T) {
	opt := corpus.Options{Notices: 300, Seed: 7, EnglishShare: 0.2, Policies: 24}
	res := build.Run(build.Options{
		Site:   corpus.Generate(opt),
		Theme:  os.DirFS("../../templates"),
		Dest:   filepath.Join(t.TempDir(), "public"),
		Now:    corpus.Now,
		Strict: true,
	})
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d)
	}
	if res.Failed {
		t.Fatal("the build failed")
	}
	if want := opt.Files() - 1; res.Pages != want {
		t.Errorf("built %d pages, want one per content file: %d", res.Pages, want)
	}
}

func TestSameSeedSameFiles(t *testing.T) {
	opt := corpus.Options{Notices: 200, Seed: 3, EnglishShare: 0.2, Policies: 12}
	a, b := corpus.Generate(opt), corpus.Generate(opt)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, f := range a {
		g, ok := b[name]
		if !ok || !bytes.Equal(f.Data, g.Data) {
			t.Fatalf("%s differs between two runs with the same seed", name)
		}
	}
	opt.Seed++
	c := corpus.Generate(opt)
	same := 0
	for name, f := range a {
		if g, ok := c[name]; ok && bytes.Equal(f.Data, g.Data) {
			same++
		}
	}
	if same > 3 { // config.yaml, about.md, accessibility.md
		t.Errorf("%d files are the same with another seed", same)
	}
}

func TestFileCounts(t *testing.T) {
	for _, opt := range []corpus.Options{
		{Notices: 0},
		{Notices: 1, EnglishShare: 1},
		{Notices: 10, Policies: 3},
		{Notices: 333, Seed: 5, EnglishShare: 0.2, Policies: 17},
		{Notices: 1000, Seed: 1, EnglishShare: 0.5, Policies: 50},
	} {
		site := corpus.Generate(opt)
		translations := int(float64(opt.Notices)*opt.EnglishShare + 0.5)
		want := 3 + opt.Notices + translations + opt.Policies + opt.Policies/4 // config, about, accessibility
		if len(site) != want || opt.Files() != want {
			t.Errorf("%+v: %d files, Files() = %d, want %d", opt, len(site), opt.Files(), want)
		}
		count := func(dir, suffix, contains string) int {
			n := 0
			for name, f := range site {
				if path.Dir(name) == dir && strings.HasSuffix(name, suffix) && bytes.Contains(f.Data, []byte(contains)) {
					n++
				}
			}
			return n
		}
		if got := count("content/notices", ".en.md", "\nlang: en\n"); got != translations {
			t.Errorf("%+v: %d translations, want %d", opt, got, translations)
		}
		if got := count("content/notices", ".md", ""); got != opt.Notices+translations {
			t.Errorf("%+v: %d files in notices/, want %d", opt, got, opt.Notices+translations)
		}
		if got := count("content/policies", ".md", "\ninterprets: "); got != opt.Policies/4 {
			t.Errorf("%+v: %d interpretations, want %d", opt, got, opt.Policies/4)
		}
	}
}

var mdLink = regexp.MustCompile(`\]\(([^)]+\.md)\)`)

// TestShape checks what makes the corpus realistic enough to measure
// with: body lengths, structure, links and the lifecycle mix.
func TestShape(t *testing.T) {
	opt := corpus.Options{Notices: 2000, Seed: 1, EnglishShare: 0.2, Policies: 100}
	site := corpus.Generate(opt)
	fields := map[string]int{}
	titles := map[string]string{} // language and title → file
	var tables, lists int
	for name, f := range site {
		if !strings.HasPrefix(name, "content/") {
			continue
		}
		front, body := split(t, name, f.Data)
		for _, line := range strings.Split(front, "\n") {
			if key, _, ok := strings.Cut(line, ":"); ok && !strings.HasPrefix(key, " ") {
				fields[key]++
			}
			if title, ok := strings.CutPrefix(line, "title: "); ok {
				english := strings.HasSuffix(name, ".en.md")
				if other, dup := titles[fmt.Sprint(english, title)]; dup {
					t.Errorf("%s and %s have the same title %s", other, name, title)
				}
				titles[fmt.Sprint(english, title)] = name
			}
		}
		if strings.Contains(body, "\n| --- |") {
			tables++
		}
		if strings.Contains(body, "\n- ") || strings.Contains(body, "\n1. ") {
			lists++
		}
		if !strings.Contains(body, "\n## ") {
			t.Errorf("%s: no ## heading", name)
		}
		for _, m := range mdLink.FindAllStringSubmatch(body, -1) {
			target := path.Join(path.Dir(name), m[1])
			if _, ok := site[target]; !ok {
				t.Errorf("%s links to %s, which is not in the corpus", name, target)
			}
		}
		isNotice := path.Dir(name) == "content/notices" && !strings.HasSuffix(name, ".en.md")
		if isNotice {
			if n := utf8.RuneCountInString(body); n < corpus.MinBodyChars || n > corpus.MaxBodyChars {
				t.Errorf("%s: body of %d characters, want %d to %d", name, n, corpus.MinBodyChars, corpus.MaxBodyChars)
			}
			if !mdLink.MatchString(body) {
				t.Errorf("%s: no link to another notice", name)
			}
		}
	}
	n := float64(opt.Notices)
	between := func(what string, got int, lo, hi float64) {
		if float64(got) < lo || float64(got) > hi {
			t.Errorf("%d %s, want %.0f to %.0f", got, what, lo, hi)
		}
	}
	between("withdrawn notices and translations", fields["withdrawn"], 0.01*n, 0.06*n)
	between("superseding documents", fields["supersedes"], 0.01*n, 0.04*n)
	between("notices with expiry dates", fields["expires"], 0.15*n, 0.4*n)
	between("pinned notices", fields["pinned"], 2, 2)
	between("urgent notices", fields["urgent"], 1, 1)
	between("interpretations", fields["interprets"], float64(opt.Policies/4), float64(opt.Policies/4))
	between("documents with tables", tables, 0.15*n, 0.5*n)
	between("documents with lists", lists, 0.3*n, 0.9*n)
	docs := opt.Files() - 3 // all but config.yaml, about.md and accessibility.md
	for key, want := range map[string]int{"title": docs + 2, "date": docs + 2, "department": docs, "category": docs, "tags": docs, "index_no": docs} {
		if fields[key] != want {
			t.Errorf("%d files have %s, want %d", fields[key], key, want)
		}
	}
}

func split(t *testing.T, name string, data []byte) (front, body string) {
	t.Helper()
	s, ok := strings.CutPrefix(string(data), "---\n")
	if !ok {
		t.Fatalf("%s: no front matter", name)
	}
	front, body, ok = strings.Cut(s, "\n---\n")
	if !ok {
		t.Fatalf("%s: front matter not closed", name)
	}
	return front, body
}

func TestWriteDir(t *testing.T) {
	opt := corpus.Options{Notices: 20, Seed: 2, EnglishShare: 0.2, Policies: 4}
	dir := filepath.Join(t.TempDir(), "site")
	if err := corpus.WriteDir(dir, opt); err != nil {
		t.Fatal(err)
	}
	want := corpus.Generate(opt)
	disk := os.DirFS(dir)
	for name, f := range want {
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, f.Data) {
			t.Errorf("%s on disk differs from Generate (err %v)", name, err)
		}
	}
	if err := fstest.TestFS(disk, "config.yaml", "content/notices/00001-"+firstSlug(want)+".md"); err != nil {
		t.Error(err)
	}
	if err := corpus.WriteDir(dir, opt); err == nil {
		t.Error("WriteDir into a non-empty folder succeeded; it must refuse")
	}
}

func firstSlug(site fstest.MapFS) string {
	for name := range site {
		if rest, ok := strings.CutPrefix(name, "content/notices/00001-"); ok && !strings.HasSuffix(rest, ".en.md") {
			return strings.TrimSuffix(rest, ".md")
		}
	}
	return ""
}
