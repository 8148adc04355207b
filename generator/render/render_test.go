package render

import (
	"maps"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// TestQRCacheForgetsGoneURLs: the QR codes a Builder's theme keeps
// between renders are those of the pages of the last graph; a notice
// whose URL changed does not leave its old code behind for the rest of a
// serve session.
func TestQRCacheForgetsGoneURLs(t *testing.T) {
	th, err := LoadTheme(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	graph := func(front string) *site.Site {
		return testGraph(t, "title: 示例\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\nlanguage: zh-CN\n", map[string]string{
			"notices/a.md": "---\ntitle: 春节通知\ndate: 2021-01-20\n" + front + "---\n正文。\n",
		})
	}
	cached := func() map[string]bool {
		m := map[string]bool{}
		th.qrs.Range(func(url, _ any) bool { m[url.(string)] = true; return true })
		return m
	}
	prev, l := RenderChanged(graph(""), th, discard{}, nil, nil)
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	if !cached()["/notices/a/"] {
		t.Fatalf("no QR code kept for /notices/a/: %v", cached())
	}
	if _, l = RenderChanged(graph("slug: spring\n"), th, discard{}, prev, nil); l.Err() != nil {
		t.Fatal(l.Err())
	}
	if got := cached(); got["/notices/a/"] || !got["/notices/spring/"] {
		t.Errorf("after the slug changed the theme keeps QR codes for %v; want /notices/spring/ and not /notices/a/", got)
	}
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// TestPlannedMatchesWrites: a Writer that plans (a progress line) is told
// exactly how many files the render then writes: documents, redirects
// and assets.
func TestPlannedMatchesWrites(t *testing.T) {
	th, err := LoadTheme(os.DirFS("../../templates"))
	if err != nil {
		t.Fatal(err)
	}
	s := testGraph(t, "title: 示例\nbase_url: https://example.org/\ntimezone: Asia/Shanghai\ntaxonomies: [tags]\n", map[string]string{
		"notices/0.md": "---\ntitle: 春节通知\ndate: 2021-01-20\ntags: [春节]\naliases: [/old/a/]\n---\n正文。\n",
		"notices/1.md": "---\ntitle: 走访通知\ndate: 2021-01-21\ntags: [春节, 走访]\n---\n正文。\n",
	})
	w := &plannedWriter{planned: -1}
	if err := Render(s, th, w).Err(); err != nil {
		t.Fatal(err)
	}
	if w.planned != w.written || w.written < 10 {
		t.Errorf("planned %d files, wrote %d", w.planned, w.written)
	}
}

type plannedWriter struct {
	mu               sync.Mutex
	planned, written int
}

func (w *plannedWriter) Planned(n int) { w.planned = n }

func (w *plannedWriter) WriteFile(string, []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.written++
	return nil
}

// testGraph builds the site graph of a configuration and content files
// (path → source) at 2021-02-01.
func testGraph(t *testing.T, cfgYAML string, sources map[string]string) *site.Site {
	t.Helper()
	cfg, err := config.Parse([]byte(cfgYAML))
	if err != nil {
		t.Fatal(err)
	}
	var files []*content.File
	for _, path := range slices.Sorted(maps.Keys(sources)) {
		f, diags := content.Parse(path, []byte(sources[path]), cfg)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		files = append(files, f)
	}
	s, l := site.Build(cfg, &content.Tree{Files: files}, markdown.New(markdown.Options{}), site.Options{Now: time.Date(2021, 2, 1, 0, 0, 0, 0, cfg.Location)})
	if err := l.Err(); err != nil {
		t.Fatal(err)
	}
	return s
}
