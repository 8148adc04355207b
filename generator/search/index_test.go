package search

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// build writes the index of docs into a file system and opens it.
func build(t *testing.T, docs []Doc) *Index {
	t.Helper()
	manifest, files := Build(docs)
	fsys := fstest.MapFS{"s/" + ManifestName: {Data: manifest}}
	for _, f := range files {
		fsys["s/"+f.Name] = &fstest.MapFile{Data: f.Data}
	}
	x, err := Open(fsys, "s")
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func day(d int) time.Time { return time.Date(2021, 1, d, 9, 0, 0, 0, time.UTC) }

func urls(hits []Hit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Record[0])
	}
	return out
}

func TestSearchRanks(t *testing.T) {
	x := build(t, []Doc{
		{URL: "/body/", Title: "春节期间交通安排", Body: "倡议大家就地过年，减少流动。", Date: day(3), Department: []string{"交通运输局"}, Category: "交通"},
		{URL: "/title/", Title: "关于就地过年的倡议书", Body: "请大家留在工作地。", Date: day(2), Department: []string{"人民政府办公室"}, Category: "综合"},
		{URL: "/old/", Title: "关于就地过年的通知", Body: "已过期。", Date: day(9), State: "expired", Department: []string{"人民政府办公室"}, Category: "综合"},
		{URL: "/newer/", Title: "关于就地过年的倡议书", Body: "请大家留在工作地。", Date: day(4), Department: []string{"人民政府办公室"}, Category: "综合"},
		{URL: "/part/", Title: "过年期间的值班安排", Body: "值班。", Date: day(5), Category: "综合"},
		{URL: "/number/", Title: "文旅通知", Numbers: []string{"示文旅发〔2021〕3号"}, Body: "景区预约。", Date: day(6)},
	})
	tests := []struct {
		name   string
		q      string
		filter Filter
		want   []string
	}{
		// Title matches outrank body matches; equal scores go newest
		// first; expired after in force; partial (过年 without 就地)
		// last.
		{"title over body, newest first, expired below", "就地过年", Filter{}, []string{"/newer/", "/title/", "/body/", "/old/", "/part/"}},
		{"one character finds it inside a run", "旅", Filter{}, []string{"/number/"}},
		{"document number", "〔2021〕3号", Filter{}, []string{"/number/"}},
		{"part of a document number", "示文旅发", Filter{}, []string{"/number/"}},
		{"full-width digits", "３号", Filter{}, []string{"/number/"}},
		{"department filter", "就地过年", Filter{Department: "交通运输局"}, []string{"/body/"}},
		{"year filter that leaves nothing", "就地过年", Filter{Year: "2020"}, nil},
		{"nothing matches", "核酸检测", Filter{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hits, err := x.Search(tt.q, tt.filter, -1)
			if err != nil {
				t.Fatal(err)
			}
			got := urls(hits)
			if len(got) != len(tt.want) {
				t.Fatalf("Search(%q) = %q, want %q", tt.q, got, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("Search(%q) = %q, want %q", tt.q, got, tt.want)
				}
			}
		})
	}
	hits, _ := x.Search("就地过年", Filter{}, 1)
	if hits[0].Record[0] == "" || hits[1].Record[0] != "" {
		t.Errorf("limit 1 read records %q, want the first alone", urls(hits))
	}
	if got := x.Manifest.Facets.Department; len(got) != 2 || got[0] != "交通运输局" {
		t.Errorf("department facets = %q", got)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	docs := []Doc{
		{URL: "/a/", Title: "甲", Body: "春节 快乐", Date: day(1)},
		{URL: "/b/", Title: "乙", Body: "春节 平安", Date: day(1)},
	}
	m1, f1 := Build(docs)
	m2, f2 := Build([]Doc{docs[1], docs[0]})
	if string(m1) != string(m2) || len(f1) != len(f2) {
		t.Fatal("the same documents in another order gave another index")
	}
	for i := range f1 {
		if f1[i].Name != f2[i].Name || string(f1[i].Data) != string(f2[i].Data) {
			t.Fatalf("file %d differs: %s vs %s", i, f1[i].Name, f2[i].Name)
		}
	}
}

func TestText(t *testing.T) {
	got := Text(`<h2 id="a">一、总体要求</h2>` + "\n" + `<p>请&lt;全体&gt;居民<a href="/x/">就地</a><strong>过年</strong>&amp;配合。</p><ul><li>甲</li><li>乙</li></ul>`)
	if want := "一、总体要求 请<全体>居民就地过年&配合。 甲 乙"; got != want {
		t.Errorf("Text = %q, want %q", got, want)
	}
}

// TestLeadText: the excerpt made from the start of a long page is the one
// made from its whole text, wherever the cut falls (in a tag, a
// character reference or a character).
func TestLeadText(t *testing.T) {
	para := "<p>春节期间请<strong>就地过年</strong>，减少&nbsp;流动 &amp; 聚集。</p>\n"
	for pad := range 40 {
		h := strings.Repeat("x", pad) + strings.Repeat(para, 300)
		if got, want := Excerpt(leadText(h), excerptLen), Excerpt(Text(h), excerptLen); got != want {
			t.Fatalf("pad %d: excerpt %q, want %q", pad, got, want)
		}
	}
	short := "<p>短通知：&amp;</p>"
	if got := leadText(short); got != Text(short) {
		t.Errorf("short page: %q, want %q", got, Text(short))
	}
}
