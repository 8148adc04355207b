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

// Contains is the share of a body's shingles found in a longer body from
// which the longer one is reported as containing it.
const Contains = 0.9

// checkDuplicates reports notices and policies with the same title in the
// same language, bodies that share most of their text, and bodies most of
// whose text is in a longer one.
func checkDuplicates(s *site.Site, rel *relations, l *diag.List) {
	docs := documents(s)
	sameTitle := titleDuplicates(docs, rel)
	texts := Prepare(bodyTexts(docs))
	related := func(a, b int) bool { return rel.related(docs[a], docs[b]) }
	accept := func(older *site.Page) string {
		return fmt.Sprintf("if both are meant to be published, add params: {%s: %s} to one of them", DuplicateOf, older.File.Path)
	}
	for _, m := range texts.Similar(NearDuplicate, related) {
		newer, older := docs[m.B], docs[m.A]
		msg := fmt.Sprintf("near-duplicate of %s (%s similar)", older.File.SourcePath(), percent(m.Similarity))
		if sameTitle[newer] == older {
			msg = fmt.Sprintf("duplicate of %s: same title and %s similar text", older.File.SourcePath(), percent(m.Similarity))
			delete(sameTitle, newer)
		}
		if m.Others > 0 {
			msg += fmt.Sprintf(" and like %d more older page%s", m.Others, plural(m.Others))
		}
		l.Add(newer.File.At("").Warnf("%s; %s", msg, accept(older)))
	}
	// A containment is reported on the newer page of the two, as a
	// near-duplicate is: the one that repeats the other.
	for _, m := range texts.Contained(Contains, related) {
		part, whole := docs[m.A], docs[m.B]
		var newer, older *site.Page
		var msg string
		if m.A > m.B { // docs are oldest first
			newer, older = part, whole
			msg = fmt.Sprintf("text contained in %s (%s of its text appears there)", older.File.SourcePath(), percent(m.Share))
			if sameTitle[newer] == older {
				msg = fmt.Sprintf("duplicate of %s: same title, and %s of its text appears there", older.File.SourcePath(), percent(m.Share))
			}
			if m.Others > 0 {
				msg += fmt.Sprintf(", and in %d more page%s", m.Others, plural(m.Others))
			}
		} else {
			newer, older = whole, part
			msg = fmt.Sprintf("contains the text of %s (%s of that text appears here)", older.File.SourcePath(), percent(m.Share))
			if sameTitle[newer] == older {
				msg = fmt.Sprintf("duplicate of %s: same title, and %s of that page's text appears here", older.File.SourcePath(), percent(m.Share))
			}
		}
		if sameTitle[newer] == older {
			delete(sameTitle, newer)
		}
		l.Add(newer.File.At("").Warnf("%s; delete one, or %s", msg, accept(older)))
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

// bodyTexts returns the readable text of each page's body.
func bodyTexts(pages []*site.Page) []string {
	out := make([]string, len(pages))
	for i, p := range pages {
		out[i] = bodyText(string(p.Body))
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
