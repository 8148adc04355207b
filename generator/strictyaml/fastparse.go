package strictyaml

import (
	"strings"
	"unicode/utf8"

	"gopkg.in/yaml.v3"
)

// Front matter is a small, regular part of YAML, and yaml.v3's general
// parser spends about 60 µs on each file: most of the front-matter cost of a
// large build. parseFast reads that part itself, line by line, and builds the
// very tree yaml.Unmarshal would (kinds, styles, tags, values, lines,
// columns and comments), so everything downstream, error messages included,
// behaves the same. It gives up at the first construct it does not know to
// the letter, and the caller then asks yaml.v3; it never guesses.
// TestFastParseMatchesYAML, TestFastParseRandomDocuments and FuzzFastParse
// hold it to that.
//
// The subset:
//
//   - a block mapping at column 1 of "key: value" lines, with plain keys made
//     of letters, digits, '_', '-', '.', '/' and non-ASCII text (not
//     starting with '-' or '.');
//   - values that are plain scalars, single- or double-quoted scalars (with
//     yaml.v3's escapes), all on one line; nothing ("key:");
//     nested block mappings; block sequences, indented or not, whose items
//     are scalars or compact mappings ("- file: a.pdf" then "  title: x");
//     one-line flow sequences and mappings of scalars ("[a, "b"]",
//     "{title: x, file: y}");
//   - a comment after a value on its line, or after "key:", and blocks of
//     whole-line comments at column 1 right above a top-level key.
//
// Anything else falls back: tabs, CR, a BOM, control characters, anchors,
// aliases, tags, block scalars, multi-line scalars and flows, "? " keys,
// quoted keys, directives and document markers, empty items, other comment
// placements, and "<<".

// maxDepth bounds the nesting parseFast follows; front matter needs three.
const maxDepth = 16

// maxKeyLen bounds keys, in bytes, well below yaml.v3's limit.
const maxKeyLen = 128

type fastParser struct {
	src   string // the whole input; node values are substrings of it
	lines []fastLine
	i     int    // the line being parsed
	head  string // comment block waiting for the next top-level key

	// Allocation is most of parseFast's cost, so nodes come from slabs and
	// the children of the collections being parsed wait on one stack, each
	// collection copying its own out in one piece when it ends.
	slab []yaml.Node
	kids []*yaml.Node
}

// node returns a new node. (Setting fields one by one is cheaper than
// copying a whole yaml.Node.)
func (p *fastParser) node(kind yaml.Kind, style yaml.Style, tag, value string, line, col int) *yaml.Node {
	if len(p.slab) == 0 {
		// Enough for "key: value" lines and flow items, usually.
		p.slab = make([]yaml.Node, 2*len(p.lines)+strings.Count(p.src, ",")+strings.Count(p.src, "[")+8)
	}
	n := &p.slab[0]
	p.slab = p.slab[1:]
	n.Kind, n.Style, n.Tag, n.Value, n.Line, n.Column = kind, style, tag, value, line, col
	return n
}

// collect returns the children pushed on p.kids since base, as Content;
// like yaml.v3, nil for none.
func (p *fastParser) collect(base int) []*yaml.Node {
	if len(p.kids) == base {
		return nil
	}
	c := make([]*yaml.Node, len(p.kids)-base)
	copy(c, p.kids[base:])
	p.kids = p.kids[:base]
	return c
}

type fastLine struct {
	text   string // without the line break
	num    int    // 1-based
	indent int    // leading spaces
	blank  bool   // spaces only
}

func (l *fastLine) comment() bool { return !l.blank && l.text[l.indent] == '#' }

// seqEntry reports whether the line is a block sequence entry "- …". An
// entry with nothing after the dash is left to yaml.v3.
func (l *fastLine) seqEntry() bool {
	return !l.blank && l.text[l.indent] == '-' && l.indent+1 < len(l.text) && l.text[l.indent+1] == ' '
}

// parseFast parses src into doc as yaml.Unmarshal(src, doc) would, or
// reports false without touching doc if src strays from the subset above.
func parseFast(src []byte, doc *yaml.Node) bool {
	if !plainText(src) {
		return false
	}
	p := &fastParser{src: string(src)}
	p.splitLines()
	l, ok := p.peek()
	if !ok {
		return false
	}
	if l == nil {
		*doc = yaml.Node{} // blank: yaml.v3 leaves the node zero
		return true
	}
	if l.indent != 0 {
		return false
	}
	root, ok := p.mapping(0, 0)
	if !ok {
		return false
	}
	if l, ok := p.peek(); l != nil || !ok {
		return false
	}
	*doc = yaml.Node{Kind: yaml.DocumentNode, Line: root.Line, Column: root.Column, Content: []*yaml.Node{root}}
	return true
}

// plainText reports whether src is valid UTF-8 made only of characters
// that mean nothing special to yaml.v3's reader: printable ASCII, LF, and
// non-ASCII text other than the BOM, the Unicode line breaks (NEL, LS, PS)
// and non-characters. Tabs and CR are refused too: their rules on
// indentation and line ends are not worth copying for front matter.
func plainText(src []byte) bool {
	for i := 0; i < len(src); {
		c := src[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError || r < 0xa0 || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff {
			return false // RuneError: invalid UTF-8 (U+FFFD itself is refused too, harmlessly)
		}
		i += size
	}
	return true
}

func (p *fastParser) splitLines() {
	s := p.src
	p.lines = make([]fastLine, 0, strings.Count(s, "\n")+1)
	for num := 1; len(s) > 0; num++ {
		text, rest, _ := strings.Cut(s, "\n")
		s = rest
		indent := 0
		for indent < len(text) && text[indent] == ' ' {
			indent++
		}
		p.lines = append(p.lines, fastLine{text: text, num: num, indent: indent, blank: indent == len(text)})
	}
}

// peek moves past blank lines and returns the next line with content, nil
// at the end. A block of whole-line comments is understood only at column
// 1 right above a top-level key, where yaml.v3 makes it the key's
// HeadComment; anywhere else peek reports false.
func (p *fastParser) peek() (*fastLine, bool) {
	for ; p.i < len(p.lines); p.i++ {
		l := &p.lines[p.i]
		if l.blank {
			continue
		}
		if !l.comment() {
			return l, true
		}
		j := p.i
		for j < len(p.lines) && p.lines[j].indent == 0 && p.lines[j].comment() {
			j++
		}
		if p.head != "" || j == len(p.lines) {
			return nil, false
		}
		next := &p.lines[j]
		if next.blank || next.indent != 0 || next.comment() || next.text[0] == '-' {
			return nil, false
		}
		p.head = strings.Join(lineTexts(p.lines[p.i:j]), "\n")
		p.i = j
		return next, true
	}
	return nil, true
}

func lineTexts(ls []fastLine) []string {
	out := make([]string, len(ls))
	for i := range ls {
		out[i] = ls[i].text
	}
	return out
}

// mapping parses a block mapping whose keys sit at byte col of their
// lines; the first key is on line p.i (after "- " for a mapping inside a
// sequence item), the others start their lines.
func (p *fastParser) mapping(col, depth int) (*yaml.Node, bool) {
	if depth > maxDepth {
		return nil, false
	}
	var m *yaml.Node
	base := len(p.kids)
	for {
		k, v, ok := p.entry(col, depth)
		if !ok {
			return nil, false
		}
		if m == nil {
			m = p.node(yaml.MappingNode, 0, "!!map", "", k.Line, k.Column)
		}
		p.kids = append(p.kids, k, v)
		l, ok := p.peek()
		switch {
		case !ok:
			return nil, false
		case l == nil || l.indent < col:
			m.Content = p.collect(base)
			return m, true // the enclosing block goes on, or checks the line
		case l.indent > col:
			return nil, false // a continuation line, or an error
		}
	}
}

// entry parses one "key: value" of a block mapping at byte col; the key
// starts at col of line p.i. It leaves p.i past the value.
func (p *fastParser) entry(col, depth int) (k, v *yaml.Node, ok bool) {
	l := &p.lines[p.i]
	key, end := scanKey(l.text, col)
	if key == "" {
		return nil, nil, false
	}
	k = p.plainScalar(l, col, key)
	if p.head != "" {
		if col != 0 {
			return nil, nil, false
		}
		k.HeadComment, p.head = p.head, ""
	}
	colon := end // the ':' after the key
	pos := skipSpaces(l.text, colon+1)
	if pos == len(l.text) || l.text[pos] == '#' {
		// "key:" (maybe with a comment): the value is on the next lines,
		// or there is none.
		if pos < len(l.text) {
			k.LineComment = l.text[pos:]
		}
		p.i++
		next, ok := p.peek()
		switch {
		case !ok:
			return nil, nil, false
		case next != nil && next.seqEntry() && next.indent >= col:
			// Deeper, or at the key's own column: YAML's indentless list.
			v, ok = p.sequence(next.indent, col, depth+1)
		case next != nil && next.indent > col:
			v, ok = p.mapping(next.indent, depth+1)
		default:
			// Nothing: yaml.v3 puts the null just after the colon.
			v = p.node(yaml.ScalarNode, 0, "!!null", "", l.num, column(l.text, colon)+1)
			ok = true
		}
		return k, v, ok
	}
	v, ok = p.inlineValue(l, pos, col)
	return k, v, ok
}

// sequence parses a block sequence whose dashes sit at byte col. parent is
// the column of the mapping holding it: a sequence at the same column ends
// at the parent's next key.
func (p *fastParser) sequence(col, parent, depth int) (*yaml.Node, bool) {
	if depth > maxDepth {
		return nil, false
	}
	l := &p.lines[p.i]
	seq := p.node(yaml.SequenceNode, 0, "!!seq", "", l.num, col+1)
	base := len(p.kids)
	for {
		pos := skipSpaces(l.text, col+1)
		var item *yaml.Node
		var ok bool
		switch {
		case pos == len(l.text) || l.text[pos] == '#':
			return nil, false // an empty item, or one on the next lines
		case isKeyAt(l.text, pos):
			item, ok = p.mapping(pos, depth+1)
		default:
			// yaml.v3 counts an item's continuation lines from the
			// sequence's column, or from its parent's for an indentless
			// sequence; either way, deeper than col.
			item, ok = p.inlineValue(l, pos, col)
		}
		if !ok {
			return nil, false
		}
		p.kids = append(p.kids, item)
		next, ok := p.peek()
		switch {
		case !ok || next != nil && next.indent > col:
			return nil, false
		case next == nil || next.indent < col || !next.seqEntry() && col == parent:
			// The end, or the parent mapping's next key.
			seq.Content = p.collect(base)
			return seq, true
		case !next.seqEntry():
			return nil, false
		}
		l = next
	}
}

// inlineValue parses the value starting at byte pos of line l and the
// optional comment after it, which yaml.v3 keeps as the value's
// LineComment. The value must not go on to the next lines: those must not
// be indented deeper than col, the block the value belongs to.
func (p *fastParser) inlineValue(l *fastLine, pos, col int) (*yaml.Node, bool) {
	var v *yaml.Node
	var end int
	switch l.text[pos] {
	case '[':
		v, end = p.flowSequence(l, pos)
	case '{':
		v, end = p.flowMapping(l, pos)
	case '"', '\'':
		v, end = p.quoted(l, pos)
	default:
		var s string
		s, end = scanPlain(l.text, pos, false)
		if s == "" {
			return nil, false
		}
		v = p.plainScalar(l, pos, s)
	}
	if v == nil {
		return nil, false
	}
	rest := skipSpaces(l.text, end)
	switch {
	case rest == len(l.text):
	case l.text[rest] == '#' && rest > end:
		v.LineComment = l.text[rest:]
	default:
		return nil, false
	}
	p.i++
	next, ok := p.peek()
	if !ok || next != nil && next.indent > col {
		return nil, false
	}
	return v, true
}

// plainScalar makes the node of plain scalar s found at byte pos of l.
func (p *fastParser) plainScalar(l *fastLine, pos int, s string) *yaml.Node {
	return p.node(yaml.ScalarNode, 0, resolvePlain(s), s, l.num, column(l.text, pos))
}

// quoted parses a single- or double-quoted scalar that starts and ends on
// line l, at byte pos, and returns it and the byte after the closing quote.
func (p *fastParser) quoted(l *fastLine, pos int) (*yaml.Node, int) {
	var s string
	var end int
	var ok bool
	style := yaml.SingleQuotedStyle
	if l.text[pos] == '"' {
		style = yaml.DoubleQuotedStyle
		s, end, ok = scanDoubleQuoted(l.text, pos)
	} else {
		s, end, ok = scanSingleQuoted(l.text, pos)
	}
	if !ok {
		return nil, 0
	}
	return p.node(yaml.ScalarNode, style, "!!str", s, l.num, column(l.text, pos)), end
}

// flowSequence parses "[a, b, "c"]" at byte pos of line l: scalars only,
// all on the line, no empty or trailing entries.
func (p *fastParser) flowSequence(l *fastLine, pos int) (*yaml.Node, int) {
	seq := p.node(yaml.SequenceNode, yaml.FlowStyle, "!!seq", "", l.num, column(l.text, pos))
	i := skipSpaces(l.text, pos+1)
	if i < len(l.text) && l.text[i] == ']' {
		return seq, i + 1
	}
	base := len(p.kids)
	for {
		item, end := p.flowScalar(l, i, ']')
		if item == nil {
			return nil, 0
		}
		p.kids = append(p.kids, item)
		i = skipSpaces(l.text, end)
		switch {
		case i == len(l.text):
			return nil, 0
		case l.text[i] == ']':
			seq.Content = p.collect(base)
			return seq, i + 1
		case l.text[i] != ',':
			return nil, 0
		}
		i = skipSpaces(l.text, i+1)
	}
}

// flowMapping parses "{k: v, k2: "v2"}" at byte pos of line l: plain keys
// with scalar values, all on the line.
func (p *fastParser) flowMapping(l *fastLine, pos int) (*yaml.Node, int) {
	m := p.node(yaml.MappingNode, yaml.FlowStyle, "!!map", "", l.num, column(l.text, pos))
	i := skipSpaces(l.text, pos+1)
	if i < len(l.text) && l.text[i] == '}' {
		return m, i + 1
	}
	base := len(p.kids)
	for {
		key, end := scanKey(l.text, i)
		if key == "" {
			return nil, 0
		}
		k := p.plainScalar(l, i, key)
		if end+1 == len(l.text) || l.text[end+1] != ' ' {
			return nil, 0
		}
		i = skipSpaces(l.text, end+1)
		v, end := p.flowScalar(l, i, '}')
		if v == nil {
			return nil, 0
		}
		p.kids = append(p.kids, k, v)
		i = skipSpaces(l.text, end)
		switch {
		case i == len(l.text):
			return nil, 0
		case l.text[i] == '}':
			m.Content = p.collect(base)
			return m, i + 1
		case l.text[i] != ',':
			return nil, 0
		}
		i = skipSpaces(l.text, i+1)
	}
}

// flowScalar parses a scalar inside a flow collection closed by closer, at
// byte pos of line l, and returns it and the byte after it.
func (p *fastParser) flowScalar(l *fastLine, pos int, closer byte) (*yaml.Node, int) {
	if pos == len(l.text) {
		return nil, 0
	}
	if c := l.text[pos]; c == '"' || c == '\'' {
		return p.quoted(l, pos)
	}
	s, end := scanPlain(l.text, pos, true)
	if s == "" || end < len(l.text) && l.text[end] != ',' && l.text[end] != closer && l.text[end] != ' ' {
		return nil, 0
	}
	return p.plainScalar(l, pos, s), end
}

// scanKey reads a plain block-mapping key at byte pos of text and returns it
// and the byte offset of the ':' after it, or "" if there is no such key.
// Keys are kept to characters that cannot start or end anything in YAML.
func scanKey(text string, pos int) (string, int) {
	i := pos
	for i < len(text) && keyByte(text[i]) {
		i++
	}
	if i == pos || i == len(text) || text[i] != ':' || (i+1 < len(text) && text[i+1] != ' ') {
		return "", 0
	}
	if c := text[pos]; c == '-' || c == '.' {
		return "", 0 // "- ", "---", "..." and friends
	}
	if i-pos > maxKeyLen {
		return "", 0 // yaml.v3 refuses implicit keys over 1024 characters
	}
	return text[pos:i], i
}

func keyByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '_' || c == '-' || c == '.' || c == '/' || c >= utf8.RuneSelf
}

// isKeyAt reports whether a "key:" starts at byte pos of text.
func isKeyAt(text string, pos int) bool {
	key, _ := scanKey(text, pos)
	return key != ""
}

// scanPlain reads a one-line plain scalar at byte pos of text and returns it
// (trailing spaces trimmed) and the byte after it, or "" if the scalar is
// not one parseFast understands. Outside flows the scalar runs to the end
// of the line or to a comment; ": " there is an error yaml.v3 must report.
// Inside flows it also stops at ',', '[', ']', '{', '}', and ':' and '?',
// which have flow-specific meanings, are refused.
func scanPlain(text string, pos int, inFlow bool) (string, int) {
	c := text[pos]
	switch c {
	case '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`':
		return "", 0
	case '-':
		// "-x" is a plain scalar, "- x" a sequence entry.
		if inFlow || pos+1 == len(text) || text[pos+1] == ' ' {
			return "", 0
		}
	}
	end := pos // after the last non-space byte
loop:
	for i := pos; i < len(text); i++ {
		switch text[i] {
		case ' ':
			if i+1 < len(text) && text[i+1] == '#' {
				break loop // a comment
			}
			continue
		case ':':
			if inFlow || i+1 == len(text) || text[i+1] == ' ' {
				return "", 0
			}
		case '?':
			if inFlow {
				return "", 0
			}
		case ',', '[', ']', '{', '}':
			if inFlow {
				break loop
			}
		}
		end = i + 1
	}
	s := text[pos:end]
	if s == "<<" {
		return "", 0 // a merge key: yaml.v3 tags it !!merge
	}
	return s, end
}

// scanSingleQuoted reads a single-quoted scalar at byte pos, where two
// quotes stand for one.
func scanSingleQuoted(text string, pos int) (string, int, bool) {
	var b []byte // nil until a doubled quote needs unescaping
	start := pos + 1
	for i := start; i < len(text); i++ {
		if text[i] != '\'' {
			continue
		}
		if i+1 < len(text) && text[i+1] == '\'' {
			b = append(b, text[start:i+1]...)
			i++
			start = i + 1
			continue
		}
		if b == nil {
			return text[pos+1 : i], i + 1, true
		}
		return string(append(b, text[start:i]...)), i + 1, true
	}
	return "", 0, false // goes on to the next line
}

// doubleEscapes are the one-character escapes of double-quoted scalars, as
// yaml.v3's scanner expands them.
var doubleEscapes = [256]string{
	'0': "\x00", 'a': "\a", 'b': "\b", 't': "\t", 'n': "\n", 'v': "\v", 'f': "\f",
	'r': "\r", 'e': "\x1b", ' ': " ", '"': "\"", '\'': "'", '\\': "\\",
	'N': "\u0085", '_': "\u00a0", 'L': "\u2028", 'P': "\u2029",
}

// scanDoubleQuoted reads "text" at byte pos, expanding escapes.
func scanDoubleQuoted(text string, pos int) (string, int, bool) {
	var b []byte // nil until an escape needs expanding
	start := pos + 1
	for i := start; i < len(text); i++ {
		switch text[i] {
		case '"':
			if b == nil {
				return text[pos+1 : i], i + 1, true
			}
			return string(append(b, text[start:i]...)), i + 1, true
		case '\\':
			if i+1 == len(text) {
				return "", 0, false // an escaped line break
			}
			b = append(b, text[start:i]...)
			e := text[i+1]
			if s := doubleEscapes[e]; s != "" {
				b = append(b, s...)
				i++
				start = i + 1
				continue
			}
			n := hexDigits(e)
			if n == 0 || i+2+n > len(text) {
				return "", 0, false // an unknown escape: yaml.v3 reports it
			}
			r, ok := parseHex(text[i+2 : i+2+n])
			if !ok || (r >= 0xd800 && r <= 0xdfff) || r > 0x10ffff {
				return "", 0, false // yaml.v3 reports these
			}
			b = utf8.AppendRune(b, rune(r))
			i += 1 + n
			start = i + 1
		}
	}
	return "", 0, false // goes on to the next line
}

// hexDigits is the length of the code after the escapes \x, \u and \U.
func hexDigits(e byte) int {
	switch e {
	case 'x':
		return 2
	case 'u':
		return 4
	case 'U':
		return 8
	}
	return 0
}

func parseHex(s string) (int, bool) {
	r := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			r = r<<4 | int(c-'0')
		case 'a' <= c && c <= 'f':
			r = r<<4 | int(c-'a'+10)
		case 'A' <= c && c <= 'F':
			r = r<<4 | int(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

func skipSpaces(text string, i int) int {
	for i < len(text) && text[i] == ' ' {
		i++
	}
	return i
}

// column is yaml.v3's 1-based column of byte pos of text: it counts
// characters, not bytes.
func column(text string, pos int) int {
	return utf8.RuneCountInString(text[:pos]) + 1
}
