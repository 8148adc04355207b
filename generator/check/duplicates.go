package check

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"

	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// NearDuplicate is the Jaccard similarity of two bodies' shingle sets from
// which they are reported as near-duplicates.
const NearDuplicate = 0.8

// MinShingles is how many shingles a body needs to be compared at all:
// short bodies ("详见附件。") are alike by nature.
const MinShingles = 40

// checkDuplicates reports notices and policies with the same title in the
// same language, and bodies that share most of their text.
func checkDuplicates(s *site.Site, rel *relations, l *diag.List) {
	docs := documents(s)
	sameTitle := titleDuplicates(docs, rel)
	for _, m := range nearDuplicates(docs, rel) {
		newer, older := m.newer, m.older
		msg := fmt.Sprintf("near-duplicate of %s (%s similar)", older.File.SourcePath(), percent(m.similarity))
		if sameTitle[newer] == older {
			msg = fmt.Sprintf("duplicate of %s: same title and %s similar text", older.File.SourcePath(), percent(m.similarity))
			delete(sameTitle, newer)
		}
		if m.more > 0 {
			msg += fmt.Sprintf(" and like %d more older page%s", m.more, plural(m.more))
		}
		l.Add(newer.File.At("").Warnf("%s; if both are meant to be published, add params: {%s: %s} to one of them", msg, DuplicateOf, older.File.Path))
	}
	for newer, older := range sameTitle {
		l.Add(newer.File.At("title").Warnf("same title as %s: tell the two apart in the title, or accept the pair with params: {%s: %s}", older.File.SourcePath(), DuplicateOf, older.File.Path))
	}
}

// titleDuplicates maps each page whose title an older page of the same
// language already has to the oldest such page, leaving out known pairs.
func titleDuplicates(docs []*site.Page, rel *relations) map[*site.Page]*site.Page {
	out := map[*site.Page]*site.Page{}
	groups := map[string][]*site.Page{} // oldest first, as docs
	for _, p := range docs {
		key := p.Lang + "\x00" + foldTitle(p.Title)
		for _, q := range groups[key] {
			if !rel.related(p, q) {
				out[p] = q
				break
			}
		}
		groups[key] = append(groups[key], p)
	}
	return out
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// foldTitle is a title's identity: full-width forms folded, letters
// lowercased, all white space dropped.
func foldTitle(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u3000':
			continue
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// match is a near-duplicate pair.
type match struct {
	newer, older *site.Page
	similarity   float64
	more         int // further older pages about as alike to the newer one
}

// nearDuplicates finds, for each page, the most similar older page whose
// body shares at least NearDuplicate of its shingles (Jaccard), leaving
// out known pairs. docs must be oldest first.
func nearDuplicates(docs []*site.Page, rel *relations) []match {
	texts := make([]string, len(docs))
	for i, p := range docs {
		texts[i] = bodyText(string(p.Body))
	}
	related := func(a, b int) bool { return rel.related(docs[a], docs[b]) }
	var out []match
	for _, m := range Similar(texts, NearDuplicate, related) {
		out = append(out, match{newer: docs[m.B], older: docs[m.A], similarity: m.Similarity, more: m.Others})
	}
	return out
}

var (
	tag       = regexp.MustCompile(`<[^>]*>`)
	footnotes = regexp.MustCompile(`(?s)<div class="footnotes".*`)
)

// bodyText is the readable text of a rendered body: tags dropped, entities
// decoded.
func bodyText(body string) string {
	body = footnotes.ReplaceAllString(body, "")
	return html.UnescapeString(tag.ReplaceAllString(body, " "))
}
