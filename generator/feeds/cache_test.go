package feeds_test

import (
	"bytes"
	"strings"
	"testing"

	"bulletin/generator/content"
	"bulletin/generator/feeds"
	"bulletin/generator/markdown"
	"bulletin/generator/parallel"
)

// A serve or watch rebuild after an edit to a notice's text keeps the
// site graph and replaces the page's body in place. The feeds written
// with that build's Cache must be those of a fresh build of the edited
// site, while a Cache of the build before keeps what it had: a Cache is
// per build.
func TestCacheIsPerBuild(t *testing.T) {
	src := testSources()
	s := buildSite(t, src)
	before := feeds.NewCache(s)
	writeWith(t, before, feeds.Plan(s)) // fills the cache with the old body

	const path = "notices/n60.md"
	src[path] = strings.Replace(src[path], "第二段。", "改过的第二段。", 1)
	f, diags := content.Parse(path, []byte(src[path]), s.Config)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	if s.ReplaceText([]*content.File{f}, markdown.New(markdown.Options{}), nil) == nil {
		t.Fatal("the edit was not taken as a body-only change")
	}

	got := writeWith(t, feeds.NewCache(s), feeds.Plan(s))
	want := writeAll(t, buildSite(t, src))
	if len(got.files) != len(want.files) {
		t.Fatalf("%d files after the edit, %d from a fresh build", len(got.files), len(want.files))
	}
	for name, data := range want.files {
		if !bytes.Equal(got.files[name], data) {
			t.Errorf("%s after the edit differs from a fresh build's", name)
		}
	}
	if !bytes.Contains(got.files["feed.json"], []byte("改过的第二段")) {
		t.Error("feed.json lacks the edited text")
	}
	if old := writeWith(t, before, feeds.Plan(s)); !bytes.Contains(old.files["feed.json"], []byte("<p>第二段")) {
		t.Error("a Cache of the build before the edit changed its entries")
	}
}

// writeWith writes the feeds of plan in parallel, as the builder does.
func writeWith(t *testing.T, c *feeds.Cache, plan []feeds.Feed) *memWriter {
	t.Helper()
	w := &memWriter{}
	parallel.For(len(plan), func(i int) {
		if err := c.Write(w, plan[i]); err != nil {
			t.Error(err)
		}
	})
	return w
}
