package render

import (
	"strings"
	"testing"
	"testing/fstest"
)

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
