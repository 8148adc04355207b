package feeds_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/feeds"
	"bulletin/generator/markdown"
	"bulletin/generator/site"

	"github.com/mmcdole/gofeed"
)

const base = "https://notices.example.gov.cn/"

const configYAML = `title: 示例市公告栏
base_url: https://notices.example.gov.cn/
language: zh-CN
timezone: Asia/Shanghai
publisher: 示例市人民政府办公室
copyright: © 2021 示例市人民政府办公室
sections:
  notices:  {title: 通知公告, kind: notice}
  policies: {title: 政策文件, kind: policy}
taxonomies: [department, category, tags]
languages:
  en: {title: Example City Notices}
`

const (
	health    = "示例市卫生健康委员会"
	transport = "示例市交通运输局"
)

// day n (from 1) of 2021 at 09:00 in Shanghai: notice n is published then.
func day(n int) time.Time {
	return time.Date(2021, 1, n, 9, 0, 0, 0, shanghai)
}

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// testSources is a site of 60 current notices (n01 … n60, one a day from
// 1 January 2021), a newer policy, a page, and notices that must not or
// must only marked be in feeds.
func testSources() map[string]string {
	src := map[string]string{}
	for i := 1; i <= 60; i++ {
		dept := health
		if i%2 == 0 {
			dept = transport
		}
		extra := ""
		if i == 60 {
			extra = "updated: 2021-03-05T12:00:00+08:00\n"
		}
		title := fmt.Sprintf("n%02d 通知", i)
		body := fmt.Sprintf("第 %d 号通知的正文。\n", i)
		if i == 60 {
			title = "n60 防疫 & <通知>"
			body = "见[前一则](n59.md)与[附件](a.pdf)。\n\n第二段。\n"
		}
		src[fmt.Sprintf("notices/n%02d.md", i)] = fmt.Sprintf("---\ntitle: %q\ndate: %s\n%sdepartment: %s\ncategory: 疫情防控\ntags: [春节, 疫情防控]\n---\n%s",
			title, day(i).Format(time.RFC3339), extra, dept, body)
	}
	src["policies/p1.md"] = "---\ntitle: p1 政策\ndate: 2021-03-02T09:00:00+08:00\ndepartment: [" + transport + ", " + health + "]\n---\n政策正文。\n"
	src["about.md"] = "---\ntitle: 关于本站\ndate: 2021-03-03T09:00:00+08:00\n---\n关于。\n"
	// Withdrawn inside the window (after the 50th entry, n12): marked.
	src["notices/w-recent.md"] = "---\ntitle: w-recent 通知\ndate: 2021-01-05T09:00:00+08:00\ndepartment: " + health + "\nstatus: withdrawn\nwithdrawn: {date: 2021-02-25T10:00:00+08:00, reason: 政策调整}\n---\n正文。\n"
	// Withdrawn before the window: left out.
	src["notices/w-old.md"] = "---\ntitle: w-old 通知\ndate: 2020-12-01T09:00:00+08:00\nstatus: withdrawn\nwithdrawn: {date: 2020-12-05T09:00:00+08:00, reason: 过时}\n---\n正文。\n"
	// Expired and superseded: not in force, left out.
	src["notices/expired.md"] = "---\ntitle: expired 通知\ndate: 2021-03-01T10:00:00+08:00\nexpires: 2021-03-04\n---\n正文。\n"
	src["notices/old-rule.md"] = "---\ntitle: old-rule 通知\ndate: 2021-02-27T10:00:00+08:00\n---\n正文。\n"
	src["notices/new-rule.md"] = "---\ntitle: new-rule 通知\ndate: 2020-11-01T09:00:00+08:00\nsupersedes: [notices/old-rule.md]\n---\n正文。\n"
	// English.
	src["notices/en-1.md"] = "---\ntitle: Vaccination\ndate: 2021-02-03T09:00:00+08:00\nlang: en\ndepartment: Health Commission\n---\nGet vaccinated.\n"
	src["notices/en-w.md"] = "---\ntitle: Fair\ndate: 2021-01-15T09:00:00+08:00\nlang: en\nstatus: withdrawn\nwithdrawn: {date: 2021-01-20, reason: Cancelled because of the weather}\n---\nA fair.\n"
	return src
}

// buildSite runs the real front half of the pipeline over sources.
func buildSite(t testing.TB, sources map[string]string) *site.Site {
	t.Helper()
	cfg, err := config.Parse([]byte(configYAML))
	if err != nil {
		t.Fatal(err)
	}
	tree := &content.Tree{}
	paths := make([]string, 0, len(sources))
	for p := range sources {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f, diags := content.Parse(p, []byte(sources[p]), cfg)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", p, diags)
		}
		tree.Files = append(tree.Files, f)
	}
	s, l := site.Build(cfg, tree, markdown.New(markdown.Options{}), site.Options{Now: time.Date(2021, 3, 10, 0, 0, 0, 0, shanghai)})
	if errs, _ := l.Count(); errs > 0 {
		t.Fatal(l)
	}
	return s
}

// memWriter keeps written files in memory.
type memWriter struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (w *memWriter) WriteFile(name string, data []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.files == nil {
		w.files = map[string][]byte{}
	}
	if _, ok := w.files[name]; ok {
		return fmt.Errorf("%s written twice", name)
	}
	w.files[name] = append([]byte(nil), data...)
	return nil
}

func writeAll(t testing.TB, s *site.Site) *memWriter {
	t.Helper()
	w := &memWriter{}
	for _, f := range feeds.Plan(s) {
		if err := feeds.Write(w, s, f); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func feedAt(t *testing.T, s *site.Site, dir string) feeds.Feed {
	t.Helper()
	for _, f := range feeds.Plan(s) {
		if f.Dir == dir {
			return f
		}
	}
	t.Fatalf("no feed in %s", dir)
	return feeds.Feed{}
}

// wantHome is the zh home feed, newest first: the policy, n60 … n12 (50 in
// force), with w-recent at its withdrawal (25 Feb 10:00, after n56).
func wantHome() []string {
	want := []string{"p1 政策"}
	for i := 60; i >= 12; i-- {
		title := fmt.Sprintf("n%02d 通知", i)
		if i == 60 {
			title = "n60 防疫 & <通知>"
		}
		want = append(want, title)
		if i == 57 {
			want = append(want, "[已撤回] w-recent 通知")
		}
	}
	return want
}

func TestPlan(t *testing.T) {
	s := buildSite(t, testSources())
	var dirs []string
	for _, f := range feeds.Plan(s) {
		dirs = append(dirs, f.Dir)
	}
	var terms []string
	for _, lg := range s.Langs {
		for _, term := range lg.Taxonomy("department").Terms {
			terms = append(terms, term.URL)
		}
	}
	if len(terms) != 3 {
		t.Errorf("department terms %q, want 2 in zh-CN and 1 in en", terms)
	}
	for _, want := range append([]string{"/", "/notices/", "/policies/", "/en/", "/en/notices/", "/en/policies/"}, terms...) {
		found := false
		for _, d := range dirs {
			found = found || d == want
		}
		if !found {
			t.Errorf("no feed in %s; feeds: %q", want, dirs)
		}
	}
	home := feedAt(t, s, "/")
	if home.Title != "示例市公告栏" || home.Lang != "zh-CN" || home.HTMLURL != "/" {
		t.Errorf("home feed = %q %q %q", home.Title, home.Lang, home.HTMLURL)
	}
	if want := time.Date(2021, 3, 5, 12, 0, 0, 0, shanghai); !home.Updated.Equal(want) {
		t.Errorf("home feed updated %v, want the newest entry's update %v", home.Updated, want)
	}
}

func TestEntriesNewestFirstCappedWithWithdrawnMarked(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	var doc atomDoc
	mustXML(t, w.files["feed.xml"], &doc)
	var got []string
	for _, e := range doc.Entries {
		got = append(got, e.Title)
	}
	if want := wantHome(); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("home feed entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	inForce := 0
	for _, e := range doc.Entries {
		if !strings.HasPrefix(e.Title, "[") {
			inForce++
		}
	}
	if inForce != feeds.Max {
		t.Errorf("%d in-force entries, want %d", inForce, feeds.Max)
	}

	var notices atomDoc
	mustXML(t, w.files["notices/feed.xml"], &notices)
	if len(notices.Entries) != 51 || notices.Entries[0].Title != "n60 防疫 & <通知>" {
		t.Errorf("notices feed: %d entries, first %q; want 51, n60 first", len(notices.Entries), notices.Entries[0].Title)
	}
	for _, e := range notices.Entries {
		for _, bad := range []string{"w-old", "expired", "old-rule", "关于本站"} {
			if strings.Contains(e.Title, bad) {
				t.Errorf("notices feed lists %q", e.Title)
			}
		}
	}

	var en atomDoc
	mustXML(t, w.files["en/feed.xml"], &en)
	if len(en.Entries) != 2 || en.Entries[0].Title != "Vaccination" || en.Entries[1].Title != "[Withdrawn] Fair" {
		t.Errorf("en feed entries = %+v", en.Entries)
	}
	if got := en.Entries[1].Summary; got != "Reason for withdrawal: Cancelled because of the weather" {
		t.Errorf("en withdrawn summary = %q", got)
	}
}

// atomDoc is what a reader sees of feed.xml.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string   `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title   string   `xml:"title"`
	ID      string   `xml:"id"`
	Updated string   `xml:"updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		Title string `xml:"title"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		ID         string `xml:"id"`
		Published  string `xml:"published"`
		Updated    string `xml:"updated"`
		Author     string `xml:"author>name"`
		Summary    string `xml:"summary"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
		Content struct {
			Type string `xml:"type,attr"`
			Body string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

func mustXML(t *testing.T, data []byte, v any) {
	t.Helper()
	if data == nil {
		t.Fatal("file not written")
	}
	if !utf8.Valid(data) {
		t.Fatal("not valid UTF-8")
	}
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60s", data)
	}
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("not valid XML: %v\n%s", err, data)
	}
}

var rfc3339Offset = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$`)

func TestAtom(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	var doc atomDoc
	mustXML(t, w.files["feed.xml"], &doc)
	if doc.Lang != "zh-CN" || doc.Title != "示例市公告栏" || doc.Author != "示例市人民政府办公室" {
		t.Errorf("feed: lang %q title %q author %q", doc.Lang, doc.Title, doc.Author)
	}
	if doc.Updated != "2021-03-05T12:00:00+08:00" {
		t.Errorf("feed updated %q, want the newest entry's 2021-03-05T12:00:00+08:00", doc.Updated)
	}
	links := map[string]string{}
	for _, l := range doc.Links {
		links[l.Rel] = l.Href
	}
	if links["self"] != base+"feed.xml" || links["alternate"] != base {
		t.Errorf("feed links = %v", links)
	}
	n60 := doc.Entries[1]
	if n60.Link.Href != base+"notices/n60/" || n60.ID != n60.Link.Href {
		t.Errorf("entry link %q id %q, want the absolute permalink", n60.Link.Href, n60.ID)
	}
	if n60.Published != "2021-03-01T09:00:00+08:00" || n60.Updated != "2021-03-05T12:00:00+08:00" {
		t.Errorf("n60 published %q updated %q", n60.Published, n60.Updated)
	}
	if n60.Author != transport {
		t.Errorf("n60 author %q, want its department", n60.Author)
	}
	if len(n60.Categories) != 2 || n60.Categories[0].Term != "疫情防控" || n60.Categories[1].Term != "春节" {
		t.Errorf("n60 categories = %+v, want 疫情防控, 春节", n60.Categories)
	}
	if n60.Content.Type != "html" ||
		!strings.Contains(n60.Content.Body, `href="`+base+`notices/n59/"`) ||
		!strings.Contains(n60.Content.Body, `href="`+base+`notices/n60/a.pdf"`) {
		t.Errorf("n60 content (type %q) lacks absolute links: %s", n60.Content.Type, n60.Content.Body)
	}
	if n60.Summary == "" || strings.Contains(n60.Summary, "<") {
		t.Errorf("n60 summary %q, want plain text", n60.Summary)
	}
	about := entryTitled(doc, "关于本站")
	if about >= 0 {
		t.Error("the home feed lists a plain page")
	}
	w1 := doc.Entries[entryTitled(doc, "[已撤回] w-recent 通知")]
	if w1.Summary != "撤回原因：政策调整" || w1.Updated != "2021-02-25T10:00:00+08:00" || !strings.Contains(w1.Content.Body, "撤回原因：政策调整") {
		t.Errorf("withdrawn entry: summary %q updated %q content %q", w1.Summary, w1.Updated, w1.Content.Body)
	}
	if w1.ID != base+"notices/w-recent/" {
		t.Errorf("withdrawn entry id %q, want its permalink unchanged", w1.ID)
	}
	if p1 := doc.Entries[0]; p1.Author != transport {
		t.Errorf("policy author %q, want the lead department %q", p1.Author, transport)
	}
	for _, e := range doc.Entries {
		if !rfc3339Offset.MatchString(e.Published) || !rfc3339Offset.MatchString(e.Updated) {
			t.Errorf("%s: dates %q %q lack the +08:00 offset", e.Title, e.Published, e.Updated)
		}
		if !strings.HasPrefix(e.Link.Href, base) {
			t.Errorf("%s: link %q is not absolute", e.Title, e.Link.Href)
		}
	}
}

func entryTitled(doc atomDoc, title string) int {
	for i, e := range doc.Entries {
		if e.Title == title {
			return i
		}
	}
	return -1
}

type rssDoc struct {
	XMLName xml.Name `xml:"rss"`
	Version string   `xml:"version,attr"`
	Channel struct {
		// Self comes first: a field named "link" without a namespace
		// would also take <atom:link>.
		Self struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Title         string `xml:"title"`
		Link          string `xml:"link"`
		Description   string `xml:"description"`
		Language      string `xml:"language"`
		LastBuildDate string `xml:"lastBuildDate"`
		Items         []struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			GUID  struct {
				IsPermaLink string `xml:"isPermaLink,attr"`
				ID          string `xml:",chardata"`
			} `xml:"guid"`
			PubDate     string   `xml:"pubDate"`
			Creator     string   `xml:"http://purl.org/dc/elements/1.1/ creator"`
			Categories  []string `xml:"category"`
			Description string   `xml:"description"`
			Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
		} `xml:"item"`
	} `xml:"channel"`
}

var rfc1123Offset = regexp.MustCompile(`^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d \+0800$`)

func TestRSS(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	var doc rssDoc
	mustXML(t, w.files["rss.xml"], &doc)
	ch := doc.Channel
	if doc.Version != "2.0" || ch.Language != "zh-CN" || ch.Link != base || ch.Description == "" {
		t.Errorf("channel: version %q language %q link %q description %q", doc.Version, ch.Language, ch.Link, ch.Description)
	}
	if ch.Self.Rel != "self" || ch.Self.Href != base+"rss.xml" {
		t.Errorf("atom:link = %+v", ch.Self)
	}
	if ch.LastBuildDate != "Fri, 05 Mar 2021 12:00:00 +0800" {
		t.Errorf("lastBuildDate %q", ch.LastBuildDate)
	}
	if len(ch.Items) != len(wantHome()) {
		t.Fatalf("%d items, want %d", len(ch.Items), len(wantHome()))
	}
	for i, it := range ch.Items {
		if it.Title != wantHome()[i] {
			t.Errorf("item %d = %q, want %q", i, it.Title, wantHome()[i])
		}
		if !rfc1123Offset.MatchString(it.PubDate) {
			t.Errorf("%s: pubDate %q is not RFC 1123 with +0800", it.Title, it.PubDate)
		}
		if !strings.HasPrefix(it.Link, base) || it.GUID.ID != it.Link || it.GUID.IsPermaLink != "true" {
			t.Errorf("%s: link %q guid %+v", it.Title, it.Link, it.GUID)
		}
		if it.Creator == "" || it.Description == "" || it.Content == "" {
			t.Errorf("%s: creator %q description %q content %q", it.Title, it.Creator, it.Description, it.Content)
		}
	}
	n60 := ch.Items[1]
	if n60.PubDate != "Mon, 01 Mar 2021 09:00:00 +0800" || n60.Title != "n60 防疫 & <通知>" {
		t.Errorf("n60: %q %q", n60.Title, n60.PubDate)
	}
	if !bytes.Contains(w.files["rss.xml"], []byte("n60 防疫 &amp; &lt;通知&gt;")) {
		t.Error("title not escaped in rss.xml")
	}
}

func TestJSONFeed(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	for name, data := range w.files {
		if !strings.HasSuffix(name, ".json") {
			continue
		}
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// The 1.1 required fields.
		if doc["version"] != "https://jsonfeed.org/version/1.1" {
			t.Errorf("%s: version %v", name, doc["version"])
		}
		if title, _ := doc["title"].(string); title == "" {
			t.Errorf("%s: no title", name)
		}
		items, ok := doc["items"].([]any)
		if !ok {
			t.Fatalf("%s: items missing or not an array: %v", name, doc["items"])
		}
		for _, raw := range items {
			it := raw.(map[string]any)
			id, _ := it["id"].(string)
			html, _ := it["content_html"].(string)
			text, _ := it["content_text"].(string)
			if id == "" || html == "" && text == "" {
				t.Errorf("%s: item without id or content: %v", name, it)
			}
			for _, key := range []string{"date_published", "date_modified"} {
				if d, _ := it[key].(string); !rfc3339Offset.MatchString(d) {
					t.Errorf("%s: %s %q lacks the +08:00 offset", name, key, d)
				}
			}
		}
	}
	var home struct {
		HomePageURL string `json:"home_page_url"`
		FeedURL     string `json:"feed_url"`
		Language    string `json:"language"`
		Items       []struct {
			ID, URL, Title string
			Tags           []string
		}
	}
	if err := json.Unmarshal(w.files["feed.json"], &home); err != nil {
		t.Fatal(err)
	}
	if home.HomePageURL != base || home.FeedURL != base+"feed.json" || home.Language != "zh-CN" {
		t.Errorf("feed.json: %q %q %q", home.HomePageURL, home.FeedURL, home.Language)
	}
	if len(home.Items) != len(wantHome()) || home.Items[1].Title != "n60 防疫 & <通知>" || home.Items[1].ID != base+"notices/n60/" {
		t.Errorf("feed.json items: %d, second %+v", len(home.Items), home.Items[1])
	}
}

// TestReaderLibrary parses every feed with gofeed, the parser many feed
// readers use, and checks what a subscriber sees.
func TestReaderLibrary(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	for _, name := range []string{"feed.xml", "rss.xml", "feed.json"} {
		t.Run(name, func(t *testing.T) {
			f, err := gofeed.NewParser().ParseString(string(w.files[name]))
			if err != nil {
				t.Fatal(err)
			}
			if f.Title != "示例市公告栏" || f.Link != base || f.Language != "zh-CN" {
				t.Errorf("feed: title %q link %q language %q", f.Title, f.Link, f.Language)
			}
			if f.FeedLink != base+name {
				t.Errorf("feed link %q, want %q", f.FeedLink, base+name)
			}
			if len(f.Items) != len(wantHome()) {
				t.Fatalf("%d items, want %d", len(f.Items), len(wantHome()))
			}
			for i, it := range f.Items {
				if it.Title != wantHome()[i] {
					t.Errorf("item %d title %q, want %q", i, it.Title, wantHome()[i])
				}
				if it.PublishedParsed == nil {
					t.Errorf("%s: no published date", it.Title)
				}
			}
			n60 := f.Items[1]
			if n60.Link != base+"notices/n60/" || n60.GUID != base+"notices/n60/" {
				t.Errorf("n60 link %q guid %q", n60.Link, n60.GUID)
			}
			if !n60.PublishedParsed.Equal(day(60)) {
				t.Errorf("n60 published %v, want %v", n60.PublishedParsed, day(60))
			}
			// gofeed hands out UTC times for XML feeds; the offset is in
			// the text.
			if !strings.HasSuffix(n60.Published, "+08:00") && !strings.HasSuffix(n60.Published, "+0800") {
				t.Errorf("n60 published %q, want the +08:00 offset", n60.Published)
			}
			if !strings.Contains(n60.Content, base+"notices/n59/") {
				t.Errorf("n60 content %q", n60.Content)
			}
			if len(n60.Authors) == 0 || n60.Authors[0].Name != transport {
				t.Errorf("n60 authors %+v", n60.Authors)
			}
			if strings.Join(n60.Categories, ",") != "疫情防控,春节" {
				t.Errorf("n60 categories %q", n60.Categories)
			}
		})
	}
}

func TestDepartmentFeedsAndNonASCIIFolders(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	lg := s.Langs[0]
	term := findTerm(t, lg.Taxonomy("department"), health)
	dir := strings.TrimPrefix(term.URL, "/")
	var doc atomDoc
	mustXML(t, w.files[dir+"feed.xml"], &doc)
	if term.URL != "/departments/"+health+"/" {
		t.Fatalf("term URL %q: Chinese terms keep their characters", term.URL)
	}
	if want := base + "departments/%E7%A4%BA%E4%BE%8B%E5%B8%82%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94%E5%91%98%E4%BC%9A/feed.xml"; doc.ID != want {
		t.Errorf("department feed id %q, want the percent-encoded %q", doc.ID, want)
	}
	for _, e := range doc.Entries {
		if e.Author != health && e.Title != "p1 政策" {
			t.Errorf("%s (by %s) in the %s feed", e.Title, e.Author, health)
		}
	}
	// 30 odd notices, the policy (second department) and w-recent.
	if len(doc.Entries) != 32 {
		t.Errorf("%d entries in the %s feed, want 32", len(doc.Entries), health)
	}
	for _, name := range []string{"rss.xml", "feed.json"} {
		if _, err := gofeed.NewParser().ParseString(string(w.files[dir+name])); err != nil {
			t.Errorf("%s%s: %v", dir, name, err)
		}
	}
}

func findTerm(t *testing.T, tax *site.Taxonomy, name string) *site.Term {
	t.Helper()
	for _, term := range tax.Terms {
		if term.Name == name {
			return term
		}
	}
	t.Fatalf("no term %q", name)
	return nil
}

// An empty feed (the English policies section) is still valid everywhere.
func TestEmptyFeed(t *testing.T) {
	s := buildSite(t, testSources())
	w := writeAll(t, s)
	var doc atomDoc
	mustXML(t, w.files["en/policies/feed.xml"], &doc)
	if len(doc.Entries) != 0 || doc.Updated != "1970-01-01T08:00:00+08:00" || doc.Lang != "en" {
		t.Errorf("empty feed: %d entries, updated %q, lang %q", len(doc.Entries), doc.Updated, doc.Lang)
	}
	var rss rssDoc
	mustXML(t, w.files["en/policies/rss.xml"], &rss)
	if !bytes.Contains(w.files["en/policies/feed.json"], []byte(`"items": []`)) {
		t.Errorf("feed.json without items: %s", w.files["en/policies/feed.json"])
	}
	for _, name := range []string{"feed.xml", "rss.xml", "feed.json"} {
		if _, err := gofeed.NewParser().ParseString(string(w.files["en/policies/"+name])); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := writeAll(t, buildSite(t, testSources()))
	b := writeAll(t, buildSite(t, testSources()))
	if len(a.files) != len(b.files) {
		t.Fatalf("%d files, then %d", len(a.files), len(b.files))
	}
	for name, data := range a.files {
		if !bytes.Equal(data, b.files[name]) {
			t.Errorf("%s differs between two builds of the same site", name)
		}
	}
}

func TestWriteRejectsBadDir(t *testing.T) {
	s := buildSite(t, map[string]string{"notices/a.md": "---\ntitle: a\ndate: 2021-01-01\n---\nx\n"})
	for _, dir := range []string{"", "notices/", "/notices", "/../x/"} {
		if err := feeds.Write(&memWriter{}, s, feeds.Feed{Title: "x", Dir: dir, HTMLURL: "/"}); err == nil {
			t.Errorf("Dir %q accepted", dir)
		}
	}
}
