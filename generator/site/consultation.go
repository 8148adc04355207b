package site

import (
	"slices"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/diag"
)

// Consultation is a page's call for public comment (意见征集) as of the
// build's now.
type Consultation struct {
	*content.Consultation
	// State is upcoming (opens later), open, closed (no outcome yet) or
	// answered (the outcome is published).
	State string
	// IsOpen and the others are State as flags, for templates.
	IsUpcoming, IsOpen, IsClosed, IsAnswered bool
	// ClosesAt is when comments stop: the end of the closes day, like
	// expires (ExpiresAt).
	ClosesAt time.Time
	// OutcomePage is the page of the outcome's report, when it names one
	// that this build publishes.
	OutcomePage *Page
}

// Consultation states.
const (
	ConsultUpcoming = "upcoming"
	ConsultOpen     = "open"
	ConsultClosed   = "closed"
	ConsultAnswered = "answered"
)

// consultationAt is c's state at now.
func consultationAt(c *content.Consultation, now time.Time) *Consultation {
	k := &Consultation{Consultation: c, ClosesAt: ExpiresAt(c.Closes)}
	switch {
	case now.Before(c.Opens):
		k.State = ConsultUpcoming
	case now.Before(k.ClosesAt):
		k.State = ConsultOpen
	case c.Outcome != nil && !now.Before(c.Outcome.Date):
		k.State = ConsultAnswered
	default:
		k.State = ConsultClosed
	}
	k.IsUpcoming, k.IsOpen = k.State == ConsultUpcoming, k.State == ConsultOpen
	k.IsClosed, k.IsAnswered = k.State == ConsultClosed, k.State == ConsultAnswered
	return k
}

// linkConsultations sets the consultation of each page that has one, and
// links its outcome's report.
func linkConsultations(pages []*Page, byPath map[string]*Page, all map[string]*content.File, now time.Time, l *diag.List) {
	for _, p := range pages {
		c := p.Front.Consultation
		if c == nil {
			continue
		}
		p.Consultation = consultationAt(c, now)
		if o := c.Outcome; o != nil && o.Page != "" {
			switch {
			case all[o.Page] == nil:
				l.Add(p.File.At("consultation.outcome.page").Errorf("consultation outcome page: no such page %q (looked for content/%s)", o.Page, o.Page))
			case o.Page == p.File.Path:
				l.Add(p.File.At("consultation.outcome.page").Errorf("consultation outcome page: name the report, not the consultation itself (or write the outcome as summary)"))
			default:
				p.Consultation.OutcomePage = byPath[o.Page] // nil for a draft left out
			}
		}
	}
}

// consultationTimes are the moments a consultation changes state.
func consultationTimes(c *content.Consultation) []time.Time {
	if c == nil {
		return nil
	}
	ts := []time.Time{c.Opens, ExpiresAt(c.Closes)}
	if c.Outcome != nil {
		ts = append(ts, c.Outcome.Date)
	}
	return ts
}

// buildConsultations lists the language's consultations: open ones first,
// closing soonest first; then upcoming, opening soonest first; then the
// closed and answered, latest closed first.
func buildConsultations(lg *Lang) {
	lg.Consultations, lg.OpenConsultations = nil, 0
	for _, p := range lg.Pages {
		if p.Consultation != nil {
			lg.Consultations = append(lg.Consultations, p)
			if p.Consultation.IsOpen {
				lg.OpenConsultations++
			}
		}
	}
	rank := map[string]int{ConsultOpen: 0, ConsultUpcoming: 1, ConsultClosed: 2, ConsultAnswered: 2}
	slices.SortStableFunc(lg.Consultations, func(a, b *Page) int {
		ka, kb := a.Consultation, b.Consultation
		if ra, rb := rank[ka.State], rank[kb.State]; ra != rb {
			return ra - rb
		}
		switch ka.State {
		case ConsultOpen:
			return ka.ClosesAt.Compare(kb.ClosesAt)
		case ConsultUpcoming:
			return ka.Opens.Compare(kb.Opens)
		}
		return kb.ClosesAt.Compare(ka.ClosesAt)
	})
	lg.ConsultationsURL = ""
	if len(lg.Consultations) > 0 {
		lg.ConsultationsURL = lg.Prefix + "/consultations/"
	}
}
