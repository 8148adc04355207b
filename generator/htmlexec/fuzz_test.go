package htmlexec

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

// FuzzTemplates builds templates from a small grammar, steered by the
// fuzzer's bytes (fields, methods, functions, builtins, variables,
// if/with/range/else, template calls, in text, attribute, URL and title
// contexts), and holds a Set's output and error to html/template's for
// each. Templates html/template will not parse or escape are skipped.
func FuzzTemplates(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x02", "abcdefgh", "\x05\x10\x20\x30\x40\x50", "zzzzzzzzzzzzzzzz", "\x03\x03\x03\x07\x07\x07\x09"} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, choices []byte) {
		g := &grammar{in: choices}
		src := g.template(0)
		ref, err := template.New("t").Funcs(funcs).Parse(src)
		if err != nil {
			return
		}
		data := sample() // one value: printed pointers must match
		var want bytes.Buffer
		wantErr := ref.Execute(&want, data)
		if wantErr != nil && strings.Contains(wantErr.Error(), "html/template") {
			return // escaping refused the template: nothing to compare
		}
		for _, direct := range [][]Direct{nil, directs} {
			set := New(template.Must(template.New("t").Funcs(funcs).Parse(src)), funcs, direct...)
			for run := 0; run < 2; run++ {
				var got bytes.Buffer
				err := set.Execute(&got, "t", data)
				if fmt.Sprint(err) != fmt.Sprint(wantErr) || got.String() != want.String() {
					t.Fatalf("template %q, run %d:\n got %q, %v\nwant %q, %v", src, run, got.String(), err, want.String(), wantErr)
				}
			}
		}
	})
}

// grammar turns bytes into template source.
type grammar struct {
	in []byte
	i  int
}

func (g *grammar) pick(n int) int {
	if g.i >= len(g.in) {
		return 0
	}
	g.i++
	return int(g.in[g.i-1]) % n
}

// more reports whether choices are left; loops stop when they run out.
func (g *grammar) more() bool { return g.i < len(g.in) }

func (g *grammar) template(depth int) string {
	var b strings.Builder
	b.WriteString(`{{define "sub"}}<i>{{.}}</i>{{end}}`)
	for n := g.pick(4) + 1; n > 0; n-- {
		b.WriteString(g.item(depth))
	}
	return b.String()
}

func (g *grammar) item(depth int) string {
	if depth > 2 {
		return g.action()
	}
	switch g.pick(10) {
	case 0:
		return "<p>text & more</p>"
	case 1:
		return fmt.Sprintf(`<a href="%s" title="%s">x</a>`, g.action(), g.action())
	case 2:
		return "<title>" + g.action() + "</title>"
	case 3:
		return fmt.Sprintf("{{if %s}}%s{{else}}%s{{end}}", g.pipeline(), g.item(depth+1), g.item(depth+1))
	case 4:
		return fmt.Sprintf("{{with %s}}%s{{else}}%s{{end}}", g.pipeline(), g.item(depth+1), g.item(depth+1))
	case 5:
		return fmt.Sprintf("{{range $i, $v := %s}}{{$i}}:%s{{else}}none{{end}}", g.operand(), g.item(depth+1))
	case 6:
		return fmt.Sprintf(`{{template "sub" %s}}`, g.operand())
	case 7:
		return fmt.Sprintf("{{$x := %s}}%s{{$x}}", g.pipeline(), g.item(depth+1))
	default:
		return g.action()
	}
}

func (g *grammar) action() string { return "{{" + g.pipeline() + "}}" }

func (g *grammar) pipeline() string {
	p := g.command()
	for g.more() && g.pick(4) == 0 {
		p += " | " + []string{"print", "len", "not", `printf "%v"`, ".Upper", "add 1", `pair "p"`}[g.pick(7)]
	}
	return p
}

func (g *grammar) command() string {
	switch g.pick(12) {
	case 0:
		return `.T "key"`
	case 1:
		return `.T "n" ` + g.operand()
	case 2:
		return ".Upper " + g.operand()
	case 3:
		return "add " + g.operand() + " " + g.operand()
	case 4:
		return "len " + g.operand()
	case 5:
		return "index .Tags " + g.operand()
	case 6:
		return []string{"eq", "ne", "lt", "le", "gt", "ge"}[g.pick(6)] + " " + g.operand() + " " + g.operand()
	case 7:
		return []string{"and", "or"}[g.pick(2)] + " " + g.operand() + " " + g.operand()
	case 8:
		return "print " + g.operand() + " " + g.operand()
	case 9:
		return "(" + g.command() + ")"
	default:
		return g.operand()
	}
}

func (g *grammar) operand() string {
	return []string{".Title", ".Body", ".Link", ".Count", ".Small", ".Ratio", ".OK", ".Tags", ".Items", ".Empty",
		".Nothing", ".Lead", ".Lead.Name", ".Meta", ".Meta.k", ".Any", ".When", ".State", ".Err", ".Promoted",
		"$", "$.Count", ".", `"str"`, "1", "0", "-1", "2.5", "true", "nil", "(.Pick 0)", "(.Pick 9)", ".Fails \"bad\""}[g.pick(33)]
}
