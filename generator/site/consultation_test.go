package site

import (
	"testing"
	"time"

	"bulletin/generator/content"
)

// TestConsultationState: a consultation opens at the start of opens, takes
// comments through the whole closes day, and is answered from the
// outcome's date; the build's next rebuild time (Until) is the next of
// those moments.
func TestConsultationState(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	day := func(s string) time.Time {
		d, err := time.ParseInLocation(time.DateOnly, s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	at := func(s string) time.Time {
		d, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	c := &content.Consultation{Opens: day("2021-02-01"), Closes: day("2021-02-10"), Outcome: &content.Outcome{Date: day("2021-02-15"), Summary: "采纳5条。"}}
	noOutcome := &content.Consultation{Opens: c.Opens, Closes: c.Closes}
	for _, tc := range []struct {
		now        string
		c          *content.Consultation
		want       string
		nextChange string
	}{
		{"2021-01-31 23:59", c, ConsultUpcoming, "2021-02-01 00:00"},
		{"2021-02-01 00:00", c, ConsultOpen, "2021-02-11 00:00"},
		{"2021-02-10 23:59", c, ConsultOpen, "2021-02-11 00:00"},
		{"2021-02-11 00:00", c, ConsultClosed, "2021-02-15 00:00"},
		{"2021-02-15 00:00", c, ConsultAnswered, ""},
		{"2021-03-01 00:00", noOutcome, ConsultClosed, ""},
	} {
		now := at(tc.now)
		got := consultationAt(tc.c, now)
		if got.State != tc.want {
			t.Errorf("at %s: %s, want %s", tc.now, got.State, tc.want)
		}
		flags := map[string]bool{ConsultUpcoming: got.IsUpcoming, ConsultOpen: got.IsOpen, ConsultClosed: got.IsClosed, ConsultAnswered: got.IsAnswered}
		for state, set := range flags {
			if set != (state == tc.want) {
				t.Errorf("at %s: flag of %s is %v", tc.now, state, set)
			}
		}
		// The page itself was published long before.
		f := &content.File{Front: content.FrontMatter{Date: day("2021-01-01"), Consultation: tc.c}}
		next := until([]*content.File{f}, now)
		if want := tc.nextChange; (want == "" && !next.IsZero()) || (want != "" && !next.Equal(at(want))) {
			t.Errorf("at %s: next rebuild %v, want %q", tc.now, next, want)
		}
	}
}
