package check

import (
	"fmt"
	"sort"
	"time"

	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// Upcoming lists the dates falling due within days after the site's now
// (days 0 or less lists nothing), soonest first, as notes: the office's
// reminders, not findings, so they fail nothing, not even under --strict.
// It lists the notices and policies in force that expire, and the
// consultations (意见征集) that close:
//
//	content/notices/x.md:6:10: note: expires 2021-02-28 (in 5 days): 关于春节期间值班安排的通知
//	content/notices/y.md:9:11: note: consultation closes 2021-02-25 (in 2 days): 关于……公开征求意见的公告
//
// Each kind of date is one function in dueKinds.
func Upcoming(s *site.Site, days int) []*diag.Diagnostic {
	if s == nil || days <= 0 {
		return nil
	}
	loc := s.Config.Location
	today := calendarDay(s.Now.In(loc))
	var all []due
	for _, p := range s.Pages {
		for _, kind := range dueKinds {
			if d, ok := kind(p, loc); ok && d.at.After(s.Now) {
				if d.days = calendarDay(d.date.In(loc)) - today; d.days <= days {
					all = append(all, d)
				}
			}
		}
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].at.Equal(all[j].at) {
			return all[i].at.Before(all[j].at)
		}
		return all[i].page.File.Path < all[j].page.File.Path
	})
	out := make([]*diag.Diagnostic, len(all))
	for i, d := range all {
		out[i] = d.page.File.At(d.field).Notef("%s %s (%s): %s", d.verb, d.shown, inDays(d.days), d.page.Title)
	}
	return out
}

// due is a date a page reaches that its office should see coming.
type due struct {
	page  *site.Page
	field string    // the front matter field that sets it
	verb  string    // what happens: "expires"
	date  time.Time // as written
	shown string    // date as shown: "2021-02-28", "2021-02-28 18:00"
	at    time.Time // the moment it passes
	days  int       // calendar days from now to date
}

// dueKinds are the kinds of date Upcoming lists; each returns a page's
// date of its kind, when the page has one that still matters, shown in
// the site's zone.
var dueKinds = []func(*site.Page, *time.Location) (due, bool){expiry, closing}

// expiry is the date a page in force expires: its last day in force, or
// the moment when expires has a time of day. A withdrawn or superseded
// page already says so, and expiring changes nothing on it.
func expiry(p *site.Page, loc *time.Location) (due, bool) {
	t := p.Front.Expires
	if p.State != site.InForce || t.IsZero() {
		return due{}, false
	}
	d := due{page: p, field: "expires", verb: "expires", date: t, at: site.ExpiresAt(t), shown: t.In(loc).Format("2006-01-02")}
	if d.at.Equal(t) { // a time of day: the very moment
		d.shown = t.In(loc).Format("2006-01-02 15:04")
	}
	return d, true
}

// closing is the last day an open consultation takes comments.
func closing(p *site.Page, loc *time.Location) (due, bool) {
	c := p.Consultation
	if c == nil || !c.IsOpen {
		return due{}, false
	}
	return due{page: p, field: "consultation.closes", verb: "consultation closes", date: c.Closes, at: c.ClosesAt, shown: c.Closes.In(loc).Format("2006-01-02")}, true
}

// calendarDay numbers the day t falls on in its own location.
func calendarDay(t time.Time) int {
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

func inDays(n int) string {
	switch n {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	return fmt.Sprintf("in %d days", n)
}
