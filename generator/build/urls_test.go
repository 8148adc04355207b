package build

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/urls"
)

// TestStableURLs builds a site, edits it, and builds again against the
// first build's list of page URLs: a URL that stops working is an error
// at the page (or the file that is gone), unless an alias keeps it or the
// build accepts it; a failed build leaves the published list alone.
func TestStableURLs(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"config.yaml":               {Data: []byte(smallConfig)},
			"content/notices/a.md":      {Data: []byte(notice("甲通知", "2021-01-20", "", "正文。"))},
			"content/notices/b.md":      {Data: []byte(notice("乙通知", "2021-01-21", "", "正文。"))},
			"content/notices/c.md":      {Data: []byte(notice("丙通知", "2021-01-22", "", "正文。"))},
			"content/notices/later.md":  {Data: []byte(notice("未来的通知", "2021-03-01", "", "正文。"))},
			"content/notices/sketch.md": {Data: []byte(notice("草稿", "2021-01-23", "status: draft\n", "正文。"))},
		}
	}
	cases := []struct {
		name   string
		edit   func(fstest.MapFS)
		accept bool
		want   []string // diagnostics, in order
	}{
		{name: "nothing changed", edit: func(fstest.MapFS) {}},
		{
			name: "new slug",
			edit: func(s fstest.MapFS) {
				s["content/notices/a.md"].Data = []byte(notice("甲通知", "2021-01-20", "slug: jia\n", "正文。"))
			},
			want: []string{`content/notices/a.md:4:7: URL changed from /notices/a/ to /notices/jia/`},
		},
		{
			name: "new slug, old URL kept by an alias",
			edit: func(s fstest.MapFS) {
				s["content/notices/a.md"].Data = []byte(notice("甲通知", "2021-01-20", "slug: jia\naliases: [/notices/a/]\n", "正文。"))
			},
		},
		{
			name: "file renamed, the new page keeps the old URL as an alias",
			edit: func(s fstest.MapFS) {
				delete(s, "content/notices/b.md")
				s["content/notices/b2.md"] = &fstest.MapFile{Data: []byte(notice("乙通知", "2021-01-21", "aliases: [/notices/b/]\n", "正文。"))}
			},
		},
		{
			name: "file removed",
			edit: func(s fstest.MapFS) { delete(s, "content/notices/c.md") },
			want: []string{`content/notices/c.md: page removed, so /notices/c/ no longer opens`},
		},
		{
			name: "page made a draft",
			edit: func(s fstest.MapFS) {
				s["content/notices/c.md"].Data = []byte(notice("丙通知", "2021-01-22", "status: draft\n", "正文。"))
			},
			want: []string{`content/notices/c.md:4:9: page made a draft, so /notices/c/ no longer opens`},
		},
		{
			name: "page dated in the future",
			edit: func(s fstest.MapFS) {
				s["content/notices/c.md"].Data = []byte(notice("丙通知", "2021-03-22", "", "正文。"))
			},
			want: []string{`content/notices/c.md:3:7: page dated in the future, so /notices/c/ no longer opens until then`},
		},
		{
			name: "drafts and future pages were never published",
			edit: func(s fstest.MapFS) {
				delete(s, "content/notices/sketch.md")
				delete(s, "content/notices/later.md")
			},
		},
		{
			name:   "accepted",
			edit:   func(s fstest.MapFS) { delete(s, "content/notices/c.md") },
			accept: true,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			s := base()
			if res := Run(Options{Site: s, Theme: testTheme, Dest: dest, Now: "2021-02-20"}); res.Failed {
				t.Fatalf("first build: %v", res.Diagnostics)
			}
			before := readURLs(t, dest)
			if got := entries(before); !slices.Equal(got, []string{
				"content/notices/a.md /notices/a/", "content/notices/b.md /notices/b/", "content/notices/c.md /notices/c/",
			}) {
				t.Fatalf("the first build lists %q: drafts and future pages must stay out", got)
			}
			tc.edit(s)
			res := Run(Options{Site: s, Theme: testTheme, Dest: dest, Now: "2021-02-20", PreviousURLs: before, AcceptURLChanges: tc.accept})
			var got []string
			for _, d := range res.Diagnostics {
				got = append(got, d.Error())
			}
			if len(got) != len(tc.want) {
				t.Fatalf("diagnostics %q, want %q", got, tc.want)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tc.want[i]) {
					t.Errorf("diagnostic %q, want it to start %q", got[i], tc.want[i])
				}
				if !strings.Contains(got[i], "aliases: [") || !strings.Contains(got[i], "--accept-url-changes") {
					t.Errorf("diagnostic %q does not say how to keep the URL or accept the change", got[i])
				}
			}
			after := readURLs(t, dest)
			if len(tc.want) > 0 {
				if !res.Failed || !slices.Equal(entries(after), entries(before)) {
					t.Errorf("a refused change was published: failed %v, list %q", res.Failed, entries(after))
				}
				return
			}
			if res.Failed {
				t.Fatalf("second build failed: %v", res.Diagnostics)
			}
			if tc.accept && len(res.URLChanges) != 1 {
				t.Errorf("accepted changes %v, want the removed page", res.URLChanges)
			}
			// The next build compares with this one: nothing changed since.
			if res := Run(Options{Site: s, Theme: testTheme, Dest: dest, Now: "2021-02-20", PreviousURLs: after}); res.Failed {
				t.Errorf("a third build, with no edit, failed: %v", res.Diagnostics)
			}
		})
	}
}

// TestStableURLsPreview: a --drafts --future build changes nothing for the
// next published build, and a draft page's URL is not promised.
func TestStableURLsPreview(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "public")
	s := fstest.MapFS{
		"config.yaml":          {Data: []byte(smallConfig)},
		"content/notices/a.md": {Data: []byte(notice("甲通知", "2021-01-20", "", "正文。"))},
		"content/notices/d.md": {Data: []byte(notice("草稿", "2021-01-23", "status: draft\n", "正文。"))},
	}
	if res := Run(Options{Site: s, Theme: testTheme, Dest: dest, Now: "2021-02-20", Drafts: true, Future: true}); res.Failed {
		t.Fatal(res.Diagnostics)
	}
	if got := entries(readURLs(t, dest)); !slices.Equal(got, []string{"content/notices/a.md /notices/a/"}) {
		t.Fatalf("a preview build lists %q", got)
	}
	s["content/notices/d.md"].Data = []byte(notice("草稿", "2021-01-23", "status: draft\nslug: other\n", "正文。"))
	if res := Run(Options{Site: s, Theme: testTheme, Dest: dest, Now: "2021-02-20", PreviousURLs: readURLs(t, dest)}); res.Failed {
		t.Errorf("moving a draft failed the build: %v", res.Diagnostics)
	}
}

// TestStableURLsServe: the incremental builder of serve and watch compares
// too, on each rebuild that makes the site graph.
func TestStableURLsServe(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "public")
	write := func(rel, data string) {
		t.Helper()
		writeSite(t, dir, map[string]string{rel: data})
	}
	write("config.yaml", smallConfig)
	write("content/notices/a.md", notice("甲通知", "2021-01-20", "", "正文。"))
	if res := Run(Options{Site: os.DirFS(dir), Theme: testTheme, Dest: dest, Now: "2021-02-20"}); res.Failed {
		t.Fatal(res.Diagnostics)
	}
	b := NewBuilder(Options{Site: os.DirFS(dir), Theme: testTheme, Dest: dest, Now: "2021-02-20", PreviousURLs: readURLs(t, dest)})
	if res := b.Rebuild(nil); res.Failed {
		t.Fatal(res.Diagnostics)
	}
	write("content/notices/a.md", notice("甲通知", "2021-01-20", "slug: jia\n", "正文。"))
	res := b.Rebuild([]string{"content/notices/a.md"})
	if !res.Failed || len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Error(), "URL changed from /notices/a/ to /notices/jia/") {
		t.Fatalf("a slug changed in serve: failed %v, %v", res.Failed, res.Diagnostics)
	}
	write("content/notices/a.md", notice("甲通知", "2021-01-20", "slug: jia\naliases: [/notices/a/]\n", "正文。"))
	if res := b.Rebuild([]string{"content/notices/a.md"}); res.Failed {
		t.Fatalf("with the alias: %v", res.Diagnostics)
	}
	if got := entries(readURLs(t, dest)); !slices.Equal(got, []string{"content/notices/a.md /notices/jia/"}) {
		t.Errorf("after the rebuild the output lists %q", got)
	}
}

func readURLs(t *testing.T, dest string) *urls.Manifest {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dest, urls.FileName))
	if err != nil {
		t.Fatal(err)
	}
	m, err := urls.Decode(urls.FileName, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func entries(m *urls.Manifest) []string {
	var out []string
	for _, e := range m.Pages {
		out = append(out, e.Source+" "+e.URL)
	}
	return out
}
