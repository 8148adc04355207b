package strictyaml

import (
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

type inner struct {
	Date   time.Time `yaml:"date"`
	Reason string    `yaml:"reason"`
}

type doc struct {
	Title  string         `yaml:"title"`
	Count  int            `yaml:"count"`
	OK     bool           `yaml:"ok"`
	When   time.Time      `yaml:"when"`
	Tags   []string       `yaml:"tags"`
	Items  []inner        `yaml:"items"`
	Ptr    *inner         `yaml:"ptr"`
	Params map[string]any `yaml:"params"`
	ByKey  map[string]*inner
}

func TestDecode(t *testing.T) {
	src := "title: 春节\ncount: 3\nok: true\nwhen: 2021-02-11\ntags: single\nitems:\n  - {date: 2021-01-01, reason: a}\nptr: {reason: b}\nparams: {x: [1, 2]}\nbykey:\n  k: {reason: c}\n"
	var d doc
	pos, diags := Decode([]byte(src), &d, Options{File: "f.md", LineOffset: 1, Location: mustZone(t, "Asia/Shanghai")})
	for _, dd := range diags {
		t.Errorf("unexpected diagnostic: %v", dd)
	}
	if d.Title != "春节" || d.Count != 3 || !d.OK || d.When.Format(time.RFC3339) != "2021-02-11T00:00:00+08:00" {
		t.Errorf("scalars decoded as %+v", d)
	}
	if len(d.Tags) != 1 || d.Tags[0] != "single" {
		t.Errorf("a single string must decode as a one-element list, got %q", d.Tags)
	}
	if len(d.Items) != 1 || d.Items[0].Reason != "a" || d.Ptr == nil || d.Ptr.Reason != "b" || d.ByKey["k"].Reason != "c" {
		t.Errorf("nested values decoded as %+v", d)
	}
	if d.Params["x"] == nil {
		t.Errorf("params lost: %v", d.Params)
	}
	for path, want := range map[string][2]int{"title": {2, 8}, "when": {5, 7}, "items.0.reason": {8, 32}, "ptr.reason": {9, 15}} {
		p, _ := pos.Get(path)
		if p.File != "f.md" || p.Line != want[0] || p.Col != want[1] {
			t.Errorf("pos[%q] = %+v, want f.md:%d:%d", path, p, want[0], want[1])
		}
	}
}

func TestDecodeEmpty(t *testing.T) {
	for _, src := range []string{"", "\n", "# only a comment\n", "~\n"} {
		var d doc
		if _, diags := Decode([]byte(src), &d, Options{}); len(diags) != 0 {
			t.Errorf("Decode(%q) = %v, want no problems", src, diags)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"titel: x\n", []string{`f.md:2:1: unknown field "titel" (did you mean "title"?)`}},
		{"xyzzy_plugh: x\n", []string{`f.md:2:1: unknown field "xyzzy_plugh"`}},
		{"ptr: {reasn: x}\n", []string{`f.md:2:7: unknown field "ptr.reasn" (did you mean "reason"?)`}},
		{"title: a\ntitle: b\n", []string{`f.md:3:1: duplicate field "title"`}},
		{"title: [a, b]\n", []string{`f.md:2:8: field "title": expected text, got a list`}},
		{"count: many\n", []string{`f.md:2:8: field "count": expected a whole number, got "many"`}},
		{"count: 1.5\n", []string{`f.md:2:8: field "count": expected a whole number, got "1.5"`}},
		{"ok: yes\n", []string{`f.md:2:5: field "ok": expected true or false, got "yes"`}},
		{"ok: \"true\"\n", []string{`f.md:2:5: field "ok": expected true or false, got "true"`}},
		{"when: soon\n", []string{`f.md:2:7: field "when": "soon" is not a date: write 2021-01-20 or 2021-01-20T09:30:00+08:00`}},
		{"when: [2021-01-01]\n", []string{`f.md:2:7: field "when": expected a date, got a list`}},
		{"tags: {a: b}\n", []string{`f.md:2:7: field "tags": expected a list, got a mapping`}},
		{"ptr: text\n", []string{`f.md:2:6: field "ptr": expected a mapping of keys to values, got "text"`}},
		{"- a\n- b\n", []string{`f.md:2:1: document: expected a mapping of keys to values, got a list`}},
		{"params: [1]\n", []string{`f.md:2:9: field "params": expected a mapping of keys to values, got a list`}},
		{"items:\n  - {date: x}\n  - {reasn: y}\n", []string{
			`f.md:3:12: field "items.0.date": "x" is not a date: write 2021-01-20 or 2021-01-20T09:30:00+08:00`,
			`f.md:4:6: unknown field "items.1.reasn" (did you mean "reason"?)`,
		}},
		{"title: \"open\n", []string{`f.md:2: invalid YAML: found unexpected end of stream`}},
		// Parser errors point at the construct left open, counted from 1.
		{"title: a\ntags: [a,\n  b\ncount: 1\n", []string{`f.md:3: invalid YAML: did not find expected ',' or ']'`}},
		{"title: a\nptr: {reason: x\ncount: 1\n", []string{`f.md:3: invalid YAML: did not find expected ',' or '}'`}},
		{"title: a\nitems:\n  - a\n b: c\n", []string{`f.md:5: invalid YAML: did not find expected key`}},
		// … but never past the last line.
		{"tags: [a, b\n", []string{`f.md:2: invalid YAML: did not find expected ',' or ']'`}},
		{"title: a\n  bad: indent\n", []string{`f.md:3: invalid YAML: mapping values are not allowed in this context`}},
		{"\ttitle: a\n", []string{`f.md:2: invalid YAML: found character that cannot start any token`}},
	}
	for _, tt := range tests {
		var d doc
		_, diags := Decode([]byte(tt.src), &d, Options{File: "f.md", LineOffset: 1})
		var got []string
		for _, dd := range diags {
			got = append(got, dd.Error())
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("Decode(%q):\ngot  %q\nwant %q", tt.src, got, tt.want)
		}
	}
}

func TestDecodeReportsAllProblems(t *testing.T) {
	var d doc
	_, diags := Decode([]byte("titel: a\ncount: x\nok: 3\n"), &d, Options{File: "f.md"})
	if len(diags) != 3 {
		t.Errorf("got %d problems, want all 3: %v", len(diags), diags)
	}
}
