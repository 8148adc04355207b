// Package htmlexec runs html/template templates several times faster than
// html/template does, with byte-identical output.
//
// html/template escapes a template once, by rewriting its parse tree so
// that every action ends in an escaper function, and then hands the tree to
// text/template. text/template looks up every field, method and function
// by name through reflection each time it meets one, and calls even the
// escapers through reflect.Value.Call: on a 10,000-notice site that was
// close to half of the whole build. A Set compiles each escaped tree once
// into nodes that remember what they found for the types they meet, call
// the escapers directly and write escaped text straight into the output.
//
// It knows what themes use: text, actions, if, with, range over slices
// and arrays, template calls, variables, fields, methods, the FuncMap's
// functions, the builtins and, or, not, eq, ne, lt, le, gt, ge, len, index
// and print, and the escapers for text, attributes, URLs and RCDATA (the
// text of <title>). A template that needs anything else runs in
// html/template, as before. So does any single execution that meets an
// error or a case the fast path leaves out (a nil pointer on the way to a
// field, content of type HTML inside an attribute, ...): the output written
// so far is dropped and html/template runs the template again from the
// start, so errors and their messages are html/template's own. Templates
// must therefore not have effects that a second run would repeat.
//
// A template is compiled after html/template has run it once without error
// (which is when html/template escapes it). The template set must use the
// default options: no missingkey option.
package htmlexec

import (
	"bytes"
	"html/template"
	"reflect"
	"sync"
	"sync/atomic"
	texttemplate "text/template"
	"text/template/parse"
	"unsafe"
)

// Set runs the templates of one html/template set. It is safe for
// concurrent use.
type Set struct {
	html  *template.Template
	text  *texttemplate.Template // html's text/template, which holds derived templates; may be nil
	funcs template.FuncMap
	// directs holds the Directs given to New, by func type.
	directs map[reflect.Type]Direct
	// lookups caches what field names resolve to, per receiver type,
	// across all of the set's templates.
	lookups sync.Map // lookupKey → *lookup

	mu    sync.Mutex // held while compiling
	ready sync.Map   // template name → *prog, or (*prog)(nil) when it cannot be compiled

	fast, first, bailed, unsupported atomic.Int64
}

// Stats counts a Set's executions by how they ran.
type Stats struct {
	Fast        int64 // on the fast path
	First       int64 // in html/template, before the template was compiled
	Bailed      int64 // started on the fast path, then handed to html/template
	Unsupported int64 // in html/template, as the fast path cannot run the template
}

// Add returns the sum of two Stats.
func (a Stats) Add(b Stats) Stats {
	return Stats{a.Fast + b.Fast, a.First + b.First, a.Bailed + b.Bailed, a.Unsupported + b.Unsupported}
}

// New returns a Set for the templates of t. funcs must be the FuncMap the
// templates were parsed with; direct lists the function and method types
// to call without reflection (see Direct).
func New(t *template.Template, funcs template.FuncMap, direct ...Direct) *Set {
	s := &Set{html: t, text: textOf(t), funcs: funcs, directs: map[reflect.Type]Direct{}}
	for _, d := range direct {
		s.directs[d.typ] = d
	}
	return s
}

// Execute runs the template name with data and appends its output to buf,
// exactly as t.ExecuteTemplate(buf, name, data) would.
func (s *Set) Execute(buf *bytes.Buffer, name string, data any) error {
	if v, ok := s.ready.Load(name); ok {
		if p := v.(*prog); p != nil {
			start := buf.Len()
			if p.run(buf, data) {
				s.fast.Add(1)
				return nil
			}
			buf.Truncate(start)
			s.bailed.Add(1)
		} else {
			s.unsupported.Add(1)
		}
		return s.html.ExecuteTemplate(buf, name, data)
	}
	s.first.Add(1)
	err := s.html.ExecuteTemplate(buf, name, data)
	if err == nil {
		s.compile(name)
	}
	return err
}

// Template returns the html/template set s runs.
func (s *Set) Template() *template.Template { return s.html }

// Stats reports how the executions so far ran, for tests and for
// measuring a theme.
func (s *Set) Stats() Stats {
	return Stats{s.fast.Load(), s.first.Load(), s.bailed.Load(), s.unsupported.Load()}
}

// compile prepares name for the fast path; html/template has escaped it.
func (s *Set) compile(name string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.ready.Load(name); ok {
		return
	}
	c := &compiler{set: s, progs: map[string]*prog{}}
	p, err := c.template(name)
	if err != nil {
		p = nil
	}
	s.ready.Store(name, p)
}

// tree returns the escaped parse tree of the template name, including
// templates html/template derived for other contexts
// ("head-title$htmltemplate_stateRCDATA_elementTitle"), which only its
// underlying text/template set holds.
func (s *Set) tree(name string) *parse.Tree {
	if s.text != nil {
		if t := s.text.Lookup(name); t != nil {
			return t.Tree
		}
		return nil
	}
	if t := s.html.Lookup(name); t != nil {
		return t.Tree
	}
	return nil
}

// textOf returns the text/template set under t. html/template does not
// export it, so it is read through reflection; should the field ever
// change, textOf returns nil and templates that call derived templates
// stay on the slow path.
func textOf(t *template.Template) *texttemplate.Template {
	f := reflect.ValueOf(t).Elem().FieldByName("text")
	if !f.IsValid() || f.Type() != reflect.TypeFor[*texttemplate.Template]() {
		return nil
	}
	return *(**texttemplate.Template)(unsafe.Pointer(f.UnsafeAddr()))
}
