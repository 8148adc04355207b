// Package dates reads the dates and times that front matter, config.yaml
// and the command line (--now) give.
package dates

import (
	"fmt"
	"strings"
	"time"
)

// Parse reads a date ("2021-01-20", midnight in loc) or a date and time
// with or without an offset ("2021-01-20T09:30:00+08:00", "2021-01-20 09:30").
func Parse(s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if loc == nil {
		loc = time.UTC
	}
	// Only the layouts of the right kind are tried: every failed attempt
	// costs an error value, and a site has several dates per page.
	if len(s) > 10 && strings.ContainsAny(s[10:], "Z+-") {
		for _, l := range layouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, nil
			}
		}
	} else {
		for _, l := range localLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date: write 2021-01-20 or 2021-01-20T09:30:00+08:00", s)
}

// Accepted date forms, tried in order. Those without an offset are read in
// the site's zone.
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z07:00",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04Z07:00",
}

var localLayouts = []string{
	"2006-01-02",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
}
