package markdown

import (
	"bytes"
	"unicode/utf8"

	"bulletin/generator/diag"
)

// Some Markdown shapes make goldmark's parser take time quadratic in their
// size (cmark's test/pathological_tests.py lists the classic ones; goldmark
// has no guard against most of them): thousands of nested block quotes or
// list items, thousands of emphasis delimiters or brackets in one
// paragraph, links whose "(" is never closed on a long line, many footnote
// references against many footnotes, and long class lists in a heading's
// {.attributes}. A few kilobytes of such input keep a build busy for
// minutes, and a goroutine cannot be stopped from outside, so a deadline
// would not stop the work. Instead checkShape reads the body once, in linear
// time, estimates that work, and refuses the file with the position where a
// limit was passed before goldmark sees it.
//
// The limits are far beyond what a notice needs (each is hit only by
// thousands of markers), and low enough that the worst input under them
// converts in well under a second (TestPathological, BenchmarkPathological).
const (
	// maxNesting bounds block quotes and list items inside each other.
	// goldmark checks every open container on every line, so the depth
	// multiplies the cost of every line below.
	maxNesting = 100
	// maxInlineMarkers bounds emphasis delimiter runs (*, _, ~) and
	// brackets in one paragraph (or table row): goldmark searches back
	// over all earlier delimiters for each closer.
	maxInlineMarkers = 10_000
	// maxLinkScan bounds, for one paragraph, the bytes goldmark may read
	// looking for the end of link destinations: each "](" reads on to the
	// end of its line when its ")" never comes.
	maxLinkScan = 100_000_000
	// maxInlineWork bounds the sum, over a file, of each paragraph's
	// markers squared plus its link scan, so many paragraphs each under
	// the limits above cannot add up to minutes either.
	maxInlineWork = 1_000_000_000
	// maxFootnotePairs bounds footnote references × footnote definitions:
	// goldmark looks each reference up by walking all definitions.
	maxFootnotePairs = 20_000_000
	// maxHeadingClasses bounds the .classes in one {attribute} block:
	// goldmark copies the class list for each one added.
	maxHeadingClasses = 1_000
)

// shapeScanner holds the state of one checkShape pass.
type shapeScanner struct {
	src []byte
	doc Doc

	lists     []int // content columns of the list items open around this line
	afterGap  bool  // the previous line was blank
	fence     []byte
	line      int // 0-based line index in the body
	lineStart int

	// The paragraph (or table row) being read.
	para      bool
	table     bool
	paraLines int
	markers   int
	linkScan  int
	paraLine  int
	paraCol   int
	work      int
	footRefs  int
	footDefs  int

	// destinationScan\'s places on the current line.
	nextBlank, nextGT int
}

// checkShape returns a diagnostic for the first limit src passes, or nil.
func checkShape(src []byte, doc Doc) *diag.Diagnostic {
	s := &shapeScanner{src: src, doc: doc}
	for s.lineStart <= len(src) {
		end := bytes.IndexByte(src[s.lineStart:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += s.lineStart
		}
		s.nextBlank, s.nextGT = -1, -1
		if d := s.scanLine(s.lineStart, end); d != nil {
			return d
		}
		s.line++
		s.lineStart = end + 1
	}
	return s.endParagraph()
}

func (s *shapeScanner) pos(offset int) diag.Pos {
	return diag.Pos{
		File: s.doc.File,
		Line: s.doc.BodyLine + s.line,
		Col:  utf8.RuneCount(s.src[s.lineStart:offset]) + 1,
	}
}

func (s *shapeScanner) scanLine(start, end int) *diag.Diagnostic {
	line := s.src[start:end]
	i, quotes, items := containerPrefix(line, s.fence == nil)
	rest := line[i:]

	if s.fence != nil {
		if isFenceClose(rest, s.fence) {
			s.fence = nil
		}
		return nil
	}
	if f := fenceOpen(rest); f != nil {
		s.fence = f
		if d := s.endParagraph(); d != nil {
			return d
		}
	}

	blank := len(bytes.TrimSpace(line)) == 0
	if d := s.nesting(line, quotes, items, blank); d != nil {
		return d
	}
	s.afterGap = blank
	if blank || s.fence != nil || isThematicBreak(rest) {
		return s.endParagraph()
	}

	heading := len(bytes.TrimLeft(rest, " \t")) > 0 && bytes.TrimLeft(rest, " \t")[0] == '#'
	if heading {
		if d := s.endParagraph(); d != nil {
			return d
		}
		if d := s.headingClasses(start, line); d != nil {
			return d
		}
	}
	if s.para && !s.table && s.paraLines == 1 && isDelimiterRow(rest) {
		// A table: goldmark parses each cell on its own, so each row
		// counts as its own paragraph.
		s.table = true
	}
	if s.table {
		if d := s.endParagraph(); d != nil {
			return d
		}
		s.table = true
	}
	if !s.para {
		s.para, s.paraLine, s.paraCol = true, s.line, i
	}
	s.paraLines++
	if d := s.inline(start+i, end); d != nil {
		return d
	}
	if heading {
		return s.endParagraph()
	}
	return nil
}

// nesting tracks how deep the line sits in block quotes and list items and
// refuses it past maxNesting. List items opened on earlier lines are
// tracked by their content column, as CommonMark does; a line that is not
// a list item closes the deeper ones only after a blank line (otherwise it
// may be a lazy continuation). The estimate never falls below the real
// depth by more than the quotes the line leaves out.
func (s *shapeScanner) nesting(line []byte, quotes int, items []int, blank bool) *diag.Diagnostic {
	if blank {
		return nil
	}
	indent := len(line) - len(bytes.TrimLeft(line, " \t>"))
	if len(items) > 0 {
		indent = items[0] - 2 // the marker's own column
	}
	if len(items) > 0 || s.afterGap {
		for len(s.lists) > 0 && s.lists[len(s.lists)-1] > indent {
			s.lists = s.lists[:len(s.lists)-1]
		}
	}
	depth := quotes + len(s.lists) + len(items)
	if depth > maxNesting {
		return s.pos(s.lineStart).Errorf("block quotes and lists nested %d deep here (at most %d): goldmark's time grows with the depth on every line; flatten the nesting", depth, maxNesting)
	}
	s.lists = append(s.lists, items...)
	return nil
}

// inline counts the markers of one line of a paragraph.
func (s *shapeScanner) inline(start, end int) *diag.Diagnostic {
	src := s.src
	for i := start; i < end; i++ {
		c := src[i]
		switch c {
		case '\\':
			i++ // an escaped character is text
			continue
		case '*', '_', '~':
			if i > start && src[i-1] == c {
				continue // one delimiter run
			}
		case '[':
			if i+1 < end && src[i+1] == '^' {
				if d := s.footnote(i, i == start && isFootnoteDef(src[i:end])); d != nil {
					return d
				}
			}
		case ']':
			if i+1 < end && src[i+1] == '(' {
				s.linkScan += s.destinationScan(i+2, end)
				if s.linkScan > maxLinkScan {
					return s.pos(i).Errorf("too many unclosed links on long lines in this paragraph (\"](\" without its \")\"): goldmark reads to the end of the line for each; close the links or split the paragraph")
				}
			}
		default:
			continue
		}
		s.markers++
		if s.markers > maxInlineMarkers {
			return s.pos(i).Errorf("this paragraph has more than %d emphasis and link markers (*, _, ~, [, ]): goldmark's time grows with their square; split the paragraph or escape the markers with \\", maxInlineMarkers)
		}
	}
	return nil
}

// destinationScan estimates how far goldmark reads for a link destination
// starting at i: to the next '>' for "<dest>", else to the next blank, and
// never past the line. The next-'>' and next-blank indexes only move
// forward, so a line of many "](" is still read once.
func (s *shapeScanner) destinationScan(i, end int) int {
	next := &s.nextBlank
	find := func(c byte) bool { return c == ' ' || c == '\t' }
	if i < end && s.src[i] == '<' {
		next, find = &s.nextGT, func(c byte) bool { return c == '>' }
	}
	if *next < i {
		*next = i
		for *next < end && !find(s.src[*next]) {
			*next++
		}
	}
	return *next - i + 1
}

// footnote counts a footnote reference or definition and refuses the file
// when references × definitions passes maxFootnotePairs.
func (s *shapeScanner) footnote(i int, def bool) *diag.Diagnostic {
	if def {
		s.footDefs++
	} else {
		s.footRefs++
	}
	if s.footDefs*s.footRefs > maxFootnotePairs {
		return s.pos(i).Errorf("too many footnotes: %d references to %d footnotes (references × footnotes at most %d): goldmark matches each reference against every footnote; split the file", s.footRefs, s.footDefs, maxFootnotePairs)
	}
	return nil
}

// endParagraph adds the paragraph just read to the file's inline work.
func (s *shapeScanner) endParagraph() *diag.Diagnostic {
	if !s.para {
		return nil
	}
	s.work += s.markers*s.markers + s.linkScan
	line, col := s.paraLine, s.paraCol
	s.para, s.table, s.paraLines, s.markers, s.linkScan = false, false, 0, 0, 0
	if s.work > maxInlineWork {
		// Report where the paragraph that passed the limit starts.
		start := 0
		for l := 0; l < line; l++ {
			start += bytes.IndexByte(s.src[start:], '\n') + 1
		}
		return diag.Pos{File: s.doc.File, Line: s.doc.BodyLine + line, Col: utf8.RuneCount(s.src[start:start+col]) + 1}.Errorf("this file has too much emphasis and link markup in total, up to this paragraph: goldmark's time grows with the square of the markers in each paragraph; split the file or its longest paragraphs")
	}
	return nil
}

// headingClasses refuses a heading whose {attribute} block lists more than
// maxHeadingClasses classes.
func (s *shapeScanner) headingClasses(start int, line []byte) *diag.Diagnostic {
	open := bytes.LastIndexByte(line, '{')
	if open < 0 {
		return nil
	}
	if n := bytes.Count(line[open:], []byte(".")); n > maxHeadingClasses {
		return s.pos(start+open).Errorf("this heading's {attributes} list %d classes (at most %d): goldmark copies the list for each class; remove most of them", n, maxHeadingClasses)
	}
	return nil
}

// containerPrefix reads the block-quote markers and list-item markers at
// the start of a line. It returns where the rest starts, the number of
// quotes, and the content column of each list item opened on the line.
// With items false (inside a fenced code block) it reads nothing.
//
// Any indentation is taken before a marker, though four more spaces than
// the enclosing item's content make an indented code block: counting a
// few such lines too deep is harmless, missing cmark's lists indented one
// step more on each line is not.
func containerPrefix(line []byte, items bool) (rest, quotes int, cols []int) {
	i := 0
	if !items {
		return 0, 0, nil
	}
	// From breakAt on, the line is one of '-', '*', '_' and blanks: a
	// marker there may start a thematic break rather than a list item.
	// Found once, so a line of many markers is still read in linear time.
	breakAt := thematicTail(line)
	for {
		j := i
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		if j >= len(line) {
			return i, quotes, cols
		}
		switch c := line[j]; {
		case c == '>':
			quotes++
			i = j + 1
			if i < len(line) && line[i] == ' ' {
				i++
			}
			continue
		case (c == '-' || c == '+' || c == '*') && j >= breakAt && isThematicBreak(line[j:]):
			return i, quotes, cols
		case c == '-' || c == '+' || c == '*':
			if j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t' {
				i = min(j+2, len(line))
				cols = append(cols, i)
				continue
			}
		case '0' <= c && c <= '9':
			k := j
			for k < len(line) && k-j < 9 && '0' <= line[k] && line[k] <= '9' {
				k++
			}
			if k < len(line) && (line[k] == '.' || line[k] == ')') &&
				(k+1 == len(line) || line[k+1] == ' ' || line[k+1] == '\t') {
				i = min(k+2, len(line))
				cols = append(cols, i)
				continue
			}
		}
		return i, quotes, cols
	}
}

// thematicTail returns where the longest tail of l made of one of '-',
// '*', '_' and blanks starts (len(l)+1 when there is none).
func thematicTail(l []byte) int {
	end := len(l)
	for end > 0 && (l[end-1] == ' ' || l[end-1] == '\t') {
		end--
	}
	if end == 0 || (l[end-1] != '-' && l[end-1] != '*' && l[end-1] != '_') {
		return len(l) + 1
	}
	c, i := l[end-1], end
	for i > 0 && (l[i-1] == c || l[i-1] == ' ' || l[i-1] == '\t') {
		i--
	}
	return i
}

func isThematicBreak(l []byte) bool {
	l = bytes.TrimSpace(l)
	if len(l) < 3 || (l[0] != '-' && l[0] != '*' && l[0] != '_') {
		return false
	}
	n := 0
	for _, c := range l {
		switch c {
		case l[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// fenceOpen returns the fence ("```" or "~~~", as long as written) a line
// opens, or nil.
func fenceOpen(l []byte) []byte {
	l = bytes.TrimLeft(l, " ")
	if len(l) < 3 || (l[0] != '`' && l[0] != '~') {
		return nil
	}
	n := 0
	for n < len(l) && l[n] == l[0] {
		n++
	}
	if n < 3 || (l[0] == '`' && bytes.IndexByte(l[n:], '`') >= 0) {
		return nil
	}
	return l[:n]
}

func isFenceClose(l, fence []byte) bool {
	l = bytes.TrimSpace(l)
	if len(l) < len(fence) {
		return false
	}
	for _, c := range l {
		if c != fence[0] {
			return false
		}
	}
	return true
}

// isDelimiterRow reports whether a line is a table's delimiter row
// ("|---|:-:|").
func isDelimiterRow(l []byte) bool {
	l = bytes.TrimSpace(l)
	dash := false
	for _, c := range l {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t':
		default:
			return false
		}
	}
	return dash
}

func isFootnoteDef(l []byte) bool {
	end := bytes.IndexByte(l, ']')
	return end > 2 && end+1 < len(l) && l[end+1] == ':'
}
