package site_test

import (
	"testing"
)

// Terms that differ only in case or width are one term (with a warning);
// terms whose slugs happen to collide stay two terms with two URLs.
func TestTermIdentity(t *testing.T) {
	cfg := "title: t\nbase_url: https://example.gov.cn/\nsections:\n  notices: {title: 通知, kind: notice}\n"
	s, warnings := buildSite(t, cfg, map[string]string{
		"notices/a.md": "---\ntitle: A\ndate: 2021-01-01\ntags: [C++, COVID-19]\n---\nx\n",
		"notices/b.md": "---\ntitle: B\ndate: 2021-01-02\ntags: [C#, ｃｏｖｉｄ－１９]\n---\ny\n",
	})
	tags := s.Langs[0].Taxonomy("tags")
	got := map[string]int{}
	for _, term := range tags.Terms {
		got[term.Name+" "+term.URL] = len(term.Pages)
	}
	want := map[string]int{"COVID-19 /tags/covid-19/": 2, "C++ /tags/c/": 1, "C# /tags/c-2/": 1}
	if len(got) != len(want) {
		t.Fatalf("terms = %v, want %v", got, want)
	}
	for k, n := range want {
		if got[k] != n {
			t.Errorf("term %q has %d pages, want %d (all: %v)", k, got[k], n, got)
		}
	}
	if len(warnings) != 1 {
		t.Errorf("warnings = %q, want one about the two spellings of COVID-19", warnings)
	}
}
