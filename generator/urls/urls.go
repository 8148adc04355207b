// Package urls keeps the addresses of a site's pages stable. A notice's
// URL is printed on posters, pasted into chat groups and linked by other
// offices; once published it must keep leading somewhere.
//
// Every build writes the URLs of its published pages, with the content
// file each came from, into the output as FileName. The next build reads
// that list back and compares: a page whose URL changed (a new slug, a
// moved file) and a page that vanished (deleted, or made a draft again)
// are errors, unless an alias of some page still serves the old URL, or
// the build was told to accept the change (--accept-url-changes):
//
//	content/notices/a.md:3:1: URL changed from /notices/old/ to /notices/new/; …
//	content/notices/b.md: page removed, so /notices/b/ no longer opens; …
//
// Only published pages count: drafts and pages dated in the future are
// neither recorded nor expected, so a preview build (--drafts, --future)
// changes nothing here. Lists (sections, taxonomy terms, years, pages 2,
// 3, …) come and go with their notices and are not compared.
package urls

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"bulletin/generator/content"
	"bulletin/generator/diag"
	"bulletin/generator/site"
)

// FileName is the list of page URLs at the root of the output. It is
// published with the site, so a CI job that starts from a clean checkout
// can fetch the live site's copy and compare against it (--urls-from).
const FileName = site.URLsFile

// version is the format of FileName.
const version = 1

// Manifest is the list of a build's published pages.
type Manifest struct {
	Version int     `json:"version"`
	Pages   []Entry `json:"pages"` // sorted by Source, then URL
}

// Entry is one published page: its content file, as diagnostics name it
// ("content/notices/a.md"), and its site-relative URL.
type Entry struct {
	Source string `json:"source"`
	URL    string `json:"url"`
}

// published reports whether p is on the public site: not a draft or a
// page dated in the future that a preview build shows.
func published(p *site.Page) bool { return !p.Draft && !p.Scheduled }

// Of lists the published pages of s.
func Of(s *site.Site) Manifest {
	m := Manifest{Version: version, Pages: []Entry{}}
	for _, p := range s.Pages {
		if published(p) {
			m.Pages = append(m.Pages, Entry{Source: p.File.SourcePath(), URL: p.URL})
		}
	}
	slices.SortFunc(m.Pages, func(a, b Entry) int {
		return cmp.Or(cmp.Compare(a.Source, b.Source), cmp.Compare(a.URL, b.URL))
	})
	return m
}

// Encode returns the manifest as written to FileName: indented JSON, one
// page per line, so that a diff of two builds' lists reads well.
func (m Manifest) Encode() []byte {
	var out []byte
	out = fmt.Appendf(out, "{\n  \"version\": %d,\n  \"pages\": [", m.Version)
	for i, e := range m.Pages {
		line, _ := json.Marshal(e) // two strings: cannot fail
		if i > 0 {
			out = append(out, ',')
		}
		out = append(out, "\n    "...)
		out = append(out, line...)
	}
	if len(m.Pages) > 0 {
		out = append(out, "\n  "...)
	}
	return append(out, "]\n}\n"...)
}

// Decode reads a manifest written by Encode. name is the file's name for
// the error message.
func Decode(name string, data []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: not a list of page URLs written by bulletin (%v); delete it to start a new list", name, err)
	}
	if m.Version != version {
		return nil, fmt.Errorf("%s: list of page URLs in format %d, this bulletin reads format %d; delete it to start a new list", name, m.Version, version)
	}
	for i, e := range m.Pages {
		if e.Source == "" || e.URL == "" || e.URL[0] != '/' {
			return nil, fmt.Errorf("%s: page %d has no source file or no URL starting with /; delete the file to start a new list", name, i+1)
		}
	}
	return &m, nil
}

// Change is a published URL that the site no longer serves.
type Change struct {
	Source string // the content file the old URL came from
	Old    string
	New    string // the page's URL now; "" when the page is gone
	// At is where to report it: the page's slug (or its top), or the
	// content file that is gone.
	At diag.Pos
	// Held says why a page whose file is still there is not published:
	// "draft", or "future" for a date after now; "" otherwise.
	Held string
}

// Compare returns the URLs of prev that s does not serve, by prev's order.
// A URL is served when a published page has it or an alias of a
// published page redirects from it.
func Compare(prev *Manifest, s *site.Site) []Change {
	if prev == nil {
		return nil
	}
	served := map[string]bool{}
	bySource := map[string]*site.Page{}
	held := map[string]*content.File{}
	for _, f := range s.Held {
		held[f.SourcePath()] = f
	}
	for _, p := range s.Pages {
		if !published(p) {
			held[p.File.SourcePath()] = p.File
			continue
		}
		bySource[p.File.SourcePath()] = p
		served[p.URL] = true
		for _, a := range p.Aliases {
			served[a.URL] = true
		}
	}
	var out []Change
	for _, e := range prev.Pages {
		if served[e.URL] {
			continue
		}
		c := Change{Source: e.Source, Old: e.URL, At: diag.Pos{File: e.Source}}
		if p := bySource[e.Source]; p != nil {
			c.At, c.New = p.File.At("slug"), p.URL // where the URL is decided
		} else if f := held[e.Source]; f != nil {
			c.At, c.Held = f.At("status"), "draft"
			if f.Front.Status != content.StatusDraft {
				c.At, c.Held = f.At("date"), "future"
			}
		}
		out = append(out, c)
	}
	return out
}

// Error is the diagnostic for a change the build does not accept.
func (c Change) Error() *diag.Diagnostic {
	switch {
	case c.New != "":
		return c.At.Errorf("URL changed from %s to %s, so links, bookmarks and printed QR codes to the old address break; add \"aliases: [%s]\" to this page's front matter to redirect it, or build with --accept-url-changes", c.Old, c.New, c.Old)
	case c.Held == "draft":
		return c.At.Errorf("page made a draft, so %s no longer opens; publish it again, add \"aliases: [%s]\" to the page that replaces it, or build with --accept-url-changes", c.Old, c.Old)
	case c.Held == "future":
		return c.At.Errorf("page dated in the future, so %s no longer opens until then; give it its publication date again, add \"aliases: [%s]\" to the page that replaces it, or build with --accept-url-changes", c.Old, c.Old)
	default:
		return c.At.Errorf("page removed, so %s no longer opens; keep the page (\"status: withdrawn\" takes a notice out of force), add \"aliases: [%s]\" to the page that replaces it, or build with --accept-url-changes", c.Old, c.Old)
	}
}

// String describes an accepted change for the build's summary.
func (c Change) String() string {
	if c.New != "" {
		return fmt.Sprintf("%s: %s → %s", c.Source, c.Old, c.New)
	}
	return fmt.Sprintf("%s: %s removed", c.Source, c.Old)
}
