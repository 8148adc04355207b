package feeds

import "time"

// Atom 1.0 (RFC 4287).

// atom writes the Atom document of a feed.
func atom(dst []byte, h *head, entries []*encoded) []byte {
	size := 1024
	for _, e := range entries {
		size += len(e.atom[0]) + len(e.content) + len(e.atom[1])
	}
	self := h.SelfURL(AtomFile)
	b := newXMLDoc(dst, size)
	b = append(b, `<feed xmlns="http://www.w3.org/2005/Atom"`...)
	if h.Lang != "" {
		b = appendXMLAttr(b, "xml:lang", h.Lang)
	}
	b = append(b, '>')
	b = appendXMLElem(b, "\n  ", "title", h.Title)
	if h.Subtitle != "" {
		b = appendXMLElem(b, "\n  ", "subtitle", h.Subtitle)
	}
	b = appendXMLElem(b, "\n  ", "id", self)
	b = appendXMLLink(b, "\n  ", "link", "self", "application/atom+xml", self)
	b = appendXMLLink(b, "\n  ", "link", "alternate", "text/html", h.HTMLURL)
	b = appendXMLTime(b, "\n  ", "updated", h.Updated, time.RFC3339)
	b = appendAtomAuthor(b, "\n  ", h.Publisher)
	if h.Copyright != "" {
		b = appendXMLElem(b, "\n  ", "rights", h.Copyright)
	}
	b = appendXMLElem(b, "\n  ", "generator", generator)
	for _, e := range entries {
		b = appendXMLEntry(b, e.atom, e.content)
	}
	return append(b, "\n</feed>\n"...)
}

// atomEntry encodes e as an <entry> of a feed, in two halves: before and
// after the escaped content.
func atomEntry(e *entry) [2][]byte {
	const nl = "\n    "
	b := make([]byte, 0, 1024)
	b = append(b, "\n  <entry>"...)
	b = appendXMLElem(b, nl, "title", e.Title)
	b = appendXMLLink(b, nl, "link", "alternate", "text/html", e.URL)
	b = appendXMLElem(b, nl, "id", e.ID)
	b = appendXMLTime(b, nl, "published", e.Published, time.RFC3339)
	b = appendXMLTime(b, nl, "updated", e.Updated, time.RFC3339)
	b = appendAtomAuthor(b, nl, e.Author)
	for _, c := range e.Categories {
		b = append(b, nl+"<category"...)
		b = appendXMLAttr(b, "term", c)
		b = append(b, "></category>"...)
	}
	if e.Summary != "" {
		b = appendXMLElem(b, nl, "summary", e.Summary)
	}
	b = append(b, nl+`<content type="html">`...)
	return [2][]byte{b, atomEntryEnd}
}

// atomEntryEnd is how every entry ends, after its content.
var atomEntryEnd = []byte("</content>\n  </entry>")

// appendAtomAuthor appends an <author> with its name, at nl.
func appendAtomAuthor(b []byte, nl, name string) []byte {
	b = append(b, nl...)
	b = append(b, "<author>"...)
	b = append(b, nl...)
	b = appendXMLElem(b, "  ", "name", name)
	b = append(b, nl...)
	return append(b, "</author>"...)
}
