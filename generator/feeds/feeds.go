// Package feeds writes the site's subscription feeds: Atom 1.0 (feed.xml),
// RSS 2.0 (rss.xml) and JSON Feed 1.1 (feed.json), side by side in one
// folder per feed.
//
// Plan lists the feeds of a site: for each language the whole site (its
// notices and policies), each section, and each department. Write renders
// one feed in all three formats; a Cache renders the feeds of one build,
// working out each page's entry once for all the feeds it is in. The theme
// links a feed by convention from its folder: <dir>feed.xml, <dir>rss.xml,
// <dir>feed.json.
//
// What a feed lists:
//
//   - The newest 50 in-force pages (by publication date; expired and
//     superseded pages are left out).
//   - Withdrawn notices, marked: a notice withdrawn after it was published
//     stays in the feed when its withdrawal date is within the feed's window
//     (newer than the 50th in-force entry, or any date when the feed has
//     fewer than 50), so subscribers who saw it learn that it no longer
//     holds. Its title is prefixed "[已撤回]" ("[Withdrawn]" in English), its
//     summary gives the reason, it sorts at its withdrawal date, and its
//     updated time is the withdrawal date. Its id is unchanged, so a reader
//     replaces the entry it already has.
//
// Drafts and scheduled pages, in a build that shows them (--drafts,
// --future), are in no feed.
//
// Entries are newest first. Every URL is absolute, built from the site's
// base_url, with non-ASCII path characters percent-encoded; links inside
// entry content are made absolute too. Entry ids are the absolute
// permalinks. Dates carry the offset of the site's time zone. A feed's
// updated time is the newest entry's, never the clock, so the same input
// gives the same bytes.
package feeds

import (
	"sort"
	"strings"
	"time"

	"bulletin/generator/site"
)

// Max is how many in-force entries a feed lists.
const Max = 50

// File names of the three formats inside a feed's folder.
const (
	AtomFile = "feed.xml"
	RSSFile  = "rss.xml"
	JSONFile = "feed.json"
)

// Writer receives output files. name is slash-separated and relative to the
// output folder, without a leading slash ("notices/feed.xml"). It must not
// keep data after returning: the memory is reused for the next file.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Feed is one feed, written in all three formats.
type Feed struct {
	Title, Subtitle string
	Lang            string // BCP 47 tag of the feed's language
	// Dir is the site-relative folder the feed files go in: "/",
	// "/notices/" or "/en/departments/<slug>/".
	Dir string
	// HTMLURL is the site-relative URL of the page the feed is about.
	HTMLURL string
	// Entries are the feed's pages, newest first: in-force pages and
	// withdrawn ones within the window (see the package doc).
	Entries []*site.Page
	// Updated is the newest entry's updated time (zero for a feed that
	// never had an entry).
	Updated time.Time
}

// Plan lists the feeds of s: for each language the whole site (notices and
// policies), each section and each department term, in that order.
func Plan(s *site.Site) []Feed {
	var feeds []Feed
	for _, lg := range s.Langs {
		feeds = append(feeds, newFeed(lg.Title, lg.Code, lg.URL, lg.Pages, func(p *site.Page) bool {
			return p.IsNotice || p.IsPolicy || p.IsNews
		}))
		for _, sec := range lg.Sections {
			pages := append(append([]*site.Page{}, sec.Pages...), sec.Archived...)
			feeds = append(feeds, newFeed(sec.Title+" - "+lg.Title, lg.Code, sec.URL, pages, nil))
		}
		if lg.ConsultationsURL != "" { // the consultations open now
			var open []*site.Page
			for _, p := range lg.Consultations {
				if p.Consultation.IsOpen {
					open = append(open, p)
				}
			}
			feeds = append(feeds, newFeed(consultationsTitle(lg)+" - "+lg.Title, lg.Code, lg.ConsultationsURL, open, nil))
		}
		if tax := lg.Taxonomy("department"); tax != nil {
			for _, term := range tax.Terms {
				feeds = append(feeds, newFeed(term.Name+" - "+lg.Title, lg.Code, term.URL, term.Pages, nil))
			}
		}
	}
	return feeds
}

// consultationsTitle names the feed of open consultations. Feeds are
// made without the theme's strings, so the name is chosen here: Chinese
// for Chinese sites, English for any other language.
func consultationsTitle(lg *site.Lang) string {
	if strings.HasPrefix(lg.Code, "zh") {
		return "意见征集"
	}
	return "Public consultations"
}

// newFeed makes the feed of one list page at url from its pages; keep, when
// not nil, narrows the pages first.
func newFeed(title, lang, url string, pages []*site.Page, keep func(*site.Page) bool) Feed {
	if keep != nil {
		var kept []*site.Page
		for _, p := range pages {
			if keep(p) {
				kept = append(kept, p)
			}
		}
		pages = kept
	}
	f := Feed{Title: title, Lang: lang, Dir: url, HTMLURL: url, Entries: selectEntries(pages)}
	for _, p := range f.Entries {
		if u := entryUpdated(p); u.After(f.Updated) {
			f.Updated = u
		}
	}
	return f
}

// selectEntries picks a feed's entries from a list's pages, as the package doc
// describes, newest first.
func selectEntries(pages []*site.Page) []*site.Page {
	var current, withdrawn []*site.Page
	for _, p := range pages {
		switch {
		case p.Draft || p.Scheduled:
			// A preview (--drafts, --future) is not news yet: a feed
			// reader would keep it after the site drops it.
		case p.InForce:
			current = append(current, p)
		case p.IsWithdrawn:
			withdrawn = append(withdrawn, p)
		}
	}
	sortByFeedTime(current)
	var since time.Time // the window's start: none until the list is full
	if len(current) >= Max {
		current = current[:Max]
		since = current[Max-1].Date
	}
	out := current
	for _, p := range withdrawn {
		if since.IsZero() || withdrawnAt(p).After(since) {
			out = append(out, p)
		}
	}
	sortByFeedTime(out)
	return out
}

// feedTime is when an entry happened: its publication, or for a withdrawn
// notice its withdrawal.
func feedTime(p *site.Page) time.Time {
	if p.IsWithdrawn {
		return withdrawnAt(p)
	}
	return p.Date
}

// withdrawnAt is the withdrawal date of a withdrawn page, never before its
// publication.
func withdrawnAt(p *site.Page) time.Time {
	if w := p.Front.Withdrawn; w != nil && w.Date.After(p.Date) {
		return w.Date
	}
	return p.Date
}

// entryUpdated is an entry's last significant change: a withdrawal counts.
func entryUpdated(p *site.Page) time.Time {
	u := p.Updated
	if p.IsWithdrawn && withdrawnAt(p).After(u) {
		u = withdrawnAt(p)
	}
	return u
}

func sortByFeedTime(pages []*site.Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := feedTime(pages[i]), feedTime(pages[j])
		if !a.Equal(b) {
			return a.After(b)
		}
		return pages[i].Path() < pages[j].Path()
	})
}
