package check

import (
	"time"

	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// OutcomeDays is how long after a consultation closes its outcome (反馈/
// 采纳情况) may stay unpublished before check warns.
const OutcomeDays = 30

// checkConsultations warns about each consultation that closed
// OutcomeDays or more ago and still has no outcome: residents who took
// part are owed an answer.
func checkConsultations(s *site.Site, l *diag.List) {
	loc := s.Config.Location
	for _, p := range s.Pages {
		c := p.Consultation
		if c == nil || c.Outcome != nil {
			continue
		}
		due := c.ClosesAt.AddDate(0, 0, OutcomeDays)
		if !s.Now.Before(due) {
			days := int(s.Now.Sub(c.ClosesAt) / (24 * time.Hour))
			l.Add(p.File.At("consultation").Warnf("consultation closed on %s, %d days ago, and has no outcome: publish what was adopted with outcome: {date: …, summary: \"…\"} (or page: the report's content path) under consultation", c.Closes.In(loc).Format(time.DateOnly), days))
		}
	}
}
