package check

import (
	"regexp"
	"strings"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// checkStructure reports headings that skip levels or head nothing, and
// notices and policies that do not say who issued them, and notes a site
// without an accessibility statement.
func checkStructure(s *site.Site, l *diag.List) {
	if !hasPageAt(s, "/accessibility/") {
		l.Add(diag.Pos{File: "content/accessibility.md"}.Notef("the site has no accessibility statement (无障碍声明), so the footer links none: add content/accessibility.md saying how the site can be read and whom to tell about barriers (bulletin init writes one)"))
	}
	for _, p := range s.Pages {
		checkHeadingLevels(p, l)
		checkEmptySections(p, l)
		if p.Kind != config.KindPage && !hasDepartment(p) {
			l.Add(p.File.At("department").Warnf("this %s has no department: name who issues it (department: …), lead issuer first", p.Kind))
		}
	}
}

// hasPageAt reports whether a page of s has the URL url.
func hasPageAt(s *site.Site, url string) bool {
	for _, p := range s.Pages {
		if p.URL == url {
			return true
		}
	}
	return false
}

func hasDepartment(p *site.Page) bool {
	for _, d := range p.Front.Department {
		if strings.TrimSpace(d) != "" {
			return true
		}
	}
	return false
}

// checkHeadingLevels reports a level-1 heading in a body (the page title is
// the page's only h1) and a heading more than one level below the one
// before it, which screen reader users navigate by.
func checkHeadingLevels(p *site.Page, l *diag.List) {
	prev := 1 // the title
	for _, h := range p.Headings {
		at := diag.Pos{File: p.File.SourcePath(), Line: h.Line, Col: 1}
		switch {
		case h.Level == 1:
			l.Add(at.Warnf("level-1 heading %q: the title is the page's heading; start sections with ## (level 2)", h.Text))
		case h.Level > prev+1:
			l.Add(at.Warnf("heading %q skips from level %d to %d: use %s", h.Text, prev, h.Level, strings.Repeat("#", prev+1)))
		}
		prev = h.Level
	}
}

var (
	headingOpen  = regexp.MustCompile(`<h([1-6])[\s>]`)
	headingClose = regexp.MustCompile(`</h[1-6]>`)
)

// checkEmptySections reports a heading with nothing under it: followed
// directly by a heading of the same or a higher level, or ending the body.
// It reads the rendered body, so every Markdown form of a heading counts.
func checkEmptySections(p *site.Page, l *diag.List) {
	body := footnotes.ReplaceAllString(string(p.Body), "")
	opens := headingOpen.FindAllStringSubmatchIndex(body, -1)
	if len(opens) != len(p.Headings) {
		return // raw HTML headings (unsafe_html): positions would not match
	}
	for i, h := range p.Headings {
		closing := headingClose.FindStringIndex(body[opens[i][1]:])
		if closing == nil {
			return
		}
		start := opens[i][1] + closing[1]
		end := len(body)
		if i+1 < len(opens) {
			end = opens[i+1][0]
		}
		if strings.TrimSpace(body[start:end]) != "" {
			continue
		}
		if i+1 < len(p.Headings) && p.Headings[i+1].Level > h.Level {
			continue // a subsection follows
		}
		at := diag.Pos{File: p.File.SourcePath(), Line: h.Line, Col: 1}
		if i+1 == len(p.Headings) {
			l.Add(at.Warnf("empty section %q: nothing follows the heading; add its text or remove it", h.Text))
		} else {
			l.Add(at.Warnf("empty section %q: the next heading follows directly; add its text or remove it", h.Text))
		}
	}
}
