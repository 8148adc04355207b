package feeds

import "unicode/utf8"

// The feeds are written by appending to a byte slice rather than with
// encoding/xml and encoding/json, which spend most of their time in
// reflection. The escaping below is exactly theirs, so the bytes are the
// same; TestEscapeLikeEncoders checks it against them.

// xmlEscapes is how encoding/xml escapes each ASCII character in text and
// attribute values ("" for none). Control characters XML does not allow
// become U+FFFD.
var xmlEscapes = func() (t [utf8.RuneSelf]string) {
	for c := range ' ' {
		t[c] = "\uFFFD"
	}
	t['"'], t['\''], t['&'], t['<'], t['>'] = "&#34;", "&#39;", "&amp;", "&lt;", "&gt;"
	t['\t'], t['\n'], t['\r'] = "&#x9;", "&#xA;", "&#xD;"
	return t
}()

// appendXMLText appends s escaped as encoding/xml escapes text and
// attribute values (EscapeText): markup characters and white space other
// than spaces as references, invalid UTF-8 and characters outside XML's
// range as U+FFFD.
func appendXMLText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); {
		c, esc, n := s[i], "", 1
		switch {
		case c < utf8.RuneSelf:
			esc = xmlEscapes[c]
		case isRune3(s, i):
			n = 3
			if r := s[i : i+3]; r == "\uFFFE" || r == "\uFFFF" { // not allowed in XML
				esc = "\uFFFD"
			}
		default:
			r, width := utf8.DecodeRuneInString(s[i:])
			n = width
			if !inXMLRange(r) || r == utf8.RuneError && width == 1 {
				esc = "\uFFFD"
			}
		}
		if esc != "" {
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			last = i + n
		}
		i += n
	}
	return append(b, s[last:]...)
}

// isRune3 reports whether s[i:] starts with a three-byte UTF-8 sequence
// whose lead byte makes any continuation bytes valid (E1–EC, EE–EF), as
// for most CJK characters. Checking this first is much faster than
// utf8.DecodeRuneInString for Chinese text.
func isRune3(s string, i int) bool {
	if i+2 >= len(s) {
		return false
	}
	c := s[i]
	return (c >= 0xE1 && c <= 0xEC || c == 0xEE || c == 0xEF) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80
}

// inXMLRange reports whether XML allows r in a document (for r ≥ 0x80).
func inXMLRange(r rune) bool {
	return r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= utf8.MaxRune
}

// appendJSONString appends s as a JSON string as encoding/json writes it
// with SetEscapeHTML(false): quotes, backslashes and control characters
// escaped, invalid UTF-8 as \ufffd, and U+2028 and U+2029 as \u2028 and
// \u2029 (JavaScript does not allow them raw in strings).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	last := 0
	for i := 0; i < len(s); {
		c, esc, n := s[i], "", 1
		switch {
		case c < utf8.RuneSelf:
			esc = jsonEscapes[c]
		case isRune3(s, i): // U+2028 and U+2029 are among these
			n = 3
			switch s[i : i+3] {
			case "\u2028":
				esc = `\u2028`
			case "\u2029":
				esc = `\u2029`
			}
		default:
			r, width := utf8.DecodeRuneInString(s[i:])
			n = width
			if r == utf8.RuneError && width == 1 {
				esc = `\ufffd`
			}
		}
		if esc != "" {
			b = append(b, s[last:i]...)
			b = append(b, esc...)
			last = i + n
		}
		i += n
	}
	b = append(b, s[last:]...)
	return append(b, '"')
}

// jsonEscapes is how encoding/json escapes each ASCII character in a
// string ("" for none).
var jsonEscapes = func() (t [utf8.RuneSelf]string) {
	const hex = "0123456789abcdef"
	for c := range ' ' {
		t[c] = `\u00` + string(hex[c>>4]) + string(hex[c&0xF])
	}
	t['"'], t['\\'] = `\"`, `\\`
	t['\b'], t['\f'], t['\n'], t['\r'], t['\t'] = `\b`, `\f`, `\n`, `\r`, `\t`
	return t
}()
