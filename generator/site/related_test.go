package site_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/diag"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// buildSite builds the site graph of files (content path → file) without
// rendering. It fails the test on any error and returns the warnings.
func buildSite(t testing.TB, cfgYAML string, files map[string]string) (*site.Site, []string) {
	t.Helper()
	cfg, err := config.Parse([]byte(cfgYAML))
	if err != nil {
		t.Fatal(err)
	}
	paths := make([]string, 0, len(files))
	for p := range files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	tree := &content.Tree{}
	for _, p := range paths {
		f, diags := content.Parse(p, []byte(files[p]), cfg)
		for _, d := range diags {
			t.Errorf("%v", d)
		}
		if f != nil {
			tree.Files = append(tree.Files, f)
		}
	}
	now := time.Date(2022, 1, 1, 0, 0, 0, 0, cfg.Location)
	s, l := site.Build(cfg, tree, markdown.New(markdown.Options{}), site.Options{Now: now})
	var warnings []string
	for _, d := range l.Items() {
		if d.Severity == diag.Warning {
			warnings = append(warnings, d.Error())
			continue
		}
		t.Errorf("%v", d)
	}
	if t.Failed() {
		t.FailNow()
	}
	return s, warnings
}

const relatedConfig = "title: T\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\n" +
	"taxonomies: [department, category, tags]\nlanguages:\n  en: {title: E}\n"

// doc is a notice's front matter; empty fields are left out.
func doc(title, date, dept, category string, tags ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndate: %s\n", title, date)
	if dept != "" {
		fmt.Fprintf(&b, "department: [%s]\n", dept)
	}
	if category != "" {
		fmt.Fprintf(&b, "category: %s\n", category)
	}
	if len(tags) > 0 {
		fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(tags, ", "))
	}
	b.WriteString("---\n")
	return b.String()
}

func pageAt(t *testing.T, s *site.Site, path string) *site.Page {
	t.Helper()
	for _, p := range s.Pages {
		if p.Path() == path {
			return p
		}
	}
	t.Fatalf("no page %s", path)
	return nil
}

func slugs(pages []*site.Page) string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Slug)
	}
	return strings.Join(out, " ")
}

// TestRelatedRanking checks the weights (keyword 3, category 2, issuer 1),
// the cap of 5, newest first on ties, and what is never related.
func TestRelatedRanking(t *testing.T) {
	s, warnings := buildSite(t, relatedConfig, map[string]string{
		"notices/p.md": doc("P", "2021-01-20", "卫健委", "卫生健康", "春节", "疫情防控"),
		// Same terms, but in English: a translation is never related.
		"notices/p.en.md": "---\ntitle: P en\ndate: 2021-01-20\nlang: en\ntranslation_of: notices/p.md\n" +
			"department: 卫健委\ncategory: 卫生健康\ntags: [春节, 疫情防控]\n---\n",
		"notices/a.md": doc("A", "2021-01-05", "教育局", "教育", "春节", "疫情防控"), // 6
		"notices/b.md": doc("B", "2021-01-06", "教育局", "卫生健康", "疫情防控"),     // 5
		"notices/c.md": doc("C", "2021-01-18", "交通局", "交通", "春节"),         // 3
		"notices/d.md": doc("D", "2021-01-10", "交通局", "交通", "疫情防控"),       // 3
		"notices/e.md": doc("E", "2021-01-25", "卫健委", "卫生健康"),             // 3
		"notices/f.md": doc("F", "2021-01-28", "卫健委", "民政"),               // 1, sixth
		"notices/g.md": doc("G", "2021-01-21", "文旅局", "文旅", "灯会"),         // 0
		// An issuer written twice counts once; a keyword spelled in
		// another case is the same keyword. (Counted twice, the issuer
		// would tie E, F and P with J.)
		"notices/h.md": doc("H", "2021-01-02", "卫健委, 卫健委", "防疫", "Covid"),
		"notices/i.md": doc("I", "2021-01-03", "", "", "COVID"),
		"notices/j.md": doc("J", "2021-01-01", "", "防疫"),
	})
	if len(warnings) != 1 || !strings.Contains(warnings[0], `tags "COVID" is written "Covid"`) {
		t.Errorf("warnings = %q, want one about COVID", warnings)
	}
	tests := []struct{ page, want string }{
		{"notices/p.md", "a b e c d"},
		{"notices/f.md", "e p h"},
		{"notices/g.md", ""},
		{"notices/p.en.md", ""},
		{"notices/h.md", "i j f e p"},
	}
	for _, tt := range tests {
		p := pageAt(t, s, tt.page)
		if got := slugs(p.Related); got != tt.want {
			t.Errorf("%s: related = %q, want %q", tt.page, got, tt.want)
		}
	}
}

// TestRelatedMatchesBruteForce compares the inverted index with scoring
// every pair, on a site whose terms are small enough (at most 33 pages)
// that the date window never cuts a list short.
func TestRelatedMatchesBruteForce(t *testing.T) {
	const n = 300
	files := map[string]string{}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		// Deterministic, spread-out terms: 10 issuers of 30 pages, 12
		// categories of 25, 60 keywords of 10 (two per page).
		date := start.Add(time.Duration(i*7919%n) * 24 * time.Hour).Format("2006-01-02")
		if i%17 == 0 { // some equal dates, to exercise the tie on date
			date = "2021-06-01"
		}
		files[fmt.Sprintf("notices/n%03d.md", i)] = doc(fmt.Sprintf("N%d", i), date,
			fmt.Sprintf("局%d", i%10), fmt.Sprintf("类%d", i%12),
			fmt.Sprintf("词%d", i%60), fmt.Sprintf("词%d", (i*7+3)%60))
	}
	s, _ := buildSite(t, relatedConfig, files)
	pages := s.Langs[0].Pages
	weight := map[string]int{"department": 1, "category": 2, "tags": 3}
	score := func(p, q *site.Page) int {
		total := 0
		for tax, w := range weight {
			for _, a := range p.TermsOf(tax) {
				for _, b := range q.TermsOf(tax) {
					if a == b {
						total += w
					}
				}
			}
		}
		return total
	}
	for _, p := range pages {
		var cands []*site.Page
		for _, q := range pages {
			if q != p && score(p, q) > 0 {
				cands = append(cands, q)
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			a, b := cands[i], cands[j]
			if sa, sb := score(p, a), score(p, b); sa != sb {
				return sa > sb
			}
			if !a.Date.Equal(b.Date) {
				return a.Date.After(b.Date)
			}
			return a.Path() < b.Path()
		})
		want := cands[:min(len(cands), site.RelatedMax)]
		if got, w := slugs(p.Related), slugs(want); got != w {
			t.Fatalf("%s: related = %q, want %q", p.Path(), got, w)
		}
	}
}

// TestRelatedLargeDepartment gives one issuer 1,000 notices: every page
// still lists at most 5 related pages, never itself, and a page sharing a
// keyword with it months away is found first, ahead of the hundreds that
// share only the issuer.
func TestRelatedLargeDepartment(t *testing.T) {
	const n = 1000
	files := map[string]string{}
	start := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		date := start.Add(time.Duration(i) * 24 * time.Hour).Format("2006-01-02")
		// Notice i and i+500 share a keyword no other page has.
		files[fmt.Sprintf("notices/n%04d.md", i)] = doc(fmt.Sprintf("N%d", i), date, "示例市人民政府办公室", "", fmt.Sprintf("词%d", i%(n/2)))
	}
	s, _ := buildSite(t, relatedConfig, files)
	pages := s.Langs[0].Pages
	if len(pages) != n {
		t.Fatalf("%d pages, want %d", len(pages), n)
	}
	for _, p := range pages {
		if len(p.Related) != site.RelatedMax {
			t.Fatalf("%s: %d related, want %d", p.Path(), len(p.Related), site.RelatedMax)
		}
		var i int
		fmt.Sscanf(p.Slug, "n%04d", &i)
		partner := fmt.Sprintf("n%04d", (i+n/2)%n)
		if p.Related[0].Slug != partner {
			t.Fatalf("%s: first related is %s, want %s (shares a keyword)", p.Path(), p.Related[0].Slug, partner)
		}
		seen := map[*site.Page]bool{}
		for k, q := range p.Related {
			if q == p {
				t.Fatalf("%s is related to itself", p.Path())
			}
			if seen[q] {
				t.Fatalf("%s lists %s twice", p.Path(), q.Path())
			}
			seen[q] = true
			if k > 1 && q.Date.After(p.Related[k-1].Date) {
				t.Fatalf("%s: related pages of equal score are not newest first: %s", p.Path(), slugs(p.Related))
			}
		}
	}
}
