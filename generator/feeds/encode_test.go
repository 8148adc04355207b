package feeds

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"
	"time"
)

// TestEncodeLikeEncoders holds the hand-written documents to what
// encoding/xml and encoding/json make of the same feed, with every
// optional field both empty and set and text that needs escaping.
func TestEncodeLikeEncoders(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2021, 2, 5, 10, 0, 0, 0, loc)
	full := &entry{
		ID: "https://x.example/n/a/", URL: "https://x.example/n/a/",
		Title: "春节 & <公告> \"x\"", Summary: "摘要\t'y'\u2028",
		Content:   "<p>正文 \"q\" &amp;</p>\n<p>\r\x01\uffff</p>",
		Published: at, Updated: at.Add(time.Hour),
		Author: "示例市卫生健康委员会", Categories: []string{"疫情防控", "a&b"},
	}
	bare := &entry{ID: "https://x.example/n/b/", URL: "https://x.example/n/b/", Published: at, Updated: at}
	heads := []*head{
		{Title: "示例市公告栏", HTMLURL: "https://x.example/", Updated: at, baseURL: "https://x.example/", dir: "/"},
		{
			Title: "通知 & <公告>", Subtitle: "副标题 \"s\"", Lang: "zh-CN",
			Publisher: "示例市人民政府办公室", Copyright: "© 2021 <x>",
			HTMLURL: "https://x.example/departments/%E5%8D%AB/", Updated: at,
			baseURL: "https://x.example/", dir: "/departments/卫/",
		},
	}
	for _, h := range heads {
		for _, entries := range [][]*entry{nil, {full}, {full, bare}} {
			enc := make([]*encoded, len(entries))
			for i, e := range entries {
				enc[i] = encodeEntry(e)
			}
			same(t, "Atom", atom(nil, h, enc), reflectAtom(t, h, entries))
			same(t, "RSS", rss(nil, h, enc), reflectRSS(t, h, entries))
			same(t, "JSON", jsonFeed(nil, h, enc), reflectJSON(t, h, entries))
		}
	}
}

func same(t *testing.T, format string, got, want []byte) {
	t.Helper()
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the encoding package's:\n got %s\nwant %s", format, got, want)
	}
}

// What follows is how the package wrote feeds with encoding/xml and
// encoding/json before it appended bytes itself.

type atomFeed struct {
	XMLName   xml.Name        `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string          `xml:"xml:lang,attr,omitempty"`
	Title     string          `xml:"title"`
	Subtitle  string          `xml:"subtitle,omitempty"`
	ID        string          `xml:"id"`
	Links     []atomLink      `xml:"link"`
	Updated   string          `xml:"updated"`
	Author    atomPerson      `xml:"author"`
	Rights    string          `xml:"rights,omitempty"`
	Generator string          `xml:"generator"`
	Entries   []atomEntryElem `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntryElem struct {
	Title      string         `xml:"title"`
	Links      []atomLink     `xml:"link"`
	ID         string         `xml:"id"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    string         `xml:"summary,omitempty"`
	Content    atomContent    `xml:"content"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomContent struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func reflectAtom(t *testing.T, h *head, entries []*entry) []byte {
	f := atomFeed{
		Lang: h.Lang, Title: h.Title, Subtitle: h.Subtitle,
		ID: h.SelfURL(AtomFile),
		Links: []atomLink{
			{Rel: "self", Type: "application/atom+xml", Href: h.SelfURL(AtomFile)},
			{Rel: "alternate", Type: "text/html", Href: h.HTMLURL},
		},
		Updated:   h.Updated.Format(time.RFC3339),
		Author:    atomPerson{Name: h.Publisher},
		Rights:    h.Copyright,
		Generator: generator,
	}
	for _, e := range entries {
		ae := atomEntryElem{
			Title:     e.Title,
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: e.URL}},
			ID:        e.ID,
			Published: e.Published.Format(time.RFC3339),
			Updated:   e.Updated.Format(time.RFC3339),
			Author:    atomPerson{Name: e.Author},
			Summary:   e.Summary,
			Content:   atomContent{Type: "html", Body: e.Content},
		}
		for _, c := range e.Categories {
			ae.Categories = append(ae.Categories, atomCategory{Term: c})
		}
		f.Entries = append(f.Entries, ae)
	}
	return marshalXML(t, f)
}

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string        `xml:"title"`
	Link          string        `xml:"link"`
	Description   string        `xml:"description"`
	Self          atomLink      `xml:"atom:link"`
	Language      string        `xml:"language,omitempty"`
	Copyright     string        `xml:"copyright,omitempty"`
	LastBuildDate string        `xml:"lastBuildDate"`
	Generator     string        `xml:"generator"`
	Items         []rssItemElem `xml:"item"`
}

type rssItemElem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creator     string   `xml:"dc:creator,omitempty"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
	Content     string   `xml:"content:encoded,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	ID          string `xml:",chardata"`
}

func reflectRSS(t *testing.T, h *head, entries []*entry) []byte {
	desc := h.Subtitle
	if desc == "" {
		desc = h.Title
	}
	doc := rssDoc{
		Version:   "2.0",
		NSAtom:    "http://www.w3.org/2005/Atom",
		NSContent: "http://purl.org/rss/1.0/modules/content/",
		NSDC:      "http://purl.org/dc/elements/1.1/",
		Channel: rssChannel{
			Title: h.Title, Link: h.HTMLURL, Description: desc,
			Self:          atomLink{Rel: "self", Type: "application/rss+xml", Href: h.SelfURL(RSSFile)},
			Language:      h.Lang,
			Copyright:     h.Copyright,
			LastBuildDate: h.Updated.Format(time.RFC1123Z),
			Generator:     generator,
		},
	}
	for _, e := range entries {
		doc.Channel.Items = append(doc.Channel.Items, rssItemElem{
			Title: e.Title, Link: e.URL,
			GUID:        rssGUID{IsPermaLink: "true", ID: e.ID},
			PubDate:     e.Published.Format(time.RFC1123Z),
			Creator:     e.Author,
			Categories:  e.Categories,
			Description: e.Summary,
			Content:     e.Content,
		})
	}
	return marshalXML(t, doc)
}

func marshalXML(t *testing.T, v any) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

type jsonDoc struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	HomePageURL string       `json:"home_page_url"`
	FeedURL     string       `json:"feed_url"`
	Description string       `json:"description,omitempty"`
	Language    string       `json:"language,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonEntry  `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonEntry struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          []string     `json:"tags,omitempty"`
}

func reflectJSON(t *testing.T, h *head, entries []*entry) []byte {
	doc := jsonDoc{
		Version: JSONVersion, Title: h.Title,
		HomePageURL: h.HTMLURL, FeedURL: h.SelfURL(JSONFile),
		Description: h.Subtitle, Language: h.Lang,
		Authors: []jsonAuthor{{Name: h.Publisher}},
		Items:   []jsonEntry{},
	}
	for _, e := range entries {
		doc.Items = append(doc.Items, jsonEntry{
			ID: e.ID, URL: e.URL, Title: e.Title,
			ContentHTML:   e.Content,
			Summary:       e.Summary,
			DatePublished: e.Published.Format(time.RFC3339),
			DateModified:  e.Updated.Format(time.RFC3339),
			Authors:       []jsonAuthor{{Name: e.Author}},
			Tags:          e.Categories,
		})
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
