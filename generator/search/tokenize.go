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

// appendTokens appends the terms of text to out. The terms are substrings
// of the normalised text, so they cost no allocation of their own.
func appendTokens(out []string, text string) []string {
	text = strings.ToLower(norm.NFKC.String(text))
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case isCJK(r):
			// prev is the start of the previous character of the run.
			prev := i
			j := i + n
			for j < len(text) {
				r, n := utf8.DecodeRuneInString(text[j:])
				if !isCJK(r) {
					break
				}
				out = append(out, text[prev:j+n])
				prev = j
				j += n
			}
			out = append(out, text[prev:j])
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
			out = append(out, text[i:j])
			if r, n := utf8.DecodeRuneInString(text[j:]); digits && j < len(text) && isCJK(r) {
				out = append(out, text[i:j+n])
			}
			i = j
		default:
			i += n
		}
	}
	return out
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
