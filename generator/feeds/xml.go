package feeds

import (
	"encoding/xml"
	"time"
)

// The XML formats are written as encoding/xml's Encoder with Indent("",
// "  ") wrote them: one element a line, an element holding only text on
// one line, an empty element as <a></a>. Each helper takes what comes
// before the element, a newline and the indentation, as nl.

// appendXMLElem appends nl<name>text</name>.
func appendXMLElem(b []byte, nl, name, text string) []byte {
	b = append(b, nl...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendXMLText(b, text)
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

// appendXMLTime appends nl<name>t</name>, t in layout (RFC 3339 or
// 1123), which has nothing to escape.
func appendXMLTime(b []byte, nl, name string, t time.Time, layout string) []byte {
	b = append(b, nl...)
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = t.AppendFormat(b, layout)
	b = append(b, "</"...)
	b = append(b, name...)
	return append(b, '>')
}

// appendXMLAttr appends ` name="value"`.
func appendXMLAttr(b []byte, name, value string) []byte {
	b = append(b, ' ')
	b = append(b, name...)
	b = append(b, `="`...)
	b = appendXMLText(b, value)
	return append(b, '"')
}

// appendXMLLink appends an empty element nl<name rel= type= href=></name>,
// the link of Atom and of RSS's atom:link.
func appendXMLLink(b []byte, nl, name, rel, typ, href string) []byte {
	b = append(b, nl...)
	b = append(b, '<')
	b = append(b, name...)
	b = appendXMLAttr(b, "rel", rel)
	b = appendXMLAttr(b, "type", typ)
	b = appendXMLAttr(b, "href", href)
	b = append(b, "></"...)
	b = append(b, name...)
	return append(b, '>')
}

// newXMLDoc starts a document of about size bytes with the XML
// declaration, in dst's memory when it is large enough.
func newXMLDoc(dst []byte, size int) []byte {
	return append(grow(dst, size+len(xml.Header)), xml.Header...)
}

// grow returns dst emptied, with room for size bytes.
func grow(dst []byte, size int) []byte {
	if cap(dst) < size {
		return make([]byte, 0, size)
	}
	return dst[:0]
}
