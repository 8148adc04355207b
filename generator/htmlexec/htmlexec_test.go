package htmlexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The tests run every template twice through a Set (the first run is
// html/template's and compiles it, the second takes the fast path) and
// compare both with html/template's own output and error.

type doc struct {
	Title   string
	Body    template.HTML
	Link    template.URL
	Count   int
	Small   uint8
	Ratio   float64
	OK      bool
	Tags    []string
	Items   []*item
	Empty   []*item
	Nothing *item
	Lead    *item
	Meta    map[string]string
	Any     any
	When    time.Time
	State   lifecycle
	Err     error
	hidden  string
	Nested  struct{ Inner struct{ Name string } }
	embedded
}

type embedded struct{ Promoted string }

type item struct {
	Name string
	URL  string
	Rank int
}

type lifecycle int

func (s lifecycle) String() string { return [...]string{"in-force", "expired"}[s] }

func (d *doc) T(key string, args ...any) string {
	if len(args) > 0 {
		return fmt.Sprintf("%s(%v)", key, args)
	}
	return "«" + key + "»"
}

func (d doc) Upper(s string) string { return strings.ToUpper(s) }

func (d *doc) Fails(s string) (string, error) {
	if s == "bad" {
		return "", errors.New("bad input")
	}
	return s + "!", nil
}

func (d *doc) Panics() string { panic("boom") }

func (d *doc) Pick(i int) *item {
	if i < len(d.Items) {
		return d.Items[i]
	}
	return nil
}

func (i *item) Label(prefix string) string { return prefix + i.Name }

var funcs = template.FuncMap{
	"add":  func(a, b int) int { return a + b },
	"join": strings.Join,
	"pair": func(a string, b ...string) string { return a + "|" + strings.Join(b, ",") },
}

func sample() *doc {
	return &doc{
		Title: `Spring <Festival> & "friends" 'x' +1`,
		Body:  template.HTML(`<p>kept <b>bold</b></p>`),
		Link:  template.URL("javascript:ok()"),
		Count: 3, Small: 7, Ratio: 1.5, OK: true,
		Tags:  []string{"防疫", "春节", "a&b"},
		Items: []*item{{"一", "/notices/a b/", 2}, {"two", "javascript:alert(1)", 1}, {"三", "/x?q=1&r=%zz", 3}},
		Lead:  &item{"lead", "https://example.org/路径?a=b#c", 9},
		Meta:  map[string]string{"k": "v<", "e": ""},
		Any:   "any <string>",
		When:  time.Date(2021, 2, 1, 9, 30, 0, 0, time.UTC),
		State: 1,
		Err:   nil, hidden: "h",
		embedded: embedded{Promoted: "promo<"},
	}
}

var cases = []struct {
	name, src string
	slow      bool // expected to stay on html/template
}{
	{"text", `<p>{{.Title}}</p>`, false},
	{"html passes", `<div>{{.Body}}</div>`, false},
	{"attr", `<a title="{{.Title}}" href="{{.Lead.URL}}">{{.Lead.Name}}</a>`, false},
	{"unquoted attr", `<a title={{.Title}}>x</a>`, true},
	{"url filter", `{{range .Items}}<a href="{{.URL}}">{{.Name}}</a>{{end}}`, false},
	{"url typed", `<a href="{{.Link}}">l</a>`, false},
	{"url query part", `<a href="/search?q={{.Title}}&t={{index .Tags 0}}">s</a>`, false},
	{"rcdata", `<title>{{.Title}} {{.Body}}</title>`, false},
	{"derived", `{{define "t"}}{{.Title}}{{end}}<title>{{template "t" .}}</title><p>{{template "t" .}}</p><meta content="{{template "t" .}}">`, false},
	{"html in attr bails", `<p title="{{.Body}}">x</p>`, true},
	{"if else chain", `{{if .Nothing}}a{{else if .Empty}}b{{else if .Tags}}c{{.Count}}{{else}}d{{end}}`, false},
	{"with", `{{with .Lead}}{{.Name}}{{.Rank}}{{end}}{{with .Nothing}}x{{else}}none{{end}}`, false},
	{"range vars", `{{range $i, $t := .Tags}}{{if $i}}, {{end}}{{$i}}={{$t}}{{end}}`, false},
	{"range one var", `{{range $t := .Items}}{{$t.Name}}/{{.Rank}};{{end}}`, false},
	{"range else", `{{range .Empty}}x{{else}}empty{{end}}{{range .Nothing}}y{{else}}nil{{end}}`, true},
	{"range nil slice", `{{range .Empty}}x{{else}}empty{{end}}`, false},
	{"range map bails", `{{range $k, $v := .Meta}}{{$k}}={{$v}};{{end}}`, true},
	{"variables", `{{$x := .Title}}{{$y := 1}}{{if .OK}}{{$x = "changed"}}{{$y}}{{end}}{{$x}}`, false},
	{"dollar", `{{range .Items}}{{$.Count}}{{.Name}}{{end}}`, false},
	{"methods", `{{.T "key"}} {{.T "n" 3 "x"}} {{.Upper "abc"}} {{(.Pick 1).Name}} {{.Lead.Label "→"}}`, false},
	{"method error", `{{.Fails "ok"}} {{.Fails "bad"}}`, false},
	{"method panic", `a{{.Panics}}`, false},
	{"funcs", `{{add 1 .Count}} {{join .Tags "/"}} {{pair "a"}} {{pair "a" "b" "c"}} {{.Title | pair "x"}}`, false},
	{"pipeline final", `{{"abc" | .Upper}} {{.Count | add 2}}`, false},
	{"builtins", `{{and .OK .Count}} {{or .Nothing .Title}} {{not .OK}} {{len .Tags}} {{index .Tags 1}} {{print "a" 1 .OK .Nothing}}`, false},
	{"comparisons", `{{eq .Count 3}} {{eq .Title "x" "y"}} {{ne .Count 2}} {{lt .Count 4}} {{le .Count 3}} {{gt .Count 3}} {{ge .Small 7}} {{lt .Ratio 2.0}} {{eq .Small .Count}}`, false},
	{"compare mixed kinds", `{{eq .Count "3"}}`, false},
	{"and short circuit", `{{if and .Nothing .Nothing.Name}}x{{else}}y{{end}}`, false},
	{"map", `{{.Meta.k}}[{{.Meta.missing}}][{{.Meta.e}}]`, false},
	{"any", `{{.Any}} {{with .Any}}{{.}}{{end}}`, false},
	{"stringer", `<p class="s-{{.State}}">{{.State}}</p>`, false},
	{"time", `{{.When}} {{.When.Year}} {{.When.Format "2006-01-02"}}`, false},
	{"nested struct", `{{.Nested.Inner.Name}}|{{.Promoted}}`, false},
	{"nil pointer field", `{{.Nothing.Name}}`, false},
	{"unexported", `{{.hidden}}`, false},
	{"no such field", `{{.Missing}}`, false},
	{"template call", `{{define "item"}}<li>{{.Name}}</li>{{end}}<ul>{{range .Items}}{{template "item" .}}{{end}}</ul>{{template "item"}}`, false},
	{"chain", `{{(index .Items 0).Name}} {{(.Pick 0).Label "x"}}`, false},
	{"parenthesised", `{{len (print .Title "x")}} {{(add 1 2)}}`, false},
	{"numbers", `{{add 1 2}} {{print 1.5 0x10 'a' 1e3}}`, false},
	{"bool args", `{{print true false}} {{if true}}t{{end}}`, false},
	{"printf stays slow", `{{printf "%d" .Count}}`, true},
	{"nil arg", `{{print nil}}`, false},
	{"comment", `a{{/* note */}}b`, false},
	{"index out of range", `{{index .Tags 9}}`, false},
	{"len of nil", `{{len .Nothing}}`, false},
	{"error field", `{{.Err}}`, false},
	{"js context bails", `<script>var x = {{.Title}};</script>`, true},
	{"css context bails", `<style>p { color: {{.Title}} }</style>`, true},
	{"trim", "{{- .Title -}}  \n  {{.Count}}", false},
}

func TestMatchesHTMLTemplate(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ref := template.Must(template.New("ref").Funcs(funcs).Parse(tc.src))
			var want bytes.Buffer
			wantErr := ref.ExecuteTemplate(&want, "ref", sample())

			for _, direct := range [][]Direct{nil, directs} {
				matches(t, tc.src, tc.slow, direct, want.String(), wantErr)
			}
		})
	}
}

// directs covers every method and function type of the tests but one
// (pair's), so the cases run both through reflection and directly.
var directs = []Direct{
	Fn2V[*doc, string, any, string](),
	Fn2[*doc, string, string](),
	Fn2E[*doc, string, string](),
	Fn1[*doc, string](),
	Fn2[*doc, int, *item](),
	Fn2[*item, string, string](),
	Fn2[int, int, int](),
	Fn2[[]string, string, string](),
	Fn2[time.Time, string, string](),
	Fn1[*time.Time, int](),
}

// matches runs src three times through a Set with the given Directs and
// compares each run with html/template's output and error.
func matches(t *testing.T, src string, slow bool, direct []Direct, want string, wantErr error) {
	t.Helper()
	set := New(template.Must(template.New("ref").Funcs(funcs).Parse(src)), funcs, direct...)
	for run := 1; run <= 3; run++ {
		var got bytes.Buffer
		got.WriteString("kept:")
		err := set.Execute(&got, "ref", sample())
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("run %d: error %v, html/template says %v", run, err, wantErr)
		}
		if got.String() != "kept:"+want {
			t.Fatalf("run %d (%d directs):\n got %q\nwant %q", run, len(direct), got.String(), "kept:"+want)
		}
	}
	st := set.Stats()
	if wantErr == nil && !slow && st.Fast != 2 {
		t.Errorf("runs %+v; want the 2 after the first on the fast path", st)
	}
	if slow && st.Fast != 0 {
		t.Errorf("runs %+v; this template should stay on html/template", st)
	}
	if st.First+st.Fast+st.Bailed+st.Unsupported != 3 {
		t.Errorf("runs %+v do not add up to 3", st)
	}
}

// TestDirectIsCalled checks that a Direct replaces reflection for its type.
func TestDirectIsCalled(t *testing.T) {
	calls := 0
	count := Call(func(f func(*doc, string, ...any) string, a []reflect.Value) (reflect.Value, error) {
		calls++
		return reflect.ValueOf(f(a[0].Interface().(*doc), a[1].String())), nil
	})
	set := New(template.Must(template.New("t").Parse(`{{.T "a"}}{{.T "b"}}`)), nil, count)
	for range 2 {
		var b bytes.Buffer
		if err := set.Execute(&b, "t", sample()); err != nil || b.String() != "«a»«b»" {
			t.Fatalf("got %q, %v", b.String(), err)
		}
	}
	if calls != 2 {
		t.Errorf("the Direct ran %d times; want 2 (the second run's calls)", calls)
	}
}

// contexts puts one value in every context the fast path escapes for.
const contexts = `<p>{{.}}</p><title>{{.}}</title><a href="{{.}}" title="{{.}}">x</a>` +
	`<a href="/q?x={{.}}">y</a><meta content="{{.}}">`

// FuzzEscapers holds the escapers to html/template's for any string, plain
// and typed as HTML and URL.
func FuzzEscapers(f *testing.F) {
	for _, s := range []string{"", "a<b>&\"'+", "\x00", "\xff\xfe", "javascript:x()", "HTTP://x/%41%zz",
		"mailto:a@b", "/路径/?a=b&c=d#e", "<b>x</b>", "&amp;", "\uFFFD", " \t\n"} {
		f.Add(s)
	}
	ref := template.Must(template.New("c").Parse(contexts))
	set := New(template.Must(template.New("c").Parse(contexts)), nil)
	f.Fuzz(func(t *testing.T, s string) {
		for _, v := range []any{s, template.HTML(s), template.URL(s), &s} {
			var want, got bytes.Buffer
			wantErr := ref.Execute(&want, v)
			for range 2 {
				got.Reset()
				err := set.Execute(&got, "c", v)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || got.String() != want.String() {
					t.Fatalf("%T %q:\n got %q, %v\nwant %q, %v", v, s, got.String(), err, want.String(), wantErr)
				}
			}
		}
	})
}
