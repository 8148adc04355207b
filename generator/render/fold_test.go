package render

import (
	"bytes"
	"html/template"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/corpus"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// TestFoldUIStrings: an action that prints one UI string alone becomes
// text, and prints what html/template printed for it, in HTML text, a
// quoted attribute and <title>, with characters every one of them
// escapes; any other use of .L stays an action.
func TestFoldUIStrings(t *testing.T) {
	texts := map[string]string{"a": `Tom & "Jerry" <b>'s</b> 1+1`, "b": "通知公告", "empty": ""}
	type dot struct {
		L     map[string]string
		Page  *dot
		Pages []*dot
	}
	tests := []struct {
		src  string
		left int // uses of .L left in the folded template
	}{
		{`<p>{{.L.a}}</p>`, 0},
		{`<p>{{$.L.a}}</p>`, 0},
		{`<p title="{{.L.a}}">x</p>`, 0},
		{`<title>{{.L.a}} – {{.L.b}}</title>`, 0},
		{`<p>  {{- .L.b -}}  </p>`, 0},
		{`<p>[{{.L.empty}}]</p>`, 0},
		{`{{if .L.b}}<p>{{.L.a}}</p>{{else}}<p>{{$.L.b}}</p>{{end}}`, 1}, // the condition stays
		{`{{range $i, $x := .Pages}}{{.L.a}}{{else}}<p>{{.L.a}}</p>{{end}}`, 0},
		{`{{with .Page}}<p>{{$.L.a}}</p>{{else}}<p>{{.L.b}}</p>{{end}}`, 0},
		{`<p>{{.L.missing}}</p>`, 1},
		{`<p>{{.L.a | printf "%s!"}}</p>`, 1},
		{`<p>{{print .L.a}}</p>`, 1},
		{`<p>{{with .L.a}}{{.}}{{end}}</p>`, 1},
		{`{{$x := .L.a}}<p>{{$x}}</p>`, 1},
		{`<p>{{.L}}</p>`, 1},
		{`<p>{{.Page.L.a}}</p>`, 1},
	}
	for _, tt := range tests {
		base := template.Must(template.New("t").Parse(tt.src))
		folded, err := foldSet(base, texts)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		tree := folded.Lookup("t").Tree.Root.String()
		if got := strings.Count(tree, ".L"); got != tt.left {
			t.Errorf("%s: folded to %s, with %d uses of .L left; want %d", tt.src, tree, got, tt.left)
		}
		plain, err := base.Clone()
		if err != nil {
			t.Fatal(err)
		}
		data := &dot{L: texts, Page: &dot{L: texts}, Pages: []*dot{{L: texts}, {L: texts}}}
		var want, got bytes.Buffer
		if err := plain.Execute(&want, data); err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		if err := folded.Execute(&got, data); err != nil {
			t.Fatalf("%s folded: %v", tt.src, err)
		}
		if got.String() != want.String() {
			t.Errorf("%s: folded prints\n%s\nwant\n%s", tt.src, got.String(), want.String())
		}
	}
	// The escaping is html/template's, not a copy of it.
	if got := escapeText(texts["a"]); got != `Tom &amp; &#34;Jerry&#34; &lt;b&gt;&#39;s&lt;/b&gt; 1&#43;1` {
		t.Errorf("escapeText gives %s", got)
	}
}

// TestFoldScriptNeedsPrint: in a script a UI string printed alone is the
// theme's text like the script around it; {{print .L.key}} keeps
// html/template's escaping for JavaScript.
func TestFoldScriptNeedsPrint(t *testing.T) {
	base := template.Must(template.New("t").Parse(`<script>var a = "{{.L.a}}", b = "{{print .L.a}}";</script>`))
	folded, err := foldSet(base, map[string]string{"a": `x"y`})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := folded.Execute(&b, map[string]any{"L": map[string]string{"a": `x"y`}}); err != nil {
		t.Fatal(err)
	}
	if want := `<script>var a = "x&#34;y", b = "x\u0022y";</script>`; b.String() != want {
		t.Errorf("got %s\nwant %s", b.String(), want)
	}
}

// TestFoldedThemeRendersAlike: every document of a two-language site,
// rendered with the language's one set of templates (UI strings folded,
// each kind's templates under its prefix), is byte for byte what the
// theme renders as it is, with the kind's file parsed over the partials.
func TestFoldedThemeRendersAlike(t *testing.T) {
	src := corpus.Generate(corpus.Options{Notices: 120, Seed: 3, EnglishShare: 0.3, Policies: 6})
	cfg, err := config.Parse(src["config.yaml"].Data)
	if err != nil {
		t.Fatal(err)
	}
	tree, l := content.Read(src, cfg)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	now, _ := time.ParseInLocation("2006-01-02", corpus.Now, cfg.Location)
	s, l := site.Build(cfg, tree, markdown.New(markdown.Options{}), site.Options{Now: now})
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS("../../templates")
	th, err := LoadTheme(fsys)
	if err != nil {
		t.Fatal(err)
	}
	assertRendersAlike(t, fsys, th, s, 2)
}

// assertRendersAlike renders every document of s with th as a build
// does, and again as the theme did before it had sets per language: the
// kind's file in fsys parsed into a clone of the partials, no UI string
// folded. It fails on the first document that differs. langs is how many
// languages there must be.
func assertRendersAlike(t *testing.T, fsys fs.FS, th *Theme, s *site.Site, langs int) {
	t.Helper()
	plain, err := th.foldSets(nil)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]*template.Template{}
	folded, unfolded := newMemo(s.Pages), newMemo(s.Pages)
	seen := map[string]int{}
	for _, j := range plan(s, th) {
		if j.alias != nil {
			continue
		}
		d := j.data
		d.theme = th
		d.derive(false)
		var want, got bytes.Buffer
		d.memo = folded
		if err := th.execute(&got, d); err != nil {
			t.Fatal(err)
		}
		if d.sets == plain {
			t.Fatal("rendered without folding")
		}
		if kinds[d.Kind] == nil {
			if kinds[d.Kind], err = th.partials.Clone(); err != nil {
				t.Fatal(err)
			}
			if err := parseFile(kinds[d.Kind], fsys, d.Kind+".html"); err != nil {
				t.Fatal(err)
			}
		}
		d.sets, d.memo = plain, unfolded // for the partials it renders alone
		if err := kinds[d.Kind].ExecuteTemplate(&want, "base.html", d); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%s (%s) differs:\n%s", d.URL, d.Kind, firstDiff(got.String(), want.String()))
		}
		seen[d.Lang.Code]++
	}
	if len(seen) != langs {
		t.Errorf("documents in %v; want %d languages", seen, langs)
	}
}

// TestKindOverridesPartial: a kind's file that redefines a partial
// changes that kind's pages wherever base.html reaches the partial,
// through any chain of partials, and no other kind's; an empty definition
// replaces nothing.
func TestKindOverridesPartial(t *testing.T) {
	own := fstest.MapFS{
		"notice.html": {Data: []byte(`{{define "main"}}<p>notice</p>{{end}}{{define "meta-note"}}notice{{end}}{{define "meta-empty"}}{{end}}`)},
		"partials/zz.html": {Data: []byte(`{{define "head-meta"}}<meta name="note" content="{{template "via-1" .}} {{template "meta-empty" .}}">{{end}}` +
			`{{define "via-1"}}{{template "via-2" .}}{{end}}{{define "via-2"}}{{template "via-3" .}}{{end}}{{define "via-3"}}{{template "meta-note" .}}{{end}}` +
			`{{define "meta-note"}}{{.L.home}}{{end}}{{define "meta-empty"}}kept{{end}}`)},
	}
	fsys := Overlay(own, os.DirFS("../../templates"))
	th, err := LoadTheme(fsys)
	if err != nil {
		t.Fatal(err)
	}
	s := testGraph(t, "title: 示例\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\nlanguage: zh-CN\n", map[string]string{
		"notices/a.md": "---\ntitle: 春节通知\ndate: 2021-01-20\n---\n正文。\n",
		"about.md":     "---\ntitle: 关于\ndate: 2021-01-20\n---\n正文。\n",
	})
	pages := map[string]string{}
	for _, j := range plan(s, th) {
		if j.alias != nil {
			continue
		}
		d := j.data
		d.theme, d.memo = th, newMemo(s.Pages)
		d.derive(false)
		var b bytes.Buffer
		if err := th.execute(&b, d); err != nil {
			t.Fatal(err)
		}
		pages[d.Kind] = b.String()
	}
	for kind, want := range map[string]string{"notice": `<meta name="note" content="notice kept">`, "page": `<meta name="note" content="首页 kept">`} {
		if !strings.Contains(pages[kind], want) {
			t.Errorf("the %s page has no %s:\n%.600s", kind, want, pages[kind])
		}
	}
	if !strings.Contains(pages["notice"], "<p>notice</p>") {
		t.Errorf("the notice page does not show its own main:\n%s", pages["notice"])
	}
	assertRendersAlike(t, fsys, th, s, 1)
}

// firstDiff shows where a and b first differ.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-80, 0)
	return "got:  …" + a[from:min(i+80, len(a))] + "\nwant: …" + b[from:min(i+80, len(b))]
}
