package check

import (
	"fmt"
	"strings"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// checkLifecycle reports dates that contradict each other and supersedes
// between pages of different kinds. (A withdrawn notice without a reason is
// already an error of the build.)
func checkLifecycle(s *site.Site, l *diag.List) {
	loc := s.Config.Location
	day := func(t time.Time) string { return t.In(loc).Format("2006-01-02") }
	for _, p := range s.Pages {
		fm, f := p.Front, p.File
		if !fm.Expires.IsZero() && !fm.Effective.IsZero() && !site.ExpiresAt(fm.Expires).After(fm.Effective) {
			l.Add(f.At("expires").Errorf("expires (%s) is not after effective (%s): the notice would never be in force", day(fm.Expires), day(fm.Effective)))
		} else if !fm.Expires.IsZero() && !site.ExpiresAt(fm.Expires).After(fm.Date) {
			l.Add(f.At("expires").Warnf("expires (%s) is before the publication date (%s): the notice is expired the moment it is published", day(fm.Expires), day(fm.Date)))
		}
		if !fm.Written.IsZero() && day(fm.Written) > day(fm.Date) {
			l.Add(f.At("written").Warnf("written (%s) is after the publication date (%s): a document is written before it is published", day(fm.Written), day(fm.Date)))
		}
		if !fm.Updated.IsZero() {
			if fm.Updated.Before(fm.Date) {
				l.Add(f.At("updated").Warnf("updated (%s) is before the publication date (%s)", day(fm.Updated), day(fm.Date)))
			} else if !noted(p, day) {
				l.Add(f.At("updated").Warnf("updated (%s) has no changes note: add changes: [{date: %s, note: \"…\"}] saying what changed, for the public change history", day(fm.Updated), day(fm.Updated)))
			}
		}
		checkSupersedes(s.Config, p, l)
	}
}

// noted reports whether the page's change history has an entry for its
// latest update (dated that day or later).
func noted(p *site.Page, day func(time.Time) string) bool {
	for _, c := range p.Front.Changes {
		if day(c.Date) >= day(p.Front.Updated) {
			return true
		}
	}
	return false
}

// checkSupersedes reports a notice replacing something that is not a
// notice (or a policy something that is not a policy): the 已被替代 banner
// would say a notice replaced a page of another kind.
func checkSupersedes(cfg *config.Config, p *site.Page, l *diag.List) {
	for i, target := range p.Front.Supersedes {
		at := p.File.At(fmt.Sprintf("supersedes.%d", i))
		kind := kindOf(cfg, target)
		switch {
		case kind == "": // not in a section; the build reports the path
		case p.Kind == config.KindPage:
			l.Add(at.Errorf("supersedes: %s is a plain page; only notices and policies replace one another (move it into a notice or policy section, or remove supersedes)", p.File.SourcePath()))
			return
		case kind != p.Kind:
			l.Add(at.Errorf("supersedes: %q is %s, not %s: a %s can only replace another %s", target, article(kind), article(p.Kind), p.Kind, p.Kind))
		}
	}
}

func article(kind string) string {
	if kind == config.KindPage {
		return "a plain page"
	}
	return "a " + kind
}

// checkDocNumbers reports two documents of the same lead department with
// the same document number (发文字号), which identifies one document.
// Translations, a document and the one superseding it, and accepted
// duplicates may share a number.
func checkDocNumbers(s *site.Site, rel *relations, l *diag.List) {
	groups := map[string][]*site.Page{}
	for _, p := range documentsByPath(s) {
		if strings.TrimSpace(p.Front.DocNumber) == "" || len(p.Front.Department) == 0 {
			continue
		}
		key := foldTitle(p.Front.Department[0]) + "\x00" + foldDocNumber(p.Front.DocNumber)
		for _, q := range groups[key] {
			if !rel.related(p, q) {
				l.Add(p.File.At("doc_number").Errorf("doc_number %q is also used by %s, from the same lead department %q: each document has its own number", p.Front.DocNumber, q.File.SourcePath(), strings.TrimSpace(p.Front.Department[0])))
				break
			}
		}
		groups[key] = append(groups[key], p)
	}
}

func documentsByPath(s *site.Site) []*site.Page {
	docs := append([]*site.Page(nil), s.Pages...)
	sortByPath(docs)
	return docs
}

// foldDocNumber is a document number's identity: the forms clerks type for
// the year brackets (〔〕, [], 【】, （）) are one, and spaces and
// full-width forms do not count.
func foldDocNumber(s string) string {
	s = foldTitle(s)
	return strings.NewReplacer("〔", "[", "〕", "]", "【", "[", "】", "]", "﹝", "[", "﹞", "]", "(", "[", ")", "]", "［", "[", "］", "]").Replace(s)
}
