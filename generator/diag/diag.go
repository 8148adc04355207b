// Package diag carries positioned diagnostics: errors and warnings that name
// the file, line and column they are about.
//
// Every stage of the build returns its problems as a *List instead of stopping
// at the first one, so a clerk sees all that is wrong with a site at once,
// sorted by file and position, in the form editors and CI understand:
//
//	content/notices/a.md:4:1: unknown field "departmnet" (did you mean "department"?)
package diag

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Severity tells whether a diagnostic fails the build.
type Severity int

const (
	// Error always fails the build.
	Error Severity = iota
	// Warning fails the build only under --strict.
	Warning
	// Note never fails anything: information an office asked for, such
	// as the notices that expire soon.
	Note
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Note:
		return "note"
	}
	return "error"
}

// Diagnostic is one problem at one place. File is slash-separated and relative
// to the site folder (e.g. "content/notices/a.md"); Line and Col are 1-based,
// and 0 when unknown.
type Diagnostic struct {
	File     string
	Line     int
	Col      int
	Severity Severity
	Err      error
}

// Error formats the diagnostic as "file:line:col: message", leaving out the
// parts that are unknown and prefixing warnings with "warning: " and notes
// with "note: ". The line
// is Printable: file names and messages come from the site, and this is
// the form printed to terminals and CI logs.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
			if d.Col > 0 {
				fmt.Fprintf(&b, ":%d", d.Col)
			}
		}
		b.WriteString(": ")
	}
	if d.Severity != Error {
		b.WriteString(d.Severity.String() + ": ")
	}
	b.WriteString(d.Err.Error())
	return Printable(b.String())
}

// Unwrap returns the underlying error.
func (d *Diagnostic) Unwrap() error { return d.Err }

// Pos is a position in a file.
type Pos struct {
	File string
	Line int
	Col  int
}

// Errorf makes an error diagnostic at p.
func (p Pos) Errorf(format string, args ...any) *Diagnostic {
	return &Diagnostic{File: p.File, Line: p.Line, Col: p.Col, Err: fmt.Errorf(format, args...)}
}

// Warnf makes a warning diagnostic at p.
func (p Pos) Warnf(format string, args ...any) *Diagnostic {
	d := p.Errorf(format, args...)
	d.Severity = Warning
	return d
}

// Notef makes a note at p.
func (p Pos) Notef(format string, args ...any) *Diagnostic {
	d := p.Errorf(format, args...)
	d.Severity = Note
	return d
}

// List collects diagnostics from many goroutines. The zero value is ready.
type List struct {
	mu    sync.Mutex
	items []*Diagnostic
}

// Add appends diagnostics; nil ones are skipped. A plain error that is not a
// *Diagnostic is kept as an error without position.
func (l *List) Add(errs ...error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, err := range errs {
		if err == nil {
			continue
		}
		var d *Diagnostic
		if errors.As(err, &d) {
			l.items = append(l.items, d)
			continue
		}
		var nested *List
		if errors.As(err, &nested) {
			l.items = append(l.items, nested.Items()...)
			continue
		}
		l.items = append(l.items, &Diagnostic{Err: err})
	}
}

// Items returns the diagnostics sorted by file, line, column, then message,
// with exact duplicates removed.
func (l *List) Items() []*Diagnostic {
	l.mu.Lock()
	defer l.mu.Unlock()
	sort.SliceStable(l.items, func(i, j int) bool {
		a, b := l.items[i], l.items[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Error() < b.Error()
	})
	out := l.items[:0:0]
	for i, d := range l.items {
		if i > 0 && d.Error() == l.items[i-1].Error() {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Count returns the number of errors and warnings.
func (l *List) Count() (errs, warns int) { return Count(l.Items()) }

// Count returns the number of errors and warnings among items (notes
// are neither).
func Count(items []*Diagnostic) (errs, warns int) {
	for _, d := range items {
		switch d.Severity {
		case Error:
			errs++
		case Warning:
			warns++
		}
	}
	return errs, warns
}

// Failed reports whether the diagnostics fail a build: any error, or any
// warning when strict.
func (l *List) Failed(strict bool) bool {
	errs, warns := l.Count()
	return errs > 0 || (strict && warns > 0)
}

// Error joins all diagnostics, one a line, so a *List can be returned as an
// error.
func (l *List) Error() string {
	items := l.Items()
	lines := make([]string, len(items))
	for i, d := range items {
		lines[i] = d.Error()
	}
	return strings.Join(lines, "\n")
}

// Err returns l as an error when it holds anything, else nil.
func (l *List) Err() error {
	if l == nil || len(l.Items()) == 0 {
		return nil
	}
	return l
}

// WriteText prints one diagnostic a line. Under GitHub Actions (annotate
// true) each is followed by an ::error, ::warning or ::notice workflow
// command so it shows on the file in the pull request.
func WriteText(w io.Writer, items []*Diagnostic, annotate bool) {
	for _, d := range items {
		fmt.Fprintln(w, d.Error())
		if annotate {
			fmt.Fprintln(w, annotation(d))
		}
	}
}

func annotation(d *Diagnostic) string {
	var props []string
	if d.File != "" {
		props = append(props, "file="+escapeProperty(escapeControls(d.File, true)))
	}
	if d.Line > 0 {
		props = append(props, fmt.Sprintf("line=%d", d.Line))
	}
	if d.Col > 0 {
		props = append(props, fmt.Sprintf("col=%d", d.Col))
	}
	cmd := "::" + d.Severity.String()
	if d.Severity == Note {
		cmd = "::notice"
	}
	if len(props) > 0 {
		cmd += " " + strings.Join(props, ",")
	}
	return cmd + "::" + escapeData(escapeControls(d.Err.Error(), true))
}

// The escapes GitHub's workflow command parser expects; with them no file
// name or message can end the command's line and start another. Other
// control characters are escaped before, as on the plain line.
// "##[" becomes "#\x23[", as in Printable: the runner looks for the legacy
// command form anywhere in a line, the annotation's own line included.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", "##[", `#\x23[`).Replace(s)
}

func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C", "##[", `#\x23[`).Replace(s)
}

// jsonDiagnostic is the machine-readable shape of a diagnostic.
type jsonDiagnostic struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Col      int    `json:"col,omitempty"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}

// WriteJSON prints the diagnostics as one JSON array. File names and
// messages are the raw strings; the runes a terminal or CI runner would
// act on are \u escapes (see escapeJSON), so the array is also safe to
// print.
func WriteJSON(w io.Writer, items []*Diagnostic) error {
	out := make([]jsonDiagnostic, len(items))
	for i, d := range items {
		out[i] = jsonDiagnostic{File: d.File, Line: d.Line, Col: d.Col, Severity: d.Severity.String(), Message: d.Err.Error()}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(escapeJSON(data), '\n'))
	return err
}

// Suggest returns the candidate closest to word by edit distance, or "" when
// none is close enough to be a likely typo.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", len(word)/2+2
	for _, c := range candidates {
		if d := distance(word, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// distance is the Levenshtein distance over runes, with adjacent
// transposition counted as one edit.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
