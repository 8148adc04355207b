package render

import (
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/site"
)

// TestItemMemo: a listed page's entry is rendered once per language in a
// render and reused on every list, whether the page is one of the site's
// (found by its number) or not (found in the fallback map); Once keeps
// one rendering per language.
func TestItemMemo(t *testing.T) {
	th, err := LoadTheme(fstest.MapFS{
		"base.html":          {Data: []byte(`{{template "main" .}}`)},
		"page.html":          {Data: []byte(`{{define "main"}}{{end}}`)},
		"partials/item.html": {Data: []byte(`{{define "it"}}<li>{{.Item.Title}}</li>{{end}}{{define "foot"}}<p>{{.Lang.Code}} {{.Page.Title}}</p>{{end}}{{define "both"}}x{{end}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	listed, other, stray := &site.Page{Title: "甲"}, &site.Page{Title: "戊"}, &site.Page{Title: "丙"}
	zh, en := &site.Lang{Code: "zh-CN"}, &site.Lang{Code: "en"}
	d := &Data{theme: th, memo: newMemo([]*site.Page{other, listed}), Lang: zh, Page: &site.Page{Title: "页"}}
	items := func() string {
		t.Helper()
		h, err := d.Items("it", []*site.Page{listed, stray, other, listed})
		if err != nil {
			t.Fatal(err)
		}
		foot, err := d.Once("foot")
		if err != nil {
			t.Fatal(err)
		}
		return string(h) + "|" + string(foot)
	}
	const first = "<li>甲</li>\n<li>丙</li>\n<li>戊</li>\n<li>甲</li>|<p>zh-CN 页</p>"
	if got := items(); got != first {
		t.Fatalf("first render:\n%s\nwant\n%s", got, first)
	}
	listed.Title, stray.Title, d.Page.Title = "乙", "丁", "另一页"
	if got := items(); got != first {
		t.Errorf("after the titles changed, the same render gave\n%s\nwant the kept\n%s", got, first)
	}
	d.Lang = en
	if got, want := items(), "<li>乙</li>\n<li>丁</li>\n<li>戊</li>\n<li>乙</li>|<p>en 另一页</p>"; got != want {
		t.Errorf("another language:\n%s\nwant\n%s", got, want)
	}
	// A partial first rendered by Once, then listed: kept by page all the same.
	if _, err := d.Once("both"); err != nil {
		t.Fatal(err)
	}
	if got, err := d.Items("both", []*site.Page{listed, stray}); err != nil || got != "x\nx" {
		t.Errorf("Once, then Items of the same partial: %q, %v", got, err)
	}
}

func TestMemo(t *testing.T) {
	th, err := LoadTheme(fstest.MapFS{
		"base.html":          {Data: []byte(`{{template "main" .}}`)},
		"page.html":          {Data: []byte(`{{define "main"}}{{end}}`)},
		"partials/part.html": {Data: []byte(`{{define "part"}}<b title="{{.X}}">{{.X}}</b>{{end}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	d := &Data{theme: th, memo: &memo{}}
	type arg struct{ X string }
	for _, tc := range []struct{ x, want string }{
		{`a"<`, `<b title="a&#34;&lt;">a&#34;&lt;</b>`},
		{`a"<`, `<b title="a&#34;&lt;">a&#34;&lt;</b>`},
		{"b", `<b title="b">b</b>`},
	} {
		got, err := d.Memo("part", arg{tc.x})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("Memo(part, %q) = %s, want %s", tc.x, got, tc.want)
		}
	}
	n := 0
	d.memo.byArg.Range(func(any, any) bool { n++; return true })
	if n != 2 {
		t.Errorf("%d renders kept for 2 distinct arguments", n)
	}
	if _, err := d.Memo("part", []string{"a"}); err == nil || !strings.Contains(err.Error(), "cannot be a cache key") {
		t.Errorf("a slice as key: err = %v", err)
	}
	if _, err := d.Memo("part", struct{ M map[string]string }{}); err == nil {
		t.Error("a struct with a map as key: no error")
	}
	// Comparable by type, not by value: this would panic as a map key.
	if _, err := d.Memo("part", struct{ X any }{[]int{1}}); err == nil {
		t.Error("a struct holding a slice in an interface as key: no error")
	}
}
