package feeds

import "time"

// RSS 2.0, with the content and Dublin Core modules for full text and
// author names (RSS's own <author> must be an e-mail address).

// rss writes the RSS document of a feed.
func rss(dst []byte, h *head, entries []*encoded) []byte {
	const nl = "\n    "
	size := 1024
	for _, e := range entries {
		size += len(e.rss[0]) + len(e.content) + len(e.rss[1])
	}
	desc := h.Subtitle
	if desc == "" {
		desc = h.Title
	}
	b := newXMLDoc(dst, size)
	b = append(b, `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">`...)
	b = append(b, "\n  <channel>"...)
	b = appendXMLElem(b, nl, "title", h.Title)
	b = appendXMLElem(b, nl, "link", h.HTMLURL)
	b = appendXMLElem(b, nl, "description", desc)
	b = appendXMLLink(b, nl, "atom:link", "self", "application/rss+xml", h.SelfURL(RSSFile))
	if h.Lang != "" {
		b = appendXMLElem(b, nl, "language", h.Lang)
	}
	if h.Copyright != "" {
		b = appendXMLElem(b, nl, "copyright", h.Copyright)
	}
	b = appendXMLTime(b, nl, "lastBuildDate", h.Updated, time.RFC1123Z)
	b = appendXMLElem(b, nl, "generator", generator)
	for _, e := range entries {
		b = appendXMLEntry(b, e.rss, e.content)
	}
	return append(b, "\n  </channel>\n</rss>\n"...)
}

// rssItem encodes e as an <item> of a channel, in two halves: before and
// after the escaped content.
func rssItem(e *entry) [2][]byte {
	const nl = "\n      "
	b := make([]byte, 0, 1024)
	b = append(b, "\n    <item>"...)
	b = appendXMLElem(b, nl, "title", e.Title)
	b = appendXMLElem(b, nl, "link", e.URL)
	b = append(b, nl+`<guid isPermaLink="true">`...)
	b = appendXMLText(b, e.ID)
	b = append(b, "</guid>"...)
	b = appendXMLTime(b, nl, "pubDate", e.Published, time.RFC1123Z)
	if e.Author != "" {
		b = appendXMLElem(b, nl, "dc:creator", e.Author)
	}
	for _, c := range e.Categories {
		b = appendXMLElem(b, nl, "category", c)
	}
	b = appendXMLElem(b, nl, "description", e.Summary)
	if e.Content == "" { // then content is empty too
		return [2][]byte{b, rssItemEndBare}
	}
	b = append(b, nl+"<content:encoded>"...)
	return [2][]byte{b, rssItemEnd}
}

// How an item ends: after its content, or when it has none.
var (
	rssItemEnd     = []byte("</content:encoded>\n    </item>")
	rssItemEndBare = []byte("\n    </item>")
)
