package search

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"time"
	"unicode/utf8"
)

// Doc is one page as the index sees it.
type Doc struct {
	URL   string
	Title string
	// Numbers are the document and index numbers, searched with the
	// title's weight.
	Numbers    []string
	Body       string // plain text
	Excerpt    string // shown under a result: the summary, else the body's start
	Date       time.Time
	Department []string
	Category   string
	// State is "" for a page in force, else "expired", "withdrawn",
	// "superseded" or "repealed"; such pages rank below those in force.
	State string

	// lazy, when set, makes the body when the index counts its terms,
	// which a one-off build then drops (see WritePages).
	lazy func() string
}

// body returns the document's plain text.
func (d *Doc) body() string {
	if d.Body == "" && d.lazy != nil {
		return d.lazy()
	}
	return d.Body
}

// File is one file of the index, named relative to the index folder.
type File struct {
	Name string
	Data []byte
}

// hashed names a file by its content, so a browser may cache it forever.
func hashed(prefix, ext string, data []byte) string {
	sum := sha256.Sum256(data)
	return prefix + hex.EncodeToString(sum[:6]) + ext
}

// Text returns the text of rendered HTML: tags dropped, character
// references decoded. A block's tag separates words; an inline one (a
// link, emphasis) does not, so 请<strong>就地</strong>过年 stays one run of
// characters. Markdown's renderer escapes every '<' of text, so each one
// in its output opens a tag.
func Text(h string) string {
	text := rawText(h)
	var out strings.Builder
	out.Grow(len(text))
	for f := range strings.FieldsSeq(text) {
		if out.Len() > 0 {
			out.WriteByte(' ')
		}
		out.WriteString(f)
	}
	return out.String()
}

// rawText is Text with its spaces as they come: what the tokenizer
// reads, to which any run of spaces is one.
func rawText(h string) string {
	var sb strings.Builder
	sb.Grow(len(h))
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			sb.WriteString(h)
			break
		}
		sb.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		if !inline[tagName(h[i+1:i+j])] {
			sb.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	return html.UnescapeString(sb.String())
}

// Excerpt returns the first n characters of text, with an ellipsis when
// it cuts.
func Excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	return strings.TrimSpace(string(r)) + "…"
}

// inline are the elements that do not separate words.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "cite": true, "code": true, "del": true,
	"em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true,
	"s": true, "small": true, "span": true, "strong": true, "sub": true,
	"sup": true, "time": true, "u": true,
}

// tagName returns the lower-case element name of a tag's inside
// ("/a", "a href=…" → "a").
func tagName(tag string) string {
	tag = strings.TrimPrefix(tag, "/")
	end := strings.IndexAny(tag, " \t\n/")
	if end >= 0 {
		tag = tag[:end]
	}
	return strings.ToLower(tag)
}
