package render

import (
	"bytes"
	"html/template"
	"os"
	"strings"
	"testing"
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
		src    string
		folded bool // no action left reads .L
	}{
		{`<p>{{.L.a}}</p>`, true},
		{`<p>{{$.L.a}}</p>`, true},
		{`<p title="{{.L.a}}">x</p>`, true},
		{`<title>{{.L.a}} – {{.L.b}}</title>`, true},
		{`<p>  {{- .L.b -}}  </p>`, true},
		{`<p>[{{.L.empty}}]</p>`, true},
		{`{{if .L.b}}<p>{{.L.a}}</p>{{else}}<p>{{$.L.b}}</p>{{end}}`, false}, // the condition stays
		{`{{range $i, $x := .Pages}}{{.L.a}}{{else}}<p>{{.L.a}}</p>{{end}}`, true},
		{`{{with .Page}}<p>{{$.L.a}}</p>{{else}}<p>{{.L.b}}</p>{{end}}`, true},
		{`<p>{{.L.missing}}</p>`, false},
		{`<p>{{.L.a | printf "%s!"}}</p>`, false},
		{`<p>{{print .L.a}}</p>`, false},
		{`<p>{{with .L.a}}{{.}}{{end}}</p>`, false},
		{`{{$x := .L.a}}<p>{{$x}}</p>`, false},
		{`<p>{{.L}}</p>`, false},
		{`<p>{{.Page.L.a}}</p>`, false},
	}
	for _, tt := range tests {
		base := template.Must(template.New("t").Parse(tt.src))
		folded, err := foldSet(base, texts)
		if err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		tree := folded.Lookup("t").Tree.Root.String()
		if got := !strings.Contains(tree, ".L"); got != tt.folded {
			t.Errorf("%s: folded to %s; want every .L folded: %v", tt.src, tree, tt.folded)
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
// rendered with the default theme's UI strings folded, is byte for byte
// what the theme renders without folding.
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
	th, err := LoadTheme(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	plain, err := th.foldSets(nil)
	if err != nil {
		t.Fatal(err)
	}
	folded, unfolded := newMemo(s.Pages), newMemo(s.Pages)
	langs := map[string]int{}
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
		d.sets, d.memo = plain, unfolded
		if err := th.execute(&want, d); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Fatalf("%s (%s) differs when UI strings are folded:\n%s", d.URL, d.Kind, firstDiff(got.String(), want.String()))
		}
		langs[d.Lang.Code]++
	}
	if len(langs) < 2 {
		t.Errorf("documents in %v; want two languages", langs)
	}
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
