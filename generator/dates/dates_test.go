package dates

import (
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestParse(t *testing.T) {
	sh := mustZone(t, "Asia/Shanghai")
	ny := mustZone(t, "America/New_York")
	tests := []struct {
		in   string
		loc  *time.Location
		want string // RFC 3339
	}{
		{"2021-01-20", sh, "2021-01-20T00:00:00+08:00"},                // a date alone is midnight in the zone
		{"2021-01-20", ny, "2021-01-20T00:00:00-05:00"},                // … whichever zone
		{"2021-07-20", ny, "2021-07-20T00:00:00-04:00"},                // … with its daylight saving
		{"2021-01-20", nil, "2021-01-20T00:00:00Z"},                    // nil zone is UTC
		{"2021-01-20T09:30:00+08:00", ny, "2021-01-20T09:30:00+08:00"}, // an offset wins over the zone
		{"2021-01-20T01:30:00Z", sh, "2021-01-20T01:30:00Z"},
		{"2021-01-20T09:30:00.5+08:00", sh, "2021-01-20T09:30:00.5+08:00"},
		{"2021-01-20 09:30:00+08:00", sh, "2021-01-20T09:30:00+08:00"},
		{"2021-01-20 09:30:00 +08:00", sh, "2021-01-20T09:30:00+08:00"},
		{"2021-01-20T09:30+08:00", sh, "2021-01-20T09:30:00+08:00"},
		{"2021-01-20T09:30:00", sh, "2021-01-20T09:30:00+08:00"}, // no offset: the zone
		{"2021-01-20 09:30:00", sh, "2021-01-20T09:30:00+08:00"}, // space separator
		{"2021-01-20 09:30", sh, "2021-01-20T09:30:00+08:00"},
		{"2021-01-20T09:30", ny, "2021-01-20T09:30:00-05:00"},
		{"  2021-01-20  ", sh, "2021-01-20T00:00:00+08:00"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in, tt.loc)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != tt.want {
			t.Errorf("Parse(%q, %v) = %s, want %s", tt.in, tt.loc, s, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{"", "yesterday", "2021/01/20", "20-01-2021", "2021-13-01", "2021-02-30", "2021-01-20T25:00", "2021年1月20日"} {
		_, err := Parse(in, time.UTC)
		if err == nil {
			t.Errorf("Parse(%q) = nil error, want an error", in)
			continue
		}
		want := `"` + strings.TrimSpace(in) + `" is not a date: write 2021-01-20 or 2021-01-20T09:30:00+08:00`
		if err.Error() != want {
			t.Errorf("Parse(%q) error = %q, want %q", in, err, want)
		}
	}
}
