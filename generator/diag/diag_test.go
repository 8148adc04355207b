package diag

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestDiagnosticError(t *testing.T) {
	tests := []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{File: "content/a.md", Line: 4, Col: 1, Err: errors.New("boom")}, "content/a.md:4:1: boom"},
		{Diagnostic{File: "content/a.md", Line: 4, Err: errors.New("boom")}, "content/a.md:4: boom"},
		{Diagnostic{File: "content/a.md", Err: errors.New("boom")}, "content/a.md: boom"},
		{Diagnostic{File: "content/a.md", Col: 3, Err: errors.New("boom")}, "content/a.md: boom"},
		{Diagnostic{Err: errors.New("boom")}, "boom"},
		{Diagnostic{File: "config.yaml", Line: 2, Col: 5, Severity: Warning, Err: errors.New("odd")}, "config.yaml:2:5: warning: odd"},
		{Diagnostic{File: "content/a.md", Line: 5, Col: 10, Severity: Note, Err: errors.New("expires soon")}, "content/a.md:5:10: note: expires soon"},
	}
	for _, tt := range tests {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestDiagnosticUnwrap(t *testing.T) {
	base := errors.New("base")
	d := Pos{File: "f", Line: 1}.Errorf("wrapped: %w", base)
	if !errors.Is(d, base) {
		t.Errorf("errors.Is(%v, base) = false; the %%w chain must survive", d)
	}
}

func TestListSortsAndDedupes(t *testing.T) {
	var l List
	l.Add(
		Pos{File: "content/b.md", Line: 2, Col: 1}.Errorf("b2"),
		Pos{File: "content/a.md", Line: 10, Col: 1}.Errorf("a10"),
		Pos{File: "content/a.md", Line: 9, Col: 7}.Errorf("a9c7"),
		Pos{File: "content/a.md", Line: 9, Col: 2}.Errorf("a9c2"),
		nil,
		Pos{File: "content/a.md", Line: 10, Col: 1}.Errorf("a10"), // exact duplicate
		Pos{File: "content/a.md", Line: 10, Col: 1}.Errorf("a10 other"),
		Pos{File: "config.yaml", Line: 3, Col: 1}.Warnf("w"),
		errors.New("no position"),
	)
	var got []string
	for _, d := range l.Items() {
		got = append(got, d.Error())
	}
	want := []string{
		"no position",
		"config.yaml:3:1: warning: w",
		"content/a.md:9:2: a9c2",
		"content/a.md:9:7: a9c7",
		"content/a.md:10:1: a10",
		"content/a.md:10:1: a10 other",
		"content/b.md:2:1: b2",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("Items() =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if errs, warns := l.Count(); errs != 6 || warns != 1 {
		t.Errorf("Count() = %d, %d; want 6, 1", errs, warns)
	}
	if l.Error() != strings.Join(want, "\n") {
		t.Errorf("Error() = %q", l.Error())
	}
}

func TestListFlattensNestedLists(t *testing.T) {
	var inner List
	inner.Add(Pos{File: "b", Line: 1}.Errorf("inner"))
	var outer List
	outer.Add(Pos{File: "a", Line: 1}.Errorf("outer"), &inner, fmt.Errorf("wrapped: %w", Pos{File: "c", Line: 2}.Errorf("deep")))
	var got []string
	for _, d := range outer.Items() {
		got = append(got, d.Error())
	}
	want := "a:1: outer\nb:1: inner\nc:2: deep"
	if strings.Join(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

func TestListFailedAndErr(t *testing.T) {
	var empty List
	if empty.Err() != nil || empty.Failed(true) {
		t.Errorf("an empty list must not fail: Err=%v", empty.Err())
	}
	var nilList *List
	if nilList.Err() != nil {
		t.Errorf("a nil *List must give a nil error")
	}
	var warn List
	warn.Add(Pos{File: "a"}.Warnf("w"))
	if warn.Failed(false) {
		t.Errorf("a warning failed a non-strict build")
	}
	if !warn.Failed(true) {
		t.Errorf("a warning did not fail a strict build")
	}
	var note List
	note.Add(Pos{File: "a"}.Notef("n"))
	if note.Failed(true) {
		t.Errorf("a note failed a strict build")
	}
	if errs, warns := note.Count(); errs != 0 || warns != 0 {
		t.Errorf("a note counted as %d errors, %d warnings", errs, warns)
	}
	var bad List
	bad.Add(Pos{File: "a"}.Errorf("e"))
	if !bad.Failed(false) || bad.Err() == nil {
		t.Errorf("an error did not fail the build")
	}
}

func TestWriteTextAnnotations(t *testing.T) {
	items := []*Diagnostic{
		{File: "content/a,b:c.md", Line: 4, Col: 1, Err: errors.New("100% wrong\nsecond line\r")},
		{File: "config.yaml", Line: 2, Severity: Warning, Err: errors.New("careful")},
		{Err: errors.New("no place")},
		{File: "content/n.md", Line: 5, Severity: Note, Err: errors.New("expires 2021-02-28")},
	}
	var plain bytes.Buffer
	WriteText(&plain, items, false)
	wantPlain := "content/a,b:c.md:4:1: 100% wrong\\nsecond line\\r\nconfig.yaml:2: warning: careful\nno place\ncontent/n.md:5: note: expires 2021-02-28\n"
	if plain.String() != wantPlain {
		t.Errorf("WriteText without annotations =\n%q\nwant\n%q", plain.String(), wantPlain)
	}
	var gh bytes.Buffer
	WriteText(&gh, items, true)
	want := []string{
		`content/a,b:c.md:4:1: 100% wrong\nsecond line\r`,
		"::error file=content/a%2Cb%3Ac.md,line=4,col=1::100%25 wrong%0Asecond line%0D",
		"config.yaml:2: warning: careful",
		"::warning file=config.yaml,line=2::careful",
		"no place",
		"::error::no place",
		"content/n.md:5: note: expires 2021-02-28",
		"::notice file=content/n.md,line=5::expires 2021-02-28",
	}
	if got := strings.Split(strings.TrimSuffix(gh.String(), "\n"), "\n"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("WriteText with annotations =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestWriteJSON(t *testing.T) {
	items := []*Diagnostic{
		{File: "content/a.md", Line: 4, Col: 1, Err: errors.New(`unknown field "x"`)},
		{Severity: Warning, Err: errors.New("w")},
		{Severity: Note, Err: errors.New("n")},
	}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, items); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, buf.String())
	}
	want := []map[string]any{
		{"file": "content/a.md", "line": 4.0, "col": 1.0, "severity": "error", "message": `unknown field "x"`},
		{"severity": "warning", "message": "w"},
		{"severity": "note", "message": "n"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("JSON = %v, want %v", got, want)
	}

	buf.Reset()
	if err := WriteJSON(&buf, nil); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(buf.String()) != "[]" {
		t.Errorf("no diagnostics must print an empty array, got %q", buf.String())
	}
}

func TestSuggest(t *testing.T) {
	fields := []string{"title", "date", "department", "category", "tags", "doc_number", "expires", "supersedes", "interprets", "translation_of"}
	tests := []struct{ word, want string }{
		{"departmnet", "department"}, // transposition
		{"departement", "department"},
		{"titel", "title"},
		{"tag", "tags"},
		{"docnumber", "doc_number"},
		{"expire", "expires"},
		{"supercedes", "supersedes"},
		{"translationof", "translation_of"},
		{"colour", ""},    // nothing close
		{"zzzzzzzzz", ""}, // nothing close
	}
	for _, tt := range tests {
		if got := Suggest(tt.word, fields); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.word, got, tt.want)
		}
	}
	if got := Suggest("部门", []string{"部门们", "title"}); got != "部门们" {
		t.Errorf("Suggest over runes = %q, want 部门们", got)
	}
}

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"发文机关", "发文机构", 1}, {"title", "title", 0},
	}
	for _, tt := range tests {
		if got := distance(tt.a, tt.b); got != tt.want {
			t.Errorf("distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestHostileNamesAndMessages: file names and messages come from the site,
// so from whoever wrote it. Printed, they must neither start lines of their
// own in a CI log (forged annotations, add-mask, stop-commands, set-env)
// nor reach the terminal as control sequences; Chinese stays readable, and
// JSON keeps the exact strings.
func TestHostileNamesAndMessages(t *testing.T) {
	tests := []struct {
		name       string
		file, msg  string
		text       string // the plain line
		annotation string
	}{
		{"forged annotation in a file name",
			"content/a.md\n::error file=x::forged", "bad",
			`content/a.md\n::error file=x::forged:3:1: bad`,
			"::error file=content/a.md%0A%3A%3Aerror file=x%3A%3Aforged,line=3,col=1::bad"},
		{"forged commands in a message",
			"content/a.md", "bad\n::add-mask::x\r\n::stop-commands::t\n::set-env name=A::1",
			`content/a.md:3:1: bad\n::add-mask::x\r\n::stop-commands::t\n::set-env name=A::1`,
			"::error file=content/a.md,line=3,col=1::bad%0A::add-mask::x%0D%0A::stop-commands::t%0A::set-env name=A::1"},
		{"escapes that look like escapes",
			"content/100%.md", "literal %0A and %25 stay literal",
			"content/100%.md:3:1: literal %0A and %25 stay literal",
			"::error file=content/100%25.md,line=3,col=1::literal %250A and %2525 stay literal"},
		{"terminal escape sequences",
			"content/\x1b[2Jx.md", "title \x1b]0;pwned\x07 \x1b[31mred\x9b2J",
			`content/\x1b[2Jx.md:3:1: title \x1b]0;pwned\x07 \x1b[31mred\x9b2J`,
			`::error file=content/\x1b[2Jx.md,line=3,col=1::title \x1b]0;pwned\x07 \x1b[31mred\x9b2J`},
		{"C1 controls, DEL and NUL",
			"content/a\u009b.md", "x\u0085y\x7fz\x00",
			`content/a\u009b.md:3:1: x\u0085y\x7fz\x00`,
			`::error file=content/a\u009b.md,line=3,col=1::x\u0085y\x7fz\x00`},
		{"bidi overrides and invisible characters",
			"content/\u202egpj.md", "a\u2066b\u200bc\u2028d\ufeffe\U000e0041",
			`content/\u202egpj.md:3:1: a\u2066b\u200bc\u2028d\ufeffe\U000e0041`,
			`::error file=content/\u202egpj.md,line=3,col=1::a\u2066b\u200bc\u2028d\ufeffe\U000e0041`},
		{"tabs",
			"content/a.md", "a\tb",
			`content/a.md:3:1: a\tb`,
			`::error file=content/a.md,line=3,col=1::a\tb`},
		{"legacy ##[ commands anywhere in a line",
			"content/##[add-mask]a.md", "see ##[error]forged and ###[x]",
			`content/#\x23[add-mask]a.md:3:1: see #\x23[error]forged and ##\x23[x]`,
			// The annotation's line starts with "::", which the runner
			// parses first, but a line with "##[" is refused everywhere.
			`::error file=content/#\x23[add-mask]a.md,line=3,col=1::see #\x23[error]forged and ##\x23[x]`},
		{"a message that starts a line with ::",
			"", " \u3000::error::forged",
			` ` + "\u3000" + `\x3a:error::forged`,
			"::error:: \u3000::error::forged"},
		{"Chinese stays as it is",
			"content/notices/春节.md", "未知字段 \"部门\"：请检查",
			"content/notices/春节.md:3:1: 未知字段 \"部门\"：请检查",
			"::error file=content/notices/春节.md,line=3,col=1::未知字段 \"部门\"：请检查"},
		{"bytes that are not UTF-8",
			"content/\xff\xfe.md", "bad \xe6\x98 byte",
			`content/\xff\xfe.md:3:1: bad \xe6\x98 byte`,
			`::error file=content/\xff\xfe.md,line=3,col=1::bad \xe6\x98 byte`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := &Diagnostic{File: tt.file, Line: 3, Col: 1, Err: errors.New(tt.msg)}
			if tt.file == "" {
				d.Line, d.Col = 0, 0
			}
			var out bytes.Buffer
			WriteText(&out, []*Diagnostic{d}, true)
			want := tt.text + "\n" + tt.annotation + "\n"
			if out.String() != want {
				t.Errorf("WriteText =\n%q\nwant\n%q", out.String(), want)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("one diagnostic printed %d lines, want 2 (line and annotation): %q", len(lines), lines)
			}
			if c := commandIn(lines[0]); c != "" {
				t.Errorf("the plain line is a workflow command (%s): %q", c, lines[0])
			}
			if !strings.HasPrefix(lines[1], "::error ") && !strings.HasPrefix(lines[1], "::error::") {
				t.Errorf("the annotation is not an ::error command: %q", lines[1])
			}
			for _, line := range lines {
				if r := unsafeRune(line); r != "" {
					t.Errorf("%s reaches the terminal: %q", r, line)
				}
			}

			out.Reset()
			if err := WriteJSON(&out, []*Diagnostic{d}); err != nil {
				t.Fatal(err)
			}
			if r := unsafeRune(strings.ReplaceAll(out.String(), "\n", "")); r != "" {
				t.Errorf("JSON: %s reaches the terminal: %q", r, out.String())
			}
			for _, line := range strings.Split(out.String(), "\n") {
				if c := commandIn(line); c != "" {
					t.Errorf("a JSON line is a workflow command (%s): %q", c, line)
				}
			}
			var got []jsonDiagnostic
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, out.String())
			}
			// encoding/json makes bytes that are not UTF-8 into U+FFFD;
			// everything else must survive exactly.
			if valid := utf8.ValidString(tt.file + tt.msg); len(got) != 1 || valid && (got[0].File != tt.file || got[0].Message != tt.msg) {
				t.Errorf("JSON does not keep the strings: %+v", got)
			}
		})
	}
}

// commandIn returns the workflow command the GitHub Actions runner would
// find in a line: "::" first after leading white space, or the legacy
// "##[" anywhere.
func commandIn(line string) string {
	if strings.HasPrefix(strings.TrimLeftFunc(line, unicode.IsSpace), "::") {
		return "::"
	}
	if strings.Contains(line, "##[") {
		return "##["
	}
	return ""
}

// unsafeRune names the first rune of s a terminal would act on or not
// show, or a byte that is not UTF-8.
func unsafeRune(s string) string {
	if !utf8.ValidString(s) {
		return "invalid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) {
			return fmt.Sprintf("%U", r)
		}
	}
	return ""
}
