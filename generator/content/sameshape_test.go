package content_test

import (
	"strings"
	"testing"

	"bulletin/generator/config"
	"bulletin/generator/content"
)

// TestSameShape: two parses of front matter that differ only in the
// fields that are only shown have the same shape, whatever the site's
// time zone and however the dates are written (an offset of their own,
// UTC, a plain day); any other change, a date moved by an hour included,
// changes it.
func TestSameShape(t *testing.T) {
	const front = "title: 春节通知\ndate: 2021-02-01T09:00:00+08:00\nwritten: 2021-01-30T10:00:00Z\nexpires: 2021-03-01\n" +
		"department: [示例市卫生健康委员会]\ntags: [春节]\ncontact: 0531-12345678\n"
	for _, tz := range []string{"Asia/Shanghai", "UTC", "America/New_York"} {
		cfg, err := config.Parse([]byte("title: T\nbase_url: https://example.org/\ntimezone: " + tz + "\n"))
		if err != nil {
			t.Fatal(err)
		}
		parse := func(front string) *content.FrontMatter {
			f, diags := content.Parse("notices/a.md", []byte("---\n"+front+"---\n正文。\n"), cfg)
			if len(diags) > 0 {
				t.Fatal(diags)
			}
			return &f.Front
		}
		base := parse(front)
		for _, tc := range []struct {
			name, front string
			same        bool
		}{
			{"unchanged", front, true},
			{"title", strings.Replace(front, "春节通知", "春节期间有关事项的通知", 1), true},
			{"contact and summary", strings.Replace(front, "0531-12345678", "0531-87654321", 1) + "summary: 摘要\ndoc_number: 示卫发〔2021〕3号\n", true},
			{"date an hour later", strings.Replace(front, "T09:00", "T10:00", 1), false},
			{"tags", strings.Replace(front, "[春节]", "[春节, 防疫]", 1), false},
			{"expiry", strings.Replace(front, "2021-03-01", "2021-03-02", 1), false},
		} {
			if got := content.SameShape(base, parse(tc.front)); got != tc.same {
				t.Errorf("%s, time zone %s: SameShape = %v, want %v", tc.name, tz, got, tc.same)
			}
		}
	}
}
