package strictyaml

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// compareWithYAML parses src with parseFast and, if it accepts, with
// yaml.Unmarshal, and fails t unless both trees are identical. It reports
// whether parseFast accepted src.
func compareWithYAML(t *testing.T, name string, src []byte) bool {
	t.Helper()
	var got yaml.Node
	if !parseFast(src, &got) {
		return false
	}
	var want yaml.Node
	if err := yaml.Unmarshal(src, &want); err != nil {
		t.Errorf("%s: parseFast accepted YAML that yaml.v3 rejects (%v):\n%s", name, err, src)
		return true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: parseFast and yaml.v3 disagree on\n%s\nparseFast:\n%syaml.v3:\n%s", name, src, dumpNode(&got), dumpNode(&want))
	}
	return true
}

// dumpNode prints a tree one node a line, every field DeepEqual compares.
func dumpNode(n *yaml.Node) string {
	var b strings.Builder
	var walk func(n *yaml.Node, indent string)
	walk = func(n *yaml.Node, indent string) {
		fmt.Fprintf(&b, "%skind=%d style=%d tag=%q value=%q anchor=%q at %d:%d head=%q line=%q foot=%q alias=%v content=%v\n",
			indent, n.Kind, n.Style, n.Tag, n.Value, n.Anchor, n.Line, n.Column, n.HeadComment, n.LineComment, n.FootComment, n.Alias != nil, n.Content != nil)
		for _, c := range n.Content {
			walk(c, indent+"  ")
		}
	}
	walk(n, "")
	return b.String()
}

// TestFastParseMatchesYAML holds parseFast to yaml.v3 on all the front
// matter there is: the real site, the golden fixtures and a generated
// corpus. It also checks the fast path is taken, so that it cannot quietly
// stop being used.
func TestFastParseMatchesYAML(t *testing.T) {
	for _, set := range []struct {
		name      string
		files     []frontMatter
		minShare  float64 // of files parseFast must accept
		wantFiles int     // at least
	}{
		{"content", contentFrontMatter(t), 0.9, 20},
		{"fixtures", fixtureFrontMatter(t), 0.8, 100}, // some are broken on purpose
		{"corpus", corpusFrontMatter(t), 1, corpusOptions.Files() - 1},
	} {
		t.Run(set.name, func(t *testing.T) {
			accepted := 0
			var refused []string
			for _, fm := range set.files {
				if compareWithYAML(t, fm.name, fm.yaml) {
					accepted++
				} else {
					refused = append(refused, fm.name)
				}
			}
			share := float64(accepted) / float64(len(set.files))
			t.Logf("parseFast accepted %d of %d files (%.0f%%); refused: %q", accepted, len(set.files), 100*share, refused)
			if len(set.files) < set.wantFiles {
				t.Errorf("only %d files, want at least %d", len(set.files), set.wantFiles)
			}
			if share < set.minShare {
				t.Errorf("parseFast accepted %.0f%% of the files, want at least %.0f%%; refused: %q", 100*share, 100*set.minShare, refused)
			}
		})
	}
}

// fastParseCases are inputs at the edges of the subset. fast says whether
// parseFast must accept the input (and then agree with yaml.v3) or must
// leave it to yaml.v3.
var fastParseCases = []struct {
	src  string
	fast bool
}{
	// Scalars and their tags.
	{"title: 关于春节期间的通知\n", true},
	{"title: 2021年1月\n", true},                               // a digit first, yet a string
	{"n: 001\nm: 0x1F\no: 0o17\nb: 0b101\nu: 1_000\n", true}, // ints, yaml.v3 style
	{"n: -5\nf: 1.5\ne: 1e3\ni: .inf\nnan: .NaN\nneg: -.inf\n", true},
	{"big: 99999999999999999999\n", true},                // too big for an int: a float
	{"a: yes\nb: no\nc: on\nd: off\ne: y\nf: n\n", true}, // YAML 1.1 booleans are strings in yaml.v3
	{"a: true\nb: False\nc: TRUE\n", true},
	{"a: null\nb: ~\nc: Null\nd:\n", true},
	{"date: 2021-01-20\n", true},
	{"date: 2021-01-20T09:00:00+08:00\n", true},
	{"date: 2021-01-20 09:00:00\n", true},
	{"date: 2021-1-2\n", true},
	{"date: 2021-02-30\n", true}, // not a date: a string
	{"phone: 0531-12340215\n", true},
	{"index: 113701000045123456/2021-00006\n", true},
	{"v: +\nw: -x\nx: .\ny: ..5\n", true},
	// Colons and hashes.
	{"url: http://example.com/a#b\n", true},
	{"time: 09:30\n", true},
	{"title: 会议时间：上午九点\n", true}, // a full-width colon is text
	{"a: b: c\n", false},         // an error yaml.v3 must report
	{"a: b:\n", false},
	{"a: x # note\n", true},
	{"a: x#y\n", true},
	{"a: \"x # y\" # z\n", true},
	{"a: 'x: y'\n", true},
	{"a: \"x: y\"\n", true},
	{"a: \"x\"#y\n", false},
	{"a: # only a comment\nb: 1\n", true},
	{"a: x   \nb: y  # c  \n", true}, // trailing spaces
	// Quoted scalars.
	{"a: 'it''s'\nb: ''\nc: \"\"\n", true},
	{"a: \"say \\\"hi\\\"\\n\\t\\\\ \\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\e\\ \\/\"\n", false}, // \/ is not a YAML escape
	{"a: \"say \\\"hi\\\"\\n\\t\\\\ \\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\e\\ \"\n", true},
	{"a: \"\\ud800\"\n", false},
	{"a: \"open\nb: 1\n", false},
	{"a: 'two\n  lines'\n", false},
	{"a: \"  spaced  \"\n", true},
	{"a: \"001\"\nb: 'true'\n", true}, // quoted: always !!str
	// Empty values and nesting.
	{"a:\nb:\n", true},
	{"a:   \nb: 1\n", true},
	{"withdrawn:\n  date: 2021-01-18\n  reason: 内容有误\n", true},
	{"a:\n  b:\n    c: 1\n  d: 2\ne: 3\n", true},
	{"a:\n  b: 1\n   c: 2\n", false},
	{"a:\n  b: 1\n c: 2\n", false},
	// Sequences.
	{"tags:\n  - 春节\n  - 疫情防控\n", true},
	{"tags:\n- a\n- b\nnext: 1\n", true}, // indentless
	{"tags:\n    - a\n    - b\n", true},
	{"attachments:\n  - file: a.pdf\n    title: x\n  - title: y\n    file: b.pdf\n", true},
	{"changes:\n  - date: 2021-02-07\n    note: 更正\n", true},
	{"a:\n  - k:\n    - x\n  - y\n", true},
	{"a:\n  - k:\n      j: 1\n", true},
	{"a:\n  -\n  - b\n", false},
	{"a:\n  - - b\n", false},
	{"a:\n  - b\n  c: 1\n", false},
	{"a:\n  - b\n    c\n", false}, // a multi-line plain scalar
	{"a: x\n  y\n", false},
	{"a: x\n\n  y\n", false},
	// Flow collections.
	{"tags: [春节, 疫情防控, \"60周岁以上老年人\", 'x']\n", true},
	{"tags: []\nm: {}\n", true},
	{"tags: [ a ,  b  ]\n", true},
	{"tags: [a b, c]\n", true},
	{"tags: [a, b,]\n", false},
	{"tags: [a, [b]]\n", false},
	{"tags: [a:b]\n", false},
	{"tags: [a\n  , b]\n", false},
	{"tags: [a, b] # c\n", true},
	{"tags: [a, b] x\n", false},
	{"tags: [-1]\n", false},
	{"attachments:\n  - {title: 留岗补贴标准表, file: subsidy-table.xlsx}\n", true},
	{"withdrawn: {date: 2021-01-14, reason: 与上级最新要求不一致，予以撤回。}\n", true},
	{"m: {a: \"x, y\", b: 'z'}\n", true},
	{"m: {a}\n", false},
	{"m: {a: }\n", false},
	{"m: {\"a\": b}\n", false},
	// Comments.
	{"# head\ntitle: x\n", true},
	{"\n# head\n# more\ntitle: x\n", true},
	{"# doc\n\ntitle: x\n", false},
	{"a: 1\n# head of b\nb: 2\n", true},
	{"a:\n  - x\n# head of b\nb: 2\n", true},
	{"a: 1\n# foot\n", false},
	{"a: 1\n# foot\n\nb: 2\n", false},
	{"a:\n  # indented\n  b: 1\n", false},
	{"a:\n  - x # c\n  - k: v # d\n    j: w\n", true},
	{"a: [x] # c\nb: {p: q} # d\n", true},
	{"a: # c\n  - 1\n", true},
	{"a: # c\n  b: 1\n", true},
	{"a: # c\n# head of b\nb: 1\n", true},
	{"a:\n  - k: v\n# head of b  \n#\nb: 1\n", true},
	{"a:\n  - k: # c\n      j: 1\n", true},
	{"a:\n# c\n  b: 1\n", false},
	{"a:\n- x\n# c\n- y\n", false},
	{"a: 😀 x\nb: [😀, 春节, x]\nc: {d: 😀, e: f}\n", true}, // columns count characters, not bytes
	{"a: \u00a0x\u3000\n", true},                       // only ' ' is a space to YAML
	// Documents.
	{"", true},
	{"\n\n  \n", true},
	{"# only a comment\n", false},
	{"---\na: 1\n", false},
	{"a: 1\n...\n", false},
	{"a: 1\n---\nb: 2\n", false},
	{"%YAML 1.2\n---\na: 1\n", false},
	{"- a\n- b\n", false},
	{"just text\n", false},
	{"  a: 1\n", false},
	// Keys.
	{"1: a\ntrue: b\nnull: c\n2021-01-01: d\n", true},
	{"标题: x\n", true},
	{"a b: 1\n", false},
	{"\"a\": 1\n", false},
	{"? a\n: 1\n", false},
	{"a: 1\na: 2\n", true},                       // yaml.v3 keeps both in the tree; Decode reports the duplicate
	{strings.Repeat("k", 1100) + ": 1\n", false}, // over yaml.v3's limit for implicit keys (found by fuzzing)
	{"<<: {a: 1}\n", false},
	{"a: <<\n", false},
	// Everything else is left to yaml.v3.
	{"a: &x 1\nb: *x\n", false},
	{"a: !!str 1\n", false},
	{"a: |\n  text\n", false},
	{"a: >\n  text\n", false},
	{"a:\tb\n", false},
	{"\ta: 1\n", false},
	{"a: 1\r\nb: 2\r\n", false},
	{"\ufeffa: 1\n", false},
	{"a: x\u2028y\n", false},
	{"a: \x01\n", false},
	{"a: \xff\n", false},
	{"a: @x\n", false},
	{"a: `x`\n", false},
	{"a: %x\n", false},
	{"a: -\n", false},
	{"a: - x\n", false},
}

// randomDocuments returns n documents, deterministic for a seed, stitched
// from lines in and around the subset: keys, scalars of every tag, flows,
// comments, mostly at indents that nest properly and sometimes not. Many
// are refused; the rest put parseFast's handling of nesting, comments and
// positions to yaml.v3 in combinations no one would write by hand.
func randomDocuments(seed uint64, n int) []string {
	r := rand.New(rand.NewPCG(seed, 1))
	pick := func(xs []string) string { return xs[r.IntN(len(xs))] }
	keys := []string{"a", "b", "title", "1", "true", "null", "标题", "x.y", "a/b", "k-1"}
	values := []string{
		"x", "1", "-1", "0x1F", ".5", "+1", "true", "yes", "null", "~", "2021-01-20", "2021-01-20T09:00:00+08:00",
		"春节", "a b", "http://x", "x#y", "a:b", "-x", "--- x", "a ? b", "a, b", "😀 x",
		`"q"`, `'s'`, `'it''s'`, `"a\\nb"`, `"a # b"`,
		"[a, b]", "[]", "{}", `{a: 1, b: "2"}`, `["x", 'y', 3]`, "[ a ]", "{ k: v }",
	}
	comments := []string{"", "", "", " # c", " #", "  # c  "}
	docs := make([]string, n)
	for i := range docs {
		var b strings.Builder
		levels := []int{0} // indents of the open blocks
		opened := false    // the last line ended with "key:"
		for line := range 1 + r.IntN(10) {
			switch x := r.IntN(10); {
			case opened && x < 8:
				levels = append(levels, levels[len(levels)-1]+1+r.IntN(4))
			case x < 2 && len(levels) > 1:
				levels = levels[:1+r.IntN(len(levels)-1)]
			case x == 9:
				levels = append(levels, r.IntN(7))
			}
			indent := strings.Repeat(" ", levels[len(levels)-1])
			opened = false
			switch r.IntN(9) {
			case 0, 1, 2:
				b.WriteString(indent + pick(keys) + ": " + pick(values) + pick(comments))
			case 3:
				b.WriteString(indent + pick(keys) + ":" + pick(comments))
				opened = true
			case 4:
				b.WriteString(indent + "- " + pick(values) + pick(comments))
			case 5:
				b.WriteString(indent + "- " + pick(keys) + ": " + pick(values) + pick(comments))
			case 6:
				b.WriteString(indent + "- " + pick(keys) + ":" + pick(comments))
				opened = true
			case 7:
				fmt.Fprintf(&b, "%s# comment %d", indent[:r.IntN(len(indent)+1)], line)
			case 8:
				b.WriteString(indent)
			}
			b.WriteByte('\n')
		}
		docs[i] = b.String()
	}
	return docs
}

func TestFastParseRandomDocuments(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	accepted := 0
	for _, src := range randomDocuments(1, n) {
		if compareWithYAML(t, "random document", []byte(src)) {
			accepted++
		}
		if t.Failed() {
			break
		}
	}
	t.Logf("parseFast accepted %d of %d random documents", accepted, n)
	if accepted < n/50 {
		t.Errorf("parseFast accepted only %d of %d random documents: the test no longer tests much", accepted, n)
	}
}

func TestFastParseTricky(t *testing.T) {
	for _, tt := range fastParseCases {
		accepted := compareWithYAML(t, fmt.Sprintf("%q", tt.src), []byte(tt.src))
		if accepted != tt.fast {
			t.Errorf("parseFast(%q) accepted = %v, want %v", tt.src, accepted, tt.fast)
		}
	}
}

// FuzzFastParse holds parseFast to yaml.v3 on any input it accepts.
//
//	go test ./generator/strictyaml -run '^$' -fuzz FuzzFastParse -fuzztime 120s
func FuzzFastParse(f *testing.F) {
	for _, tt := range fastParseCases {
		f.Add([]byte(tt.src))
	}
	for _, fm := range contentFrontMatter(f) {
		f.Add(fm.yaml)
	}
	for _, fm := range fixtureFrontMatter(f) {
		f.Add(fm.yaml)
	}
	for _, src := range randomDocuments(2, 200) {
		f.Add([]byte(src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		compareWithYAML(t, "input", src)
	})
}

// BenchmarkParseFrontMatter compares parseFast with yaml.Unmarshal on the
// corpus front matter, one file per op.
func BenchmarkParseFrontMatter(b *testing.B) {
	files := corpusFrontMatter(b)
	b.Run("parser=fast", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var doc yaml.Node
			if !parseFast(files[i%len(files)].yaml, &doc) {
				b.Fatal("refused")
			}
		}
	})
	b.Run("parser=yaml.v3", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			var doc yaml.Node
			if err := yaml.Unmarshal(files[i%len(files)].yaml, &doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
