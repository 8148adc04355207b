package feeds

import "time"

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1), written as
// encoding/json's Encoder with SetEscapeHTML(false) and SetIndent("",
// "  ") wrote it: the HTML is a JSON string, and \u003c would buy nothing.

// JSONVersion is the JSON Feed version URL every feed.json declares.
const JSONVersion = "https://jsonfeed.org/version/1.1"

// jsonFeed writes the JSON Feed document of a feed.
func jsonFeed(dst []byte, h *head, entries []*encoded) []byte {
	const nl = ",\n  "
	size := 1024
	for _, e := range entries {
		size += len(e.json) + 2
	}
	b := grow(dst, size)
	b = appendJSONField(b, "{\n  ", "version", JSONVersion)
	b = appendJSONField(b, nl, "title", h.Title)
	b = appendJSONField(b, nl, "home_page_url", h.HTMLURL)
	b = appendJSONField(b, nl, "feed_url", h.SelfURL(JSONFile))
	if h.Subtitle != "" {
		b = appendJSONField(b, nl, "description", h.Subtitle)
	}
	if h.Lang != "" {
		b = appendJSONField(b, nl, "language", h.Lang)
	}
	b = appendJSONAuthors(b, nl, h.Publisher)
	b = append(b, nl+`"items": [`...)
	if len(entries) == 0 { // "items" is required, even when empty
		return append(b, "]\n}\n"...)
	}
	for i, e := range entries {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, e.json...)
	}
	return append(b, "\n  ]\n}\n"...)
}

// jsonItem encodes e as an item of the "items" array, without a comma.
func jsonItem(e *entry) []byte {
	const nl = ",\n      "
	b := make([]byte, 0, 1024+len(e.Content)*11/10)
	b = appendJSONField(b, "    {\n      ", "id", e.ID)
	b = appendJSONField(b, nl, "url", e.URL)
	b = appendJSONField(b, nl, "title", e.Title)
	b = appendJSONField(b, nl, "content_html", e.Content)
	if e.Summary != "" {
		b = appendJSONField(b, nl, "summary", e.Summary)
	}
	b = appendJSONTime(b, nl, "date_published", e.Published)
	b = appendJSONTime(b, nl, "date_modified", e.Updated)
	b = appendJSONAuthors(b, nl, e.Author)
	if len(e.Categories) > 0 {
		b = append(b, nl+`"tags": [`...)
		for i, c := range e.Categories {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, "\n        "...)
			b = appendJSONString(b, c)
		}
		b = append(b, "\n      ]"...)
	}
	return append(b, "\n    }"...)
}

// appendJSONField appends sep"key": "value"; sep is what comes before a
// field: the comma after the previous one, a newline and indentation.
func appendJSONField(b []byte, sep, key, value string) []byte {
	b = append(b, sep...)
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `": `...)
	return appendJSONString(b, value)
}

// appendJSONTime appends sep"key": "t", t in RFC 3339, which has nothing
// to escape.
func appendJSONTime(b []byte, sep, key string, t time.Time) []byte {
	b = append(b, sep...)
	b = append(b, '"')
	b = append(b, key...)
	b = append(b, `": "`...)
	b = t.AppendFormat(b, time.RFC3339)
	return append(b, '"')
}

// appendJSONAuthors appends an "authors" array of one author named name,
// after sep; its lines are indented two more than sep's.
func appendJSONAuthors(b []byte, sep, name string) []byte {
	nl := sep[1:] // the newline and indentation, without the comma
	b = append(b, sep...)
	b = append(b, `"authors": [`...)
	b = append(b, nl...)
	b = append(b, "  {"...)
	b = append(b, nl...)
	b = appendJSONField(b, "    ", "name", name)
	b = append(b, nl...)
	b = append(b, "  }"...)
	b = append(b, nl...)
	return append(b, ']')
}
