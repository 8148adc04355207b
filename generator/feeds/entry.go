package feeds

import (
	"html"
	"net/url"
	"strings"
	"time"

	"bulletin/generator/site"
)

// entry is a page as the three formats show it: absolute URLs, dates in
// the site's zone, localized withdrawal marks.
type entry struct {
	ID, URL            string
	Title, Summary     string
	Content            string // HTML with absolute links
	Published, Updated time.Time
	Author             string
	Categories         []string
}

// newEntry works out p's entry in a feed in lang.
func (c *Cache) newEntry(p *site.Page, lang string) *entry {
	link := absURL(c.site.Config.BaseURL, p.URL)
	e := &entry{
		ID: link, URL: link,
		Title:      p.Title,
		Summary:    p.Summary,
		Content:    absolutize(string(p.Body), link),
		Published:  p.Date.In(c.loc),
		Updated:    entryUpdated(p).In(c.loc),
		Author:     c.publisher,
		Categories: categories(p),
	}
	if len(p.Front.Department) > 0 && p.Front.Department[0] != "" {
		e.Author = p.Front.Department[0]
	}
	if p.IsWithdrawn {
		mark := marksFor(lang)
		reason := ""
		if p.Front.Withdrawn != nil {
			reason = strings.TrimSpace(p.Front.Withdrawn.Reason)
		}
		e.Title = mark.title + " " + p.Title
		e.Summary = mark.reason + reason
		e.Content = "<p><strong>" + html.EscapeString(mark.title) + "</strong> " + html.EscapeString(mark.reason+reason) + "</p>\n" + e.Content
	}
	return e
}

// marks are the words a withdrawn entry is marked with, per language.
type marks struct{ title, reason string }

func marksFor(lang string) marks {
	if lang == "zh" || strings.HasPrefix(strings.ToLower(lang), "zh-") {
		return marks{title: "[已撤回]", reason: "撤回原因："}
	}
	return marks{title: "[Withdrawn]", reason: "Reason for withdrawal: "}
}

// categories are the page's category, then its tags, without repeats.
func categories(p *site.Page) []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range append([]string{p.Front.Category}, p.Front.Tags...) {
		if c = strings.TrimSpace(c); c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

// absURL makes a site-relative URL ("/departments/卫健委/") absolute under
// base ("https://example.gov.cn/"), percent-encoding the path.
func absURL(base, rel string) string {
	return strings.TrimSuffix(base, "/") + (&url.URL{Path: rel}).EscapedPath()
}

// absolutize resolves the relative links and image sources of body against
// the page's absolute URL: feed readers show content away from the site,
// where "/notices/a/" or "a.pdf" would lead nowhere.
//
// It rewrites the value of every ` href="…"` and ` src="…"` (after any
// white space), as the regular expression (\s(?:href|src)=")([^"]*)"
// would find them, in a fraction of the expression's time.
func absolutize(body, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return body
	}
	var b strings.Builder // body so far, once a link changed
	last := 0             // body[last:] is not in b yet
	for i := 0; ; {
		eq := strings.Index(body[i:], `="`)
		if eq < 0 {
			break
		}
		start := i + eq + 2 // the value's first byte
		end := strings.IndexByte(body[start:], '"')
		if end < 0 {
			break // no value is closed from here on
		}
		end += start
		i = start
		if !isLinkAttr(body[:start-2]) {
			continue
		}
		i = end + 1
		if abs, ok := resolve(base, body[start:end]); ok {
			b.Grow(len(body) + len(body)/4)
			b.WriteString(body[last:start])
			b.WriteString(abs)
			last = end
		}
	}
	if last == 0 {
		return body
	}
	b.WriteString(body[last:])
	return b.String()
}

// isLinkAttr reports whether before, the text up to an attribute's =,
// ends in white space and href or src.
func isLinkAttr(before string) bool {
	return endsInName(before, "href") || endsInName(before, "src")
}

// endsInName reports whether s ends in white space and name.
func endsInName(s, name string) bool {
	n := len(s) - len(name)
	return n > 0 && s[n:] == name && isSpace(s[n-1])
}

// isSpace is the regular expression \s: ASCII white space but \v.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}

// resolve makes the attribute value v absolute against base, escaped for
// an attribute again; ok is false when v is absolute already or no URL.
func resolve(base *url.URL, v string) (abs string, ok bool) {
	ref, err := url.Parse(html.UnescapeString(v))
	if err != nil || ref.IsAbs() || ref.Host != "" {
		return "", false
	}
	return html.EscapeString(base.ResolveReference(ref).String()), true
}

// encoded is an entry in each format, indented for its place in a feed,
// so that writing a feed copies it. Atom's <content> and RSS's
// <content:encoded> hold the same escaped text, kept once, between the
// two halves of each format's element.
type encoded struct {
	atom, rss [2][]byte // before and after content
	content   []byte    // the entry's HTML escaped for XML
	json      []byte
}

func encodeEntry(e *entry) *encoded {
	return &encoded{
		atom:    atomEntry(e),
		rss:     rssItem(e),
		content: appendXMLText(make([]byte, 0, len(e.Content)*6/5), e.Content),
		json:    jsonItem(e),
	}
}

// appendXMLEntry appends an entry's element, with half choosing the format.
func appendXMLEntry(b []byte, half [2][]byte, content []byte) []byte {
	b = append(b, half[0]...)
	b = append(b, content...)
	return append(b, half[1]...)
}
