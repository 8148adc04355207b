package sitemap

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

const base = "https://notices.example.gov.cn/"

var shanghai = time.FixedZone("CST", 8*3600)

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
	w.files[name] = data
	return nil
}

func (w *memWriter) names() []string {
	var names []string
	for n := range w.files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"url"`
}

type sitemapIndex struct {
	XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod"`
	} `xml:"sitemap"`
}

func mustParse(t *testing.T, name string, data []byte, v any) {
	t.Helper()
	if data == nil {
		t.Fatalf("%s not written", name)
	}
	if err := xml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func TestLargeSiteGetsIndexAndParts(t *testing.T) {
	const n = 120001
	entries := make([]Entry, n)
	for i := range entries {
		// Generated in reverse so Write has to sort.
		entries[i] = Entry{URL: fmt.Sprintf("/notices/n%06d/", n-i), LastMod: time.Date(2021, 1, 1, 9, 0, 0, 0, shanghai).Add(time.Duration(i) * time.Minute)}
	}
	w := &memWriter{}
	if err := Write(w, base, entries); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(w.names(), " "); got != "sitemap-1.xml sitemap-2.xml sitemap-3.xml sitemap.xml" {
		t.Fatalf("files %s", got)
	}
	var index sitemapIndex
	mustParse(t, "sitemap.xml", w.files["sitemap.xml"], &index)
	if len(index.Sitemaps) != 3 {
		t.Fatalf("index lists %d sitemaps, want 3", len(index.Sitemaps))
	}
	seen := map[string]int{}
	var order []string
	for i, sm := range index.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if sm.Loc != base+name {
			t.Errorf("index entry %d: loc %q, want %q", i, sm.Loc, base+name)
		}
		if sm.LastMod == "" {
			t.Errorf("index entry %d has no lastmod", i)
		}
		data := w.files[name]
		if len(data) > MaxBytes {
			t.Errorf("%s is %d bytes, over %d", name, len(data), MaxBytes)
		}
		var set urlset
		mustParse(t, name, data, &set)
		if len(set.URLs) > MaxURLs {
			t.Errorf("%s holds %d URLs, over %d", name, len(set.URLs), MaxURLs)
		}
		for _, u := range set.URLs {
			seen[u.Loc]++
			order = append(order, u.Loc)
		}
	}
	for i := 1; i <= n; i++ {
		loc := fmt.Sprintf("%snotices/n%06d/", base, i)
		if seen[loc] != 1 {
			t.Fatalf("%s listed %d times, want once", loc, seen[loc])
		}
	}
	if len(order) != n || !sort.StringsAreSorted(order) {
		t.Errorf("%d URLs, sorted %v; want %d sorted", len(order), sort.StringsAreSorted(order), n)
	}
}

func TestSizeLimitSplitsParts(t *testing.T) {
	var entries []Entry
	for i := 0; i < 100; i++ {
		entries = append(entries, Entry{URL: fmt.Sprintf("/notices/%03d/", i)})
	}
	const limit = 2000
	w := &memWriter{}
	if err := write(w, base, entries, MaxURLs, limit); err != nil {
		t.Fatal(err)
	}
	var index sitemapIndex
	mustParse(t, "sitemap.xml", w.files["sitemap.xml"], &index)
	if len(index.Sitemaps) < 2 {
		t.Fatalf("%d parts; want a split by size", len(index.Sitemaps))
	}
	total := 0
	for i := range index.Sitemaps {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		if len(w.files[name]) > limit {
			t.Errorf("%s is %d bytes, over the %d limit", name, len(w.files[name]), limit)
		}
		var set urlset
		mustParse(t, name, w.files[name], &set)
		total += len(set.URLs)
	}
	if total != 100 {
		t.Errorf("%d URLs in all parts, want 100", total)
	}
}

func TestSmallSiteIsOneURLSet(t *testing.T) {
	updated := time.Date(2021, 2, 3, 9, 30, 0, 0, shanghai)
	entries := []Entry{
		{URL: "/notices/b/", LastMod: time.Date(2021, 1, 20, 0, 0, 0, 0, shanghai)},
		{URL: "/"},
		{URL: "/notices/a/", LastMod: time.Date(2021, 1, 2, 0, 0, 0, 0, shanghai)},
		{URL: "/notices/a/", LastMod: updated}, // listed twice: kept once, newest date
	}
	w := &memWriter{}
	if err := Write(w, base, entries); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(w.names(), " "); got != "sitemap.xml" {
		t.Fatalf("files %s, want only sitemap.xml", got)
	}
	var set urlset
	mustParse(t, "sitemap.xml", w.files["sitemap.xml"], &set)
	var got []string
	for _, u := range set.URLs {
		got = append(got, u.Loc+" "+u.LastMod)
	}
	want := []string{
		base + " ",
		base + "notices/a/ 2021-02-03T09:30:00+08:00",
		base + "notices/b/ 2021-01-20T00:00:00+08:00",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("urlset:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !bytes.HasPrefix(w.files["sitemap.xml"], []byte(xml.Header+`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)) {
		t.Errorf("header: %.120s", w.files["sitemap.xml"])
	}
	if entries[0].URL != "/notices/b/" {
		t.Error("Write reordered the caller's slice")
	}
}

func TestNonASCIIAndSpecialCharacters(t *testing.T) {
	w := &memWriter{}
	err := Write(w, base, []Entry{
		{URL: "/departments/示例市卫生健康委员会/"},
		{URL: "/tags/r&d <x>/"},
	})
	if err != nil {
		t.Fatal(err)
	}
	data := w.files["sitemap.xml"]
	var set urlset
	mustParse(t, "sitemap.xml", data, &set)
	want := map[string]bool{
		base + "departments/%E7%A4%BA%E4%BE%8B%E5%B8%82%E5%8D%AB%E7%94%9F%E5%81%A5%E5%BA%B7%E5%A7%94%E5%91%98%E4%BC%9A/": true,
		base + "tags/r&d%20%3Cx%3E/": true,
	}
	for _, u := range set.URLs {
		if !want[u.Loc] {
			t.Errorf("unexpected loc %q", u.Loc)
		}
		delete(want, u.Loc)
	}
	if len(want) > 0 {
		t.Errorf("missing %v", want)
	}
	if bytes.Contains(data, []byte("示")) || !bytes.Contains(data, []byte("r&amp;d")) {
		t.Errorf("raw characters in sitemap.xml:\n%s", data)
	}
}

func TestRobots(t *testing.T) {
	want := "User-agent: *\nAllow: /\nSitemap: https://notices.example.gov.cn/sitemap.xml\n"
	for _, b := range []string{base, strings.TrimSuffix(base, "/")} {
		if got := string(Robots(b)); got != want {
			t.Errorf("Robots(%q) = %q, want %q", b, got, want)
		}
	}
}

const configYAML = `title: 示例市公告栏
base_url: https://notices.example.gov.cn/
timezone: Asia/Shanghai
paginate: 2
sections:
  notices:  {title: 通知公告, kind: notice}
  policies: {title: 政策文件, kind: policy}
taxonomies: [department, category]
languages:
  en: {title: Example City Notices}
`

var sources = map[string]string{
	"notices/a.md":    "---\ntitle: a\ndate: 2020-12-30T09:00:00+08:00\ndepartment: 卫健委\naliases: [/old/a/]\n---\nA.\n",
	"notices/b.md":    "---\ntitle: b\ndate: 2021-01-02T09:00:00+08:00\nupdated: 2021-01-10T09:00:00+08:00\ndepartment: 卫健委\ncategory: 防疫\n---\nB.\n",
	"notices/c.md":    "---\ntitle: c\ndate: 2021-01-05T09:00:00+08:00\ndepartment: 交通局\n---\nC.\n",
	"notices/d.md":    "---\ntitle: d\ndate: 2021-01-06T09:00:00+08:00\nexpires: 2021-01-08\n---\nD.\n",
	"notices/c-en.md": "---\ntitle: c\ndate: 2021-01-05T09:00:00+08:00\nlang: en\ntranslation_of: notices/c.md\ndepartment: Transport\n---\nC.\n",
	"policies/p.md":   "---\ntitle: p\ndate: 2021-01-03T09:00:00+08:00\n---\nP.\n",
	"about.md":        "---\ntitle: about\ndate: 2021-01-01T09:00:00+08:00\n---\nAbout.\n",
}

func buildSite(t *testing.T) *site.Site {
	t.Helper()
	cfg, err := config.Parse([]byte(configYAML))
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for p := range sources {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	tree := &content.Tree{}
	for _, p := range paths {
		f, diags := content.Parse(p, []byte(sources[p]), cfg)
		if len(diags) > 0 {
			t.Fatalf("%s: %v", p, diags)
		}
		tree.Files = append(tree.Files, f)
	}
	s, l := site.Build(cfg, tree, markdown.New(markdown.Options{}), site.Options{Now: time.Date(2021, 2, 1, 0, 0, 0, 0, shanghai)})
	if errs, _ := l.Count(); errs > 0 {
		t.Fatal(l)
	}
	return s
}

func TestEntries(t *testing.T) {
	s := buildSite(t)
	entries := Entries(s)
	got := map[string]string{}
	for _, e := range entries {
		if _, dup := got[e.URL]; dup {
			t.Errorf("%s listed twice", e.URL)
		}
		got[e.URL] = ""
		if !e.LastMod.IsZero() {
			got[e.URL] = e.LastMod.Format(time.RFC3339)
		}
	}
	b, c := "2021-01-10T09:00:00+08:00", "2021-01-05T09:00:00+08:00"
	want := map[string]string{
		// pages, updated ones at their update
		"/notices/a/": "2020-12-30T09:00:00+08:00", "/notices/b/": b, "/notices/c/": c,
		"/notices/d/": "2021-01-06T09:00:00+08:00", "/policies/p/": "2021-01-03T09:00:00+08:00",
		"/about/": "2021-01-01T09:00:00+08:00", "/en/notices/c/": c,
		// lists at their newest page, every pager alike
		"/": b, "/notices/": b, "/notices/page/2/": b, "/policies/": "2021-01-03T09:00:00+08:00",
		"/departments/": b, "/departments/卫健委/": b, "/departments/交通局/": c,
		"/categories/": b, "/categories/防疫/": b,
		"/archive/": b, "/archive/2021/": b, "/archive/2021/page/2/": b, "/archive/2020/": "2020-12-30T09:00:00+08:00",
		// empty lists at the site's newest date, so every URL has a lastmod
		"/en/": c, "/en/notices/": c, "/en/policies/": b, "/en/departments/": c, "/en/categories/": b,
		"/en/archive/": c, "/en/archive/2021/": c,
	}
	for url, lastmod := range want {
		if g, ok := got[url]; !ok {
			t.Errorf("%s missing", url)
		} else if g != lastmod {
			t.Errorf("%s lastmod %q, want %q", url, g, lastmod)
		}
	}
	for url := range got {
		if _, ok := want[url]; !ok && !strings.HasPrefix(url, "/en/departments/") {
			t.Errorf("unexpected %s", url)
		}
	}
	if _, ok := got["/old/a/"]; ok {
		t.Error("an alias (a redirect) is in the sitemap")
	}
	if !sort.SliceIsSorted(entries, func(i, j int) bool { return entries[i].URL < entries[j].URL }) {
		t.Error("entries not sorted by URL")
	}

	w := &memWriter{}
	if err := Write(w, base, entries); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(w.files["sitemap.xml"], []byte("<loc>"+base+"departments/%E5%8D%AB%E5%81%A5%E5%A7%94/</loc>")) {
		t.Errorf("term URL not percent-encoded:\n%s", w.files["sitemap.xml"])
	}
}

func TestDeterministic(t *testing.T) {
	a, b := &memWriter{}, &memWriter{}
	if err := Write(a, base, Entries(buildSite(t))); err != nil {
		t.Fatal(err)
	}
	if err := Write(b, base, Entries(buildSite(t))); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.files["sitemap.xml"], b.files["sitemap.xml"]) {
		t.Error("sitemap.xml differs between two builds of the same site")
	}
}
