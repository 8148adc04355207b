// Package markdown turns a content file's Markdown body into HTML with
// goldmark: GitHub Flavored Markdown (tables, strikethrough, autolinks, task
// lists), footnotes and CJK line breaking.
//
// On top of goldmark it
//   - gives headings IDs that are stable and unique, Chinese characters kept
//     ("## 一、适用范围" → id="一适用范围");
//   - rewrites links to other .md files into their page URLs, reporting a link
//     to a missing file with its position in the file;
//   - escapes raw HTML (shown as text) unless UnsafeHTML is set;
//   - never makes a link of a javascript:, vbscript:, file: or data: URL;
//   - extracts a plain-text summary from the first paragraph, cut by
//     characters so CJK text is not cut by bytes or words.
//
// A Renderer is built once and is safe for concurrent use.
package markdown

import (
	"bufio"
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"bulletin/generator/diag"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// SummaryLength is how many characters a default summary keeps.
const SummaryLength = 120

// Options configure a Renderer.
type Options struct {
	// UnsafeHTML lets raw HTML in Markdown through. Off by default: raw HTML
	// is shown escaped, as text.
	UnsafeHTML bool
	// Labels name the footnote links in each language (by code, as
	// Doc.Lang gives it); a language not here gets goldmark's bare number
	// and arrow.
	Labels map[string]Labels
}

// Labels are the words a body's links need beyond what the Markdown says:
// goldmark writes a footnote reference as its number alone and the way
// back as an arrow, which a screen reader reads as "1" and "left arrow
// with hook".
type Labels struct {
	// FootnoteRef is the title of a link to a footnote, %d its number
	// ("注释%d"); the link's text stays the number.
	FootnoteRef string
	// FootnoteBack names the link from a footnote back to the text
	// ("返回正文"), as its title; the arrow stays, hidden from screen
	// readers.
	FootnoteBack string
}

// Renderer converts Markdown bodies. Build one with New and share it.
type Renderer struct {
	md     goldmark.Markdown
	byLang map[string]goldmark.Markdown // with the language's Labels
	unsafe bool
}

// New builds a Renderer.
func New(opt Options) *Renderer {
	rendererOpts := []renderer.Option{html.WithXHTML()}
	if opt.UnsafeHTML {
		rendererOpts = append(rendererOpts, html.WithUnsafe())
	} else {
		rendererOpts = append(rendererOpts, renderer.WithNodeRenderers(util.Prioritized(escapedHTML{}, 100)))
	}
	build := func(footnote goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(extension.GFM, footnote, extension.CJK),
			goldmark.WithParserOptions(parser.WithAutoHeadingID(), parser.WithAttribute()),
			goldmark.WithRendererOptions(rendererOpts...),
		)
	}
	r := &Renderer{md: build(extension.Footnote), byLang: map[string]goldmark.Markdown{}, unsafe: opt.UnsafeHTML}
	for lang, l := range opt.Labels {
		var fo []extension.FootnoteOption
		if l.FootnoteRef != "" {
			// goldmark puts the footnote's number where "^^" is.
			fo = append(fo, extension.WithFootnoteLinkTitle(strings.ReplaceAll(l.FootnoteRef, "%d", "^^")))
		}
		if l.FootnoteBack != "" {
			// The arrow hidden, the link's name is its title: no words are
			// added to the body's text, which search indexes.
			fo = append(fo, extension.WithFootnoteBacklinkTitle(l.FootnoteBack),
				extension.WithFootnoteBacklinkHTML(`<span aria-hidden="true">&#x21a9;&#xfe0e;</span>`))
		}
		r.byLang[lang] = build(extension.NewFootnote(fo...))
	}
	return r
}

// Doc says where a body comes from and how to resolve its links.
type Doc struct {
	// File names the source in diagnostics ("content/notices/a.md").
	File string
	// BodyLine is the line of File on which the body starts.
	BodyLine int
	// Path is the file's content path ("notices/a.md"); relative links
	// are resolved against its folder.
	Path string
	// Resolve maps a content path to its page URL; ok is false when no
	// such page exists. Nil leaves .md links as written.
	Resolve func(contentPath string) (url string, ok bool)
	// Lang is the body's language, for Options.Labels.
	Lang string
}

// Heading is one heading of a body.
type Heading struct {
	Level int
	ID    string
	Text  string
	Line  int
}

// Result is a rendered body.
type Result struct {
	HTML     string
	Summary  string // plain text, from the first paragraph
	Headings []Heading
	// Links are the destinations of all links and images, after rewriting,
	// with their positions; later checks (anchors, alt text) use them.
	Links []Link
}

// Link is a link or image in a body.
type Link struct {
	Dest  string
	Image bool
	Alt   string // the text of an image
	Pos   diag.Pos
}

// Render converts a body. Problems (a link to a missing page) come back as
// diagnostics positioned in doc.File; the HTML is produced regardless.
//
// A body shaped to make the parser take quadratic time (see checkShape) is
// refused with an error at the place that passed a limit, and no HTML.
func (r *Renderer) Render(src []byte, doc Doc) (*Result, []*diag.Diagnostic) {
	if d := checkShape(src, doc); d != nil {
		return &Result{}, []*diag.Diagnostic{d}
	}
	md := r.md
	if m, ok := r.byLang[doc.Lang]; ok {
		md = m
	}
	ctx := parser.NewContext(parser.WithIDs(newIDs()))
	root := md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	w := &walker{src: src, doc: doc, lines: lineStarts(src), res: &Result{}}
	w.walk(root)
	out := outputs.Get().(*output)
	defer outputs.Put(out)
	out.buf.Reset()
	out.w.Reset(&out.buf)
	if err := md.Renderer().Render(out.w, src, root); err != nil {
		w.diags = append(w.diags, diag.Pos{File: doc.File, Line: doc.BodyLine}.Errorf("cannot render Markdown: %v", err))
	}
	w.res.HTML = wrapTables(out.buf.Bytes(), w.tables)
	return w.res, w.diags
}

// output is a reusable place to render HTML into. goldmark writes through
// a bufio.Writer (and makes a new one for any other writer); the HTML is
// copied out at its exact size, since a site keeps every page's HTML.
type output struct {
	buf bytes.Buffer
	w   *bufio.Writer
}

var outputs = sync.Pool{New: func() any {
	o := &output{}
	o.w = bufio.NewWriterSize(&o.buf, 8<<10)
	return o
}}

type walker struct {
	src   []byte
	doc   Doc
	lines []int
	res   *Result
	diags []*diag.Diagnostic

	// tables holds, for each table in order, the id of the heading
	// before it ("" when none), which names its scrolling box.
	tables  []string
	heading string

	// The last position posAt computed. Links come in source order, so the
	// next column is counted on from here: counting each from the start of
	// its line made a long line of links quadratic.
	lastLine, lastOffset, lastCol int
}

func (w *walker) walk(root ast.Node) {
	var unlink []ast.Node
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			id, _ := n.AttributeString("id")
			idb, _ := id.([]byte)
			w.res.Headings = append(w.res.Headings, Heading{Level: n.Level, ID: string(idb), Text: plainText(n, w.src), Line: w.lineOf(n)})
			w.heading = string(idb)
		case *east.Table:
			w.tables = append(w.tables, w.heading)
		case *ast.Paragraph:
			if w.res.Summary == "" && n.Parent() == root {
				w.res.Summary = Truncate(plainText(n, w.src), SummaryLength)
			}
		case *ast.Link:
			if dangerous(n.Destination) {
				unlink = append(unlink, n)
				return ast.WalkContinue, nil
			}
			n.Destination = w.rewrite(n.Destination, n)
			w.res.Links = append(w.res.Links, Link{Dest: string(n.Destination), Pos: w.pos(n)})
		case *ast.Image:
			if dangerous(n.Destination) {
				unlink = append(unlink, n)
				return ast.WalkSkipChildren, nil
			}
			w.res.Links = append(w.res.Links, Link{Dest: string(n.Destination), Image: true, Alt: plainText(n, w.src), Pos: w.pos(n)})
		case *ast.AutoLink:
			if dangerous(n.URL(w.src)) {
				unlink = append(unlink, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range unlink {
		neutralise(n, w.src)
	}
}

// neutralise replaces a link with its text, so a dangerous URL never becomes
// something to click.
func neutralise(n ast.Node, src []byte) {
	parent := n.Parent()
	if parent == nil {
		return
	}
	switch n := n.(type) {
	case *ast.AutoLink:
		parent.ReplaceChild(parent, n, ast.NewString(n.URL(src)))
	case *ast.Image:
		parent.ReplaceChild(parent, n, ast.NewString([]byte(plainText(n, src))))
	default:
		for c := n.FirstChild(); c != nil; {
			next := c.NextSibling()
			parent.InsertBefore(parent, n, c)
			c = next
		}
		parent.RemoveChild(parent, n)
	}
}

// dangerous reports whether dest is a script or local URL, both as written
// and as the HTML renderer will write it: it resolves character references
// and backslash escapes, so "javascript&#58;x" is javascript:x too.
func dangerous(dest []byte) bool {
	return dangerousScheme(dest) || dangerousScheme(util.URLEscape(dest, true))
}

func dangerousScheme(dest []byte) bool {
	d := bytes.ToLower(bytes.TrimSpace(dest))
	d = bytes.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, d)
	for _, scheme := range []string{"javascript:", "vbscript:", "file:", "data:"} {
		if bytes.HasPrefix(d, []byte(scheme)) {
			return true
		}
	}
	return false
}

// rewrite turns a link to a .md file into the URL of its page.
func (w *walker) rewrite(dest []byte, n ast.Node) []byte {
	raw := string(dest)
	target, frag, _ := strings.Cut(raw, "#")
	if w.doc.Resolve == nil || !strings.HasSuffix(target, ".md") || strings.Contains(target, ":") || strings.HasPrefix(target, "//") {
		return dest
	}
	if unescaped, err := url.PathUnescape(target); err == nil {
		target = unescaped
	}
	var p string
	if strings.HasPrefix(target, "/") {
		p = path.Clean(strings.TrimPrefix(target, "/"))
	} else {
		p = path.Join(path.Dir(w.doc.Path), target)
	}
	if strings.HasPrefix(p, "../") || p == ".." {
		w.diags = append(w.diags, w.pos(n).Errorf("link %q leaves the content folder", raw))
		return dest
	}
	u, ok := w.doc.Resolve(p)
	if !ok {
		w.diags = append(w.diags, w.pos(n).Errorf("link to missing page %q (looked for content/%s)", raw, p))
		return dest
	}
	if frag != "" {
		u += "#" + frag
	}
	return []byte(u)
}

// pos finds where an inline node starts: inline nodes carry no position of
// their own, so take the first text segment inside them.
func (w *walker) pos(n ast.Node) diag.Pos {
	offset := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			offset = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	if offset < 0 {
		return diag.Pos{File: w.doc.File, Line: w.lineOf(n)}
	}
	// The text starts after "[" (or "![" for images).
	start := max(bytes.LastIndexByte(w.src[:offset], '['), 0)
	if _, ok := n.(*ast.Image); ok && start > 0 && w.src[start-1] == '!' {
		start--
	}
	return w.posAt(start)
}

func (w *walker) posAt(offset int) diag.Pos {
	i := sort.Search(len(w.lines), func(i int) bool { return w.lines[i] > offset }) - 1
	var col int
	if w.lastCol > 0 && i == w.lastLine && offset >= w.lastOffset {
		col = w.lastCol + utf8.RuneCount(w.src[w.lastOffset:offset])
	} else {
		col = utf8.RuneCount(w.src[w.lines[i]:offset]) + 1
	}
	w.lastLine, w.lastOffset, w.lastCol = i, offset, col
	return diag.Pos{File: w.doc.File, Line: w.doc.BodyLine + i, Col: col}
}

// lineOf returns the file line of a block node, or of the nearest block
// around an inline one.
func (w *walker) lineOf(n ast.Node) int {
	for ; n != nil; n = n.Parent() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return w.posAt(n.Lines().At(0).Start).Line
		}
	}
	return w.doc.BodyLine
}

// wrapTables puts each table in a block that scrolls sideways on a narrow
// screen, so wide tables neither break the layout nor lose their table
// semantics for screen readers (as display:block on the table would).
//
// labels holds, for each table in order, the id of the heading before it.
// A table under a heading gets a box that is a tab stop, so that it
// scrolls from the keyboard, and a region named by that heading: a tab
// stop with no name is a mystery to a screen-reader user. A table with no
// heading before it gets a plain box, not a tab stop: it has no name to
// give; Chromium and Firefox let the keyboard reach a box that scrolls by
// themselves.
//
// The result is a new string (html may be a reused buffer): the one copy
// of the body a build keeps.
func wrapTables(html []byte, labels []string) string {
	const open, close = "<table>", "</table>"
	const openWrap, named, closeWrap = `<div class="table-scroll"><table>`, `<div class="table-scroll" role="region" aria-labelledby="%s" tabindex="0"><table>`, "</table></div>"
	n := bytes.Count(html, []byte(open))
	if n == 0 {
		return string(html)
	}
	m := bytes.Count(html, []byte(close))
	var out strings.Builder
	out.Grow(len(html) + n*(len(named)+32-len(open)) + m*(len(closeWrap)-len(close)))
	table := 0
	for len(html) > 0 {
		i := bytes.IndexByte(html, '<')
		if i < 0 {
			break
		}
		out.Write(html[:i])
		html = html[i:]
		switch {
		case bytes.HasPrefix(html, []byte(open)):
			if table < len(labels) && labels[table] != "" {
				fmt.Fprintf(&out, named, stdhtml.EscapeString(labels[table]))
			} else {
				out.WriteString(openWrap)
			}
			table++
			html = html[len(open):]
		case bytes.HasPrefix(html, []byte(close)):
			out.WriteString(closeWrap)
			html = html[len(close):]
		default:
			out.WriteByte('<')
			html = html[1:]
		}
	}
	out.Write(html)
	return out.String()
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// plainText returns the text of a node and its children, whitespace
// collapsed, with CJK line breaks joined without a space.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte('\n')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.AutoLink:
			b.Write(c.Label(src))
		}
		return ast.WalkContinue, nil
	})
	return collapse(b.String())
}

// collapse folds runs of white space to one space, and drops a line break
// between two CJK characters entirely, as a reader of Chinese expects.
func collapse(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var prev rune // the last character written
	for i := 0; i < len(s); {
		r, w := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			b.WriteString(s[i : i+w])
			prev = r
			i += w
			continue
		}
		// A run of white space: a space the author typed stays ("第一条
		// 为保障"); only a line break between two CJK characters is dropped.
		lineBreak := false
		for i < len(s) {
			r, w := utf8.DecodeRuneInString(s[i:])
			if !unicode.IsSpace(r) {
				break
			}
			lineBreak = lineBreak || r == '\n'
			i += w
		}
		if i == len(s) || b.Len() == 0 {
			continue
		}
		next, _ := utf8.DecodeRuneInString(s[i:])
		if !(lineBreak && isCJK(prev) && isCJK(next)) {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF00 && r <= 0xFFEF)
}

// Truncate cuts s to at most n characters, adding "…" when it cut. In Latin
// text it backs off to a word boundary; CJK text is cut between characters.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	runes := []rune(s)
	cut := n
	if !isCJK(runes[cut-1]) && !isCJK(runes[cut]) && !unicode.IsSpace(runes[cut]) {
		for i := cut - 1; i > n/2; i-- {
			if unicode.IsSpace(runes[i]) || isCJK(runes[i]) {
				cut = i
				if isCJK(runes[i]) {
					cut = i + 1
				}
				break
			}
		}
	}
	return strings.TrimRightFunc(string(runes[:cut]), func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) && !isCJK(r)
	}) + "…"
}

// ids generates heading IDs that keep Chinese characters and are unique in
// one document.
type ids struct{ used map[string]int }

func newIDs() *ids { return &ids{used: map[string]int{}} }

// Generate implements parser.IDs.
func (s *ids) Generate(value []byte, _ ast.NodeKind) []byte {
	base := Slugify(string(value))
	if base == "" {
		base = "section"
	}
	id := base
	for n := s.used[base]; ; n++ {
		if n > 0 {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		if _, taken := s.used[id]; !taken {
			s.used[base] = n + 1
			s.used[id] = 1
			return []byte(id)
		}
	}
}

// Put implements parser.IDs.
func (s *ids) Put(value []byte) { s.used[string(value)]++ }

// Slugify makes a URL- and ID-friendly form of s: letters (any script) and
// digits kept, Latin letters lowercased, runs of anything else folded into
// one '-'.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case r == '-' || r == '_' || unicode.IsSpace(r) || r == '.' || r == '/':
			dash = true
		}
	}
	return b.String()
}

// escapedHTML renders raw HTML as visible, escaped text instead of dropping
// it, so a clerk sees what was not allowed.
type escapedHTML struct{}

func (escapedHTML) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindRawHTML, renderRawHTML)
	reg.Register(ast.KindHTMLBlock, renderHTMLBlock)
}

func renderRawHTML(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		segs := n.(*ast.RawHTML).Segments
		for i := range segs.Len() {
			s := segs.At(i)
			_, _ = w.Write(util.EscapeHTML(s.Value(src)))
		}
	}
	return ast.WalkSkipChildren, nil
}

func renderHTMLBlock(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	b := n.(*ast.HTMLBlock)
	if entering {
		_, _ = w.WriteString("<p>")
		for i := range b.Lines().Len() {
			l := b.Lines().At(i)
			_, _ = w.Write(util.EscapeHTML(l.Value(src)))
		}
		return ast.WalkContinue, nil
	}
	if b.HasClosure() {
		_, _ = w.Write(util.EscapeHTML(b.ClosureLine.Value(src)))
	}
	_, _ = w.WriteString("</p>\n")
	return ast.WalkContinue, nil
}
