package feeds_test

import (
	"testing"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/feeds"
	"bulletin/generator/site"
)

// TestFingerprint: serve rewrites a feed only when its fingerprint
// changes, so every change a reader would see must change it, and an
// identical feed must keep it.
func TestFingerprint(t *testing.T) {
	at := time.Date(2021, 1, 20, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	feed := func(edit func(*feeds.Feed, *site.Page)) feeds.Feed {
		p := &site.Page{URL: "/notices/a/", Title: "关于春节期间的通知", Summary: "就地过年。", BodyHash: 1, State: site.InForce}
		p.File = &content.File{Hash: 7}
		q := &site.Page{URL: "/notices/b/", Title: "通知乙", BodyHash: 2}
		q.File = &content.File{Hash: 8}
		f := feeds.Feed{Title: "示例市", Lang: "zh-CN", Dir: "/", HTMLURL: "/", Entries: []*site.Page{p, q}, Updated: at}
		if edit != nil {
			edit(&f, p)
		}
		return f
	}
	base := feed(nil).Fingerprint()
	if again := feed(nil).Fingerprint(); again != base {
		t.Fatalf("the same feed hashed twice differs: %x, %x", base, again)
	}
	for name, edit := range map[string]func(*feeds.Feed, *site.Page){
		"feed title":     func(f *feeds.Feed, _ *site.Page) { f.Title = "示例县" },
		"updated":        func(f *feeds.Feed, _ *site.Page) { f.Updated = at.Add(time.Minute) },
		"updated's zone": func(f *feeds.Feed, _ *site.Page) { f.Updated = at.UTC() },
		"entry dropped":  func(f *feeds.Feed, _ *site.Page) { f.Entries = f.Entries[:1] },
		"entries reordered": func(f *feeds.Feed, _ *site.Page) {
			f.Entries[0], f.Entries[1] = f.Entries[1], f.Entries[0]
		},
		"entry title":   func(_ *feeds.Feed, p *site.Page) { p.Title = "关于春节期间的通告" },
		"entry body":    func(_ *feeds.Feed, p *site.Page) { p.BodyHash = 3 },
		"entry source":  func(_ *feeds.Feed, p *site.Page) { p.File.Hash = 9 },
		"entry state":   func(_ *feeds.Feed, p *site.Page) { p.State = site.Withdrawn },
		"entry summary": func(_ *feeds.Feed, p *site.Page) { p.Summary = "" },
		"entry URL":     func(_ *feeds.Feed, p *site.Page) { p.URL = "/notices/a2/" },
		// Length-prefixed: moving text between fields is a change.
		"text moved between fields": func(f *feeds.Feed, _ *site.Page) { f.Title, f.Lang = "示例市zh-CN", "" },
	} {
		if feed(edit).Fingerprint() == base {
			t.Errorf("%s: the fingerprint did not change", name)
		}
	}
}
