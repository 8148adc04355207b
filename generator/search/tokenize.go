// Package search builds the site's search index at build time: the terms
// of every page, split by one tokenizer that the browser script
// (templates/assets/search.js) repeats for queries, written as small
// content-hashed files under /search/ so a browser fetches only the parts
// its query needs.
package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokens splits text into search terms, the same way for a notice and for
// a query:
//
//   - the text is NFKC-normalised and lower-cased, so full-width and
//     half-width forms (２０２１, Ａ) fold to one;
//   - a run of Chinese (or Japanese kana) characters gives its
//     overlapping bigrams and its last character alone: 就地过年 →
//     就地, 地过, 过年, 年. With prefix matching at query time this
//     finds any run of characters inside the text, one character
//     included;
//   - a run of letters and digits gives one word (2021, covid);
//   - digits directly followed by a Chinese character also give the
//     pair, so 〔2021〕3号 is found as 3号.
//
// Everything else (punctuation, spaces, brackets) separates terms.
// Terms are returned in text order, repeats included.
func Tokens(text string) []string {
	return appendTokens(nil, text)
}

// appendTokens appends the terms of text to out. Chinese terms are
// substrings of the normalised text and cost no allocation of their own.
func appendTokens(out []string, text string) []string {
	scan(text, func(term string, _ uint64) { out = append(out, term) })
	return out
}

// scan calls yield with each term of text in order, as Tokens describes.
// A Chinese term (a pair or a run's last character) comes with its key,
// its first character << 21 | its second (0 for a lone character); a
// word with key 0.
func scan(text string, yield func(term string, key uint64)) {
	text = nfkc(text)
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isCJK(r):
			// prev is the start of the previous character of the run.
			prev := i
			j := i + n
			for j < len(text) {
				r2, n := utf8.DecodeRuneInString(text[j:])
				if !isCJK(r2) {
					break
				}
				yield(text[prev:j+n], uint64(r)<<21|uint64(r2))
				prev, r = j, r2
				j += n
			}
			yield(text[prev:j], uint64(r)<<21)
			i = j
		case isWord(r):
			j := i + n
			digits := unicode.Is(unicode.Nd, r)
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isWord(r) {
					break
				}
				digits = digits && unicode.Is(unicode.Nd, r)
				j += n
			}
			// Lower-casing a word is lower-casing the text: no other
			// character has case, and a letter stays a letter.
			yield(strings.ToLower(text[i:j]), 0)
			if r, n := utf8.DecodeRuneInString(text[j:]); digits && j < len(text) && isCJK(r) {
				yield(text[i:j+n], 0)
			}
			i = j
		default:
			i += n
		}
	}
}

// QueryTerms returns the distinct terms a query must match: its tokens,
// less the last character of each run of two or more Chinese characters,
// which the run's last pair already covers (its prefix search would only
// fetch more of the index).
func QueryTerms(q string) []string {
	tokens := Tokens(q)
	var out []string
	for i, t := range tokens {
		if i > 0 && utf8.RuneCountInString(t) == 1 && isCJK([]rune(t)[0]) {
			if p := tokens[i-1]; utf8.RuneCountInString(p) == 2 && strings.HasSuffix(p, t) && isCJK([]rune(p)[0]) {
				continue
			}
		}
		out = append(out, t)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// isCJK reports whether r is written without spaces between words: Han
// characters and Japanese kana.
func isCJK(r rune) bool {
	if r < 0x2e80 { // below the first Han block: most text, looked up fast
		return false
	}
	if 0x4e00 <= r && r <= 0x9fff { // the common Han characters
		return true
	}
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// isWord reports whether r belongs to a word of a spaced script: a
// letter, a decimal digit or a combining mark.
func isWord(r rune) bool {
	if r < 0x80 {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return !isCJK(r) && (unicode.IsLetter(r) || unicode.Is(unicode.Nd, r) || unicode.Is(unicode.M, r))
}

// nfkc returns the NFKC form of text. A notice is mostly ASCII and common
// Han characters, which NFKC keeps and which never combine with the
// character before them (TestStableRunes checks both against the norm
// tables); so the text is split before each of them, and only the
// stretches of other characters, with the character before each, go
// through norm: most of the text is only copied.
func nfkc(text string) string {
	var out strings.Builder
	copied, last := 0, 0 // text[:copied] is in out; last starts a stable rune
	for i := 0; i < len(text); {
		r, n := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, n = utf8.DecodeRuneInString(text[i:])
		}
		if stable(r) {
			last, i = i, i+n
			continue
		}
		j := i + n
		for j < len(text) {
			r, n := utf8.DecodeRuneInString(text[j:])
			if stable(r) {
				break
			}
			j += n
		}
		if out.Cap() == 0 {
			out.Grow(len(text) + len(text)/16)
		}
		if f, ok := lone(r); ok && j == i+n {
			// A lone punctuation mark, as a rule: no need of the
			// character before.
			out.WriteString(text[copied:i])
			out.WriteString(f)
		} else {
			out.WriteString(text[copied:last])
			out.WriteString(norm.NFKC.String(text[last:j]))
		}
		copied, last, i = j, j, j
	}
	if out.Cap() == 0 {
		return text
	}
	out.WriteString(text[copied:])
	return out.String()
}

// lone returns the NFKC form of r between two stable runes, for the
// general and CJK punctuation and the full-width forms, when r too starts
// a segment (so the one before does not matter): norm's answers, asked
// once.
func lone(r rune) (string, bool) {
	for _, b := range loneForms {
		if b.lo <= r && r < b.lo+rune(len(b.forms)) {
			f := b.forms[r-b.lo]
			return f, f != ""
		}
	}
	return "", false
}

var loneForms = func() []struct {
	lo    rune
	forms []string
} {
	blocks := []struct {
		lo    rune
		forms []string
	}{{lo: 0x2000}, {lo: 0x3000}, {lo: 0xff00}}
	for k, n := range []int{0x70, 0x40, 0xf0} {
		blocks[k].forms = make([]string, n)
		for i := range n {
			s := string(blocks[k].lo + rune(i))
			if norm.NFKC.PropertiesString(s).BoundaryBefore() {
				blocks[k].forms[i] = norm.NFKC.String(s)
			}
		}
	}
	return blocks
}()

// stable reports whether NFKC keeps r and never joins it to the
// character before: ASCII, the Han blocks most text uses, and the Chinese
// punctuation that has no other form (、。《》「」【】“”‘’—).
func stable(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return true
	case r < 0x2014:
		return false
	case r <= 0x201d:
		return r == 0x2014 || r == 0x2018 || r == 0x2019 || r == 0x201c || r == 0x201d
	case r < 0x3001:
		return false
	case r <= 0x3011:
		return r <= 0x3002 || r >= 0x3008
	default:
		return 0x3400 <= r && r <= 0x4dbf || 0x4e00 <= r && r <= 0x9fff
	}
}
