package render

import (
	"html/template"
	"io/fs"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/site"
)

// paths lists the reads under n as text: "Page.Title=value",
// "Pager.Pages[].Summary=value", "PageAt(/about/).URL=value",
// "Date(…)" for a pure call.
func paths(n *node, prefix string, out *[]string) {
	var flags []string
	if n.truth {
		flags = append(flags, "truth")
	}
	if n.value {
		flags = append(flags, "value")
	}
	if n.length {
		flags = append(flags, "len")
	}
	if len(flags) > 0 {
		*out = append(*out, prefix+"="+strings.Join(flags, ","))
	}
	for s, c := range n.kids {
		p := prefix
		if p != "" && s.kind != stepElem {
			p += "."
		}
		switch s.kind {
		case stepName:
			p += s.name
		case stepCall:
			p += s.name + "(" + strings.Trim(s.args, "[]") + ")"
		case stepPure:
			p += s.name + "(…)"
		case stepElem:
			p += "[]"
		}
		if s.kind == stepPure {
			*out = append(*out, p)
		}
		paths(c, p, out)
	}
}

func readsOf(t *testing.T, base string, partials map[string]string) (*node, error) {
	t.Helper()
	root := template.New("").Funcs(funcs)
	for name, src := range partials {
		template.Must(root.New(name).Parse(src))
	}
	template.Must(root.New("base.html").Parse(base))
	return analyze(root, "base.html")
}

// TestReads: what a template reads of its data, found from its parse
// tree.
func TestReads(t *testing.T) {
	item := map[string]string{"item.html": `{{define "item"}}{{with .Item}}<a href="{{.URL}}">{{.Title}}</a><time>{{$.Date .Date}}</time>{{end}}{{end}}`}
	tests := []struct {
		name, base string
		partials   map[string]string
		want       []string
	}{
		{"field", `{{.Page.Title}}`, nil, []string{"Page.Title=value"}},
		{"if reads truth, with changes dot", `{{if .Page.Interprets}}x{{end}}{{with .Page.SupersededBy}}{{.URL}}{{end}}`, nil,
			[]string{"Page.Interprets=truth", "Page.SupersededBy=truth", "Page.SupersededBy.URL=value"}},
		{"range and variables", `{{range $i, $p := .Pager.Pages}}{{if lt $i 20}}{{$p.Title}}{{end}}{{end}}`, nil,
			[]string{"Pager.Pages[].Title=value"}},
		{"constant call", `{{with .PageAt "/about/"}}{{.URL}}{{end}}`, nil, []string{"PageAt(/about/)=truth", "PageAt(/about/).URL=value"}},
		{"pure call reads its arguments", `{{.Date .Page.Date}}`, nil, []string{"Date(…)", "Page.Date=value"}},
		{"len and index", `{{len .Page.Related}}{{(index .Page.Related 0).Title}}`, nil, []string{"Page.Related=len", "Page.Related[].Title=value"}},
		{"partial through Item", `{{range .Pager.Pages}}{{$.Item "item" .}}{{end}}`, item,
			[]string{"Date(…)", "Pager.Pages[]=truth", "Pager.Pages[].Date=value", "Pager.Pages[].Title=value", "Pager.Pages[].URL=value"}},
		{"partials through Items read as through Item", `{{$.Items "item" .Pager.Pages}}`, item,
			[]string{"Date(…)", "Pager.Pages[]=truth", "Pager.Pages[].Date=value", "Pager.Pages[].Title=value", "Pager.Pages[].URL=value"}},
		{"template action passes dot", `{{template "t" .Page}}{{define "t"}}{{.Title}}{{$.URL}}{{end}}`, nil, []string{"Page.Title=value", "Page.URL=value"}},
		{"and passes its arguments on", `{{with and .Page .Page.Section}}{{.Title}}{{end}}`, nil,
			[]string{"Page=truth", "Page.Section=truth", "Page.Section.Title=value", "Page.Title=value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := readsOf(t, tt.base, tt.partials)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			paths(n, "", &got)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tt.want))
			if !slices.Equal(got, want) {
				t.Errorf("reads\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestUntraced: reads that cannot be traced make the kind render every
// time, and say why.
func TestUntraced(t *testing.T) {
	for _, base := range []string{
		`{{(printf "%v" .Page).Title}}`,
		`{{template "t" .Page}}{{define "t"}}{{.Title}}{{template "t" .Parent}}{{end}}`,
		`{{range .Page.Title | printf "%s"}}{{end}}`,
	} {
		if _, err := readsOf(t, base, nil); err == nil {
			t.Errorf("%s: traced, want untraced", base)
		}
	}
}

// TestDefaultThemeTraced: every kind of the default theme is traced, so
// an incremental rebuild renders only what changed.
func TestDefaultThemeTraced(t *testing.T) {
	th, err := LoadTheme(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	kinds, _ := fs.Glob(os.DirFS("../../templates"), "*.html")
	if len(th.reads) != len(kinds)-1 { // base.html is no kind
		t.Errorf("%d kinds analysed, want %d", len(th.reads), len(kinds)-1)
	}
	for kind, why := range th.untraced {
		t.Errorf("%s.html: untraced: %s", kind, why)
	}
	var notice []string
	paths(th.reads["notice"], "", &notice)
	for _, want := range []string{"Page.Title=", "Page.Body=", "Page.Related[].URL=", "Urgent.Lang.Urgent[].Title=", "PageAt(/about/).URL="} {
		if !slices.ContainsFunc(notice, func(p string) bool { return strings.HasPrefix(p, want) }) {
			t.Errorf("notice.html: %s not among its reads", want)
		}
	}
}

// TestPureMethodsClassified: every method of *Data a template can call
// with arguments is either listed as pure, analysed (partials, Entry) or
// called again with its constant arguments when fingerprinting; a new
// method must be placed.
func TestPureMethodsClassified(t *testing.T) {
	other := map[string]string{
		"Item": "analysed", "Items": "analysed", "Once": "analysed", "Memo": "analysed", "Entry": "analysed",
		"PageAt":    "called with constants",
		"InSection": "reads the document's section: renders every time when given a non-constant",
	}
	typ := reflect.TypeFor[*Data]()
	for i := range typ.NumMethod() {
		name := typ.Method(i).Name
		if pureMethods[typ][name] == (other[name] != "") {
			t.Errorf("(*Data).%s: list it in pureMethods (its result depends only on its arguments and the document's language) or in this test", name)
		}
	}
}

// TestFingerprintFollowsReads: a document's fingerprint changes with
// what its template reads (here the page's title and its related pages'
// URLs) and not with what it does not (the summary, a related page's
// title), and it names the pages whose text it read: bodies (here the
// summary) and titles apart.
func TestFingerprintFollowsReads(t *testing.T) {
	th, err := LoadTheme(fstest.MapFS{
		"base.html":   {Data: []byte(`{{.Page.Title}}{{range .Page.Related}}<a href="{{.URL}}">{{.Summary}}</a>{{end}}`)},
		"notice.html": {Data: []byte(`{{define "unused"}}{{end}}`)},
	})
	if err != nil {
		t.Fatal(err)
	}
	other := &site.Page{URL: "/notices/b/", Title: "乙", Summary: "乙的摘要"}
	p := &site.Page{URL: "/notices/a/", Title: "甲", Summary: "甲的摘要", Related: []*site.Page{other}}
	print := func() docPrint {
		pr := &printer{th: th}
		return pr.fingerprint(&job{data: &Data{Kind: "notice", URL: p.URL, Lang: &site.Lang{Code: "zh-CN"}, Page: p}})
	}
	base := print()
	if base.always || base.texts.many != [groups]bool{} {
		t.Fatalf("a traced template renders every time: %+v", base)
	}
	for g, want := range [groups][]string{
		bodyGroup:  {"/notices/a/", "/notices/b/"}, // its own, and its related page's summary
		titleGroup: {"/notices/a/"},                // its own; the related page's title is not shown
	} {
		var read []string
		for _, b := range base.texts.pages[g] {
			read = append(read, b.URL)
		}
		if slices.Sort(read); !slices.Equal(read, want) {
			t.Errorf("text of group %d read of pages %v; want %v", g, read, want)
		}
	}
	for _, tc := range []struct {
		name    string
		edit    func()
		changes bool
	}{
		{"title", func() { p.Title = "甲（修订）" }, true},
		{"summary, not read", func() { p.Summary = "新摘要" }, false},
		{"related title, not read", func() { other.Title = "乙（修订）" }, false},
		{"related summary", func() { other.Summary = "乙的新摘要" }, true},
		{"related URL", func() { other.URL = "/notices/b2/" }, true},
	} {
		before := print().sum
		tc.edit()
		if changed := print().sum != before; changed != tc.changes {
			t.Errorf("%s: fingerprint changed %v, want %v", tc.name, changed, tc.changes)
		}
	}
}
