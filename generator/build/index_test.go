package build

import (
	"fmt"
	"os"
	"path"
	"strings"
	"testing"

	"bulletin/generator/search"
)

// TestBackgroundIndexCatchesUp edits a notice under a Builder that
// indexes in the background, as serve does: once WaitIndex returns, the
// output equals a full build's, and the new words find the notice.
func TestBackgroundIndexCatchesUp(t *testing.T) {
	e := newEditor(t, 3, 60)
	opt := e.options(e.dest)
	opt.IndexInBackground = true
	b := NewBuilder(opt)
	// compare rebuilds too; its update must end before the folder goes.
	t.Cleanup(func() { b.WaitIndex() })
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("first build failed: %v", res.Diagnostics)
	}
	target := "content/notices/00020-" + e.slugOf(20) + ".md"
	url := "/notices/" + strings.TrimSuffix(path.Base(target), ".md") + "/"
	find := func() bool {
		x, err := search.Open(os.DirFS(e.dest), "search")
		if err != nil {
			t.Fatal(err)
		}
		hits, err := x.Search("麒麟踏雪", search.Filter{}, 1)
		if err != nil {
			t.Fatal(err)
		}
		return len(hits) > 0 && hits[0].Record[0] == url && hits[0].Matched == len(search.QueryTerms("麒麟踏雪"))
	}
	if find() {
		t.Fatal("the words are found before they are written")
	}
	e.write(target, e.read(target)+"\n补充说明：麒麟踏雪。\n")
	if res := b.Rebuild([]string{target}); res.Failed {
		t.Fatalf("body edit: %v", res.Diagnostics)
	}
	if err := b.WaitIndex(); err != nil {
		t.Fatal(err)
	}
	if !find() {
		t.Errorf("after the index caught up, 麒麟踏雪 does not find %s first", url)
	}
	e.compare(b, "body edit, index in the background")
	e.compareOnDisk(b, "body edit, index in the background")
}

// TestIndexUpdateWritesLittle edits one notice's body under a Builder, as
// serve does: the index update writes only the few index files the edit
// reaches (names are content hashes, so a new name is a written file),
// and the output still equals a full build's.
func TestIndexUpdateWritesLittle(t *testing.T) {
	e := newEditor(t, 5, 300)
	b := NewBuilder(e.options(e.dest))
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("first build failed: %v", res.Diagnostics)
	}
	indexFiles := func() map[string]bool {
		entries, err := os.ReadDir(path.Join(e.dest, "search"))
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, en := range entries {
			if search.IsIndexFile("search/" + en.Name()) {
				out[en.Name()] = true
			}
		}
		return out
	}
	before := indexFiles()
	for _, n := range []int{20, 140, 260} {
		target := "content/notices/" + fmt.Sprintf("%05d", n) + "-" + e.slugOf(n) + ".md"
		e.write(target, e.read(target)+"\n补充说明：请提前预约。\n")
		if res := b.Rebuild([]string{target}); res.Failed {
			t.Fatalf("body edit: %v", res.Diagnostics)
		}
		after := indexFiles()
		var added []string
		for name := range after {
			if !before[name] {
				added = append(added, name)
			}
		}
		if len(added) == 0 || len(added)*5 > len(after) {
			t.Errorf("editing notice %d wrote %d of %d index files %v; want a few", n, len(added), len(after), added)
		}
		before = after
	}
	e.compare(b, "body edits, index updated in place")
	e.compareOnDisk(b, "body edits, index updated in place")
}
