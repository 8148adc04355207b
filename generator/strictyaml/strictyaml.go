// Package strictyaml decodes YAML into typed structs and refuses what a typo
// would otherwise let through.
//
// Unlike yaml.v3's Decode, it reports every problem in a document at once, each
// with the line and column in the file the YAML came from (front matter sits
// a few lines into a Markdown file), and it rejects unknown keys with a
// suggestion:
//
//	content/a.md:4:1: unknown field "departmnet" (did you mean "department"?)
//
// Supported field types are string, bool, int, time.Time (a date or a date and
// time, in the Options' zone unless an offset is given), []string (a single
// string is accepted as a one-element list), slices of those and of structs,
// pointers to structs, and map[string]any (kept as decoded by yaml.v3).
package strictyaml

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"bulletin/generator/dates"
	"bulletin/generator/diag"

	"gopkg.in/yaml.v3"
)

// Options say where the YAML sits and how to read dates.
type Options struct {
	File       string         // reported in diagnostics
	LineOffset int            // lines before the YAML's first line in File
	Location   *time.Location // zone for dates and times without an offset
}

// Positions records where each value of a document starts, by field path
// ("title", "withdrawn.reason", "supersedes.1"), for error messages. A
// site keeps one per content file, so it is a short list rather than a
// map: a tenth of the memory, and as fast to search for twenty fields.
type Positions struct {
	file   string
	fields []fieldPos
}

type fieldPos struct {
	path      string
	line, col int32
}

// Get returns the position of the value at path.
func (p *Positions) Get(path string) (diag.Pos, bool) {
	if p == nil {
		return diag.Pos{}, false
	}
	for i := len(p.fields) - 1; i >= 0; i-- { // the last one set wins
		if f := p.fields[i]; f.path == path {
			return diag.Pos{File: p.file, Line: int(f.line), Col: int(f.col)}, true
		}
	}
	return diag.Pos{}, false
}

func (p *Positions) set(path string, at diag.Pos) {
	p.fields = append(p.fields, fieldPos{path, int32(at.Line), int32(at.Col)})
}

// Decode parses src into v (a pointer to a struct) and returns the positions
// of the values it set and all problems found. An empty document decodes to
// the zero value.
func Decode(src []byte, v any, opt Options) (*Positions, []*diag.Diagnostic) {
	d := &decoder{opt: opt, pos: &Positions{file: opt.File}}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, []*diag.Diagnostic{d.syntaxError(err, src)}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return d.pos, nil
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return d.pos, nil
	}
	d.value(root, reflect.ValueOf(v).Elem(), "")
	return d.pos, d.diags
}

type decoder struct {
	opt   Options
	pos   *Positions
	diags []*diag.Diagnostic
}

func (d *decoder) at(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.opt.File, Line: n.Line + d.opt.LineOffset, Col: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.diags = append(d.diags, d.at(n).Errorf(format, args...))
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError turns yaml.v3's "yaml: line 3: message" into a positioned
// diagnostic with the line counted in the file.
func (d *decoder) syntaxError(err error, src []byte) *diag.Diagnostic {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if parserError(msg) {
			// yaml.v3 counts lines from 0 in parser (not scanner) errors.
			line++
		}
		// The mark may sit at the end of the stream, past the last line.
		line = min(line, max(1, bytes.Count(bytes.TrimSuffix(src, []byte("\n")), []byte("\n"))+1))
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	p := diag.Pos{File: d.opt.File, Line: line + d.opt.LineOffset}
	if line == 0 {
		p.Line = d.opt.LineOffset + 1
	}
	return p.Errorf("invalid YAML: %s", msg)
}

// parserError reports whether msg is one of yaml.v3's parser problems (as
// opposed to scanner problems), whose line numbers start at 0.
func parserError(msg string) bool {
	return strings.HasPrefix(msg, "did not find expected ") ||
		strings.HasPrefix(msg, "found undefined tag handle") ||
		strings.HasPrefix(msg, "found duplicate %") ||
		strings.HasPrefix(msg, "found incompatible YAML document")
}

var timeType = reflect.TypeFor[time.Time]()

func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	if path != "" {
		d.pos.set(path, d.at(n))
	}
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return // an empty value leaves the zero value
	}
	switch {
	case v.Type() == timeType:
		d.time(n, v, path)
	case v.Kind() == reflect.Pointer:
		if v.IsNil() {
			v.Set(reflect.New(v.Type().Elem()))
		}
		d.value(n, v.Elem(), path)
	case v.Kind() == reflect.Struct:
		d.structure(n, v, path)
	case v.Kind() == reflect.Slice:
		d.slice(n, v, path)
	case v.Kind() == reflect.Map:
		d.mapping(n, v, path)
	case v.Kind() == reflect.String:
		if d.scalar(n, path, "text") {
			v.SetString(n.Value)
		}
	case v.Kind() == reflect.Bool:
		if !d.scalar(n, path, "true or false") {
			return
		}
		var b bool
		if n.Tag != "!!bool" || n.Decode(&b) != nil {
			d.errorf(n, "%s: expected true or false, got %q", label(path), n.Value)
			return
		}
		v.SetBool(b)
	case v.Kind() == reflect.Int:
		if !d.scalar(n, path, "a whole number") {
			return
		}
		i, err := strconv.Atoi(n.Value)
		if err != nil || n.Tag != "!!int" {
			d.errorf(n, "%s: expected a whole number, got %q", label(path), n.Value)
			return
		}
		v.SetInt(int64(i))
	default:
		panic(fmt.Sprintf("strictyaml: unsupported field type %s", v.Type()))
	}
}

func (d *decoder) scalar(n *yaml.Node, path, want string) bool {
	if n.Kind != yaml.ScalarNode {
		d.errorf(n, "%s: expected %s, got %s", label(path), want, kindName(n))
		return false
	}
	return true
}

func (d *decoder) structure(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: expected a mapping of keys to values, got %s", label(path), kindName(n))
		return
	}
	fields, names := fieldsOf(v.Type())
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		key := k.Value
		if seen[key] {
			d.errorf(k, "duplicate field %q", join(path, key))
			continue
		}
		seen[key] = true
		idx, ok := fields[key]
		if !ok {
			msg := fmt.Sprintf("unknown field %q", join(path, key))
			if s := diag.Suggest(key, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
			d.errorf(k, "%s", msg)
			continue
		}
		d.value(val, v.Field(idx), join(path, key))
	}
}

func (d *decoder) slice(n *yaml.Node, v reflect.Value, path string) {
	elem := v.Type().Elem()
	if n.Kind == yaml.ScalarNode && elem.Kind() == reflect.String {
		// "department: 市卫健委" is as good as a one-element list.
		v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), reflect.ValueOf(n.Value).Convert(elem)))
		return
	}
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "%s: expected a list, got %s", label(path), kindName(n))
		return
	}
	out := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
	for i, item := range n.Content {
		d.value(item, out.Index(i), join(path, strconv.Itoa(i)))
	}
	v.Set(out)
}

func (d *decoder) mapping(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s: expected a mapping of keys to values, got %s", label(path), kindName(n))
		return
	}
	if v.Type().Elem().Kind() == reflect.Struct || v.Type().Elem().Kind() == reflect.Pointer {
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			elem := reflect.New(v.Type().Elem()).Elem()
			d.value(val, elem, join(path, k.Value))
			m.SetMapIndex(reflect.ValueOf(k.Value), elem)
		}
		v.Set(m)
		return
	}
	if err := n.Decode(v.Addr().Interface()); err != nil {
		d.errorf(n, "%s: %s", label(path), cleanYAMLError(err))
	}
}

func (d *decoder) time(n *yaml.Node, v reflect.Value, path string) {
	if !d.scalar(n, path, "a date") {
		return
	}
	t, err := dates.Parse(n.Value, d.opt.Location)
	if err != nil {
		d.errorf(n, "%s: %v", label(path), err)
		return
	}
	v.Set(reflect.ValueOf(t))
}

// fields is a type's field table for decoding: yaml names to field
// indexes, and the names in order.
type fields struct {
	idx   map[string]int
	names []string
}

// fieldTables caches fieldsOf by type; the types are few and fixed.
var fieldTables sync.Map // reflect.Type → fields

// fieldsOf maps the yaml tag names of t's fields to field indexes.
func fieldsOf(t reflect.Type) (map[string]int, []string) {
	if c, ok := fieldTables.Load(t); ok {
		return c.(fields).idx, c.(fields).names
	}
	idx := map[string]int{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = strings.ToLower(f.Name)
		}
		idx[name] = i
		names = append(names, name)
	}
	fieldTables.Store(t, fields{idx, names})
	return idx, names
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func label(path string) string {
	if path == "" {
		return "document"
	}
	return fmt.Sprintf("field %q", path)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	default:
		return fmt.Sprintf("%q", n.Value)
	}
}

func cleanYAMLError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return yamlLine.ReplaceAllString("yaml: "+strings.TrimPrefix(te.Errors[0], "yaml: "), "")
	}
	return strings.TrimPrefix(err.Error(), "yaml: ")
}
