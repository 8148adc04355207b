package diag

import (
	"bytes"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// File names and messages come from the site being built, and a site can
// come from anyone who opens a pull request. Printed as they are, a file
// named "a.md\n::add-mask::…" or a message holding ESC sequences would
// write their own lines into a CI log or drive the clerk's terminal. So
// everything printed for a person goes through Printable, and the
// machine-readable forms (annotations, JSON) escape the same characters in
// their own syntax.

// Printable returns s safe to print as a line, or as the start of one, on
// a terminal or in a CI log, keeping Chinese and other text as it is:
//
//   - control characters (C0, DEL, C1), invisible format characters (bidi
//     overrides such as U+202E, zero-width characters) and line and
//     paragraph separators become Go-style escapes: \n, \t, \x1b, \u202e;
//     bytes that are not UTF-8 become \xNN. A line so stays one line, and
//     reads the same on screen as in the file.
//   - GitHub Actions' workflow commands cannot start: "##[" (the legacy
//     form, which the runner looks for anywhere in a line) becomes
//     "#\x23[", and a leading "::" (after spaces, which the runner skips)
//     becomes "\x3a:".
//
// Backslashes are left alone, so an escape in the output can be told from
// the text only by context; that is the price of readable Windows-style
// names, and nothing a terminal or a CI runner acts on.
func Printable(s string) string {
	s = escapeControls(s, false)
	s = strings.ReplaceAll(s, "##[", `#\x23[`)
	if rest := strings.TrimLeftFunc(s, unicode.IsSpace); strings.HasPrefix(rest, "::") {
		at := len(s) - len(rest)
		s = s[:at] + `\x3a` + s[at+1:]
	}
	return s
}

// hidden reports whether r is a rune a terminal acts on or shows as
// nothing: a control (C0, DEL, C1), a format character (Cf: bidi
// controls, zero-width spaces and joiners, the BOM, tag characters) or a
// line or paragraph separator.
func hidden(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// escapeControls escapes the hidden runes of s and its bytes that are not
// UTF-8. With keepBreaks, \r and \n stay, for a syntax that escapes them
// itself (workflow commands).
func escapeControls(s string, keepBreaks bool) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || hidden(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case keepBreaks && (r == '\n' || r == '\r'):
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < utf8.RuneSelf && hidden(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case hidden(r) && r > 0xffff:
			fmt.Fprintf(&b, `\U%08x`, r)
		case hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// escapeJSON rewrites encoded JSON so that the runes Printable escapes,
// which encoding/json leaves raw (DEL, C1, format characters), are \u
// escapes, and "##[" is "#\u0023[". The decoded data is unchanged: such
// runes only occur inside JSON strings, where the escapes mean the same.
// ASCII controls are left: encoding/json escapes them in strings, and
// outside strings they are the indentation's newlines.
func escapeJSON(data []byte) []byte {
	var b bytes.Buffer
	for len(data) > 0 {
		r, size := utf8.DecodeRune(data)
		switch {
		case r < 0x7f:
			b.WriteByte(data[0])
		case r != utf8.RuneError && hidden(r) && r > 0xffff:
			r1, r2 := utf16.EncodeRune(r)
			fmt.Fprintf(&b, `\u%04x\u%04x`, r1, r2)
		case r != utf8.RuneError && hidden(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.Write(data[:size])
		}
		data = data[size:]
	}
	return bytes.ReplaceAll(b.Bytes(), []byte("##["), []byte(`#\u0023[`))
}
