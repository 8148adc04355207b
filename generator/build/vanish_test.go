package build

import (
	"io/fs"
	"os"
	"strings"
	"testing"

	"bulletin/generator/content"
)

// TestContentVanishedKeepsLastGoodOutput takes content/ away from under a
// Builder in each way serve can meet, with the paths the watcher then
// reports (every content file Removed): the rebuild fails naming the
// folder, the output keeps the last good site byte for byte, and once the
// folder is back a rebuild of the same paths restores it.
func TestContentVanishedKeepsLastGoodOutput(t *testing.T) {
	tests := []struct {
		name string
		// away takes the folder away and returns what the watcher reports.
		away    func(e *editor, site *lockedFS) []string
		back    func(e *editor, site *lockedFS)
		message string
	}{
		{
			name: "removed or renamed away",
			away: func(e *editor, _ *lockedFS) []string {
				if err := os.Rename(e.full("content"), e.full("content.away")); err != nil {
					t.Fatal(err)
				}
				return nil
			},
			back: func(e *editor, _ *lockedFS) {
				if err := os.Rename(e.full("content.away"), e.full("content")); err != nil {
					t.Fatal(err)
				}
			},
			message: "content: folder is missing",
		},
		{
			name: "a file in its place",
			away: func(e *editor, _ *lockedFS) []string {
				if err := os.Rename(e.full("content"), e.full("content.away")); err != nil {
					t.Fatal(err)
				}
				e.write("content", "not a folder\n")
				return nil
			},
			back: func(e *editor, _ *lockedFS) {
				e.remove("content")
				if err := os.Rename(e.full("content.away"), e.full("content")); err != nil {
					t.Fatal(err)
				}
			},
			message: "content: is a file, not a folder",
		},
		{
			// chmod 000 as a user other than root; the tests may run as
			// root, who reads anything, so the file system pretends.
			name: "unreadable",
			away: func(e *editor, site *lockedFS) []string {
				site.locked = content.Dir
				return nil
			},
			back:    func(e *editor, site *lockedFS) { site.locked = "" },
			message: "content: cannot read the folder",
		},
		{
			// The same for one section's folder: its notices were not
			// deleted, they cannot be read.
			name: "a section unreadable",
			away: func(e *editor, site *lockedFS) []string {
				site.locked = content.Dir + "/notices"
				return nil
			},
			back:    func(e *editor, site *lockedFS) { site.locked = "" },
			message: "permission denied",
		},
		{
			// config.yaml changed while content/ was away: a full
			// rebuild meets the missing folder, and the next incremental
			// one must not keep reporting it.
			name: "removed, then a full rebuild",
			away: func(e *editor, _ *lockedFS) []string {
				if err := os.Rename(e.full("content"), e.full("content.away")); err != nil {
					t.Fatal(err)
				}
				e.write("config.yaml", e.read("config.yaml")+"\n")
				return []string{"config.yaml"}
			},
			back: func(e *editor, _ *lockedFS) {
				if err := os.Rename(e.full("content.away"), e.full("content")); err != nil {
					t.Fatal(err)
				}
			},
			message: "content: folder is missing",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEditor(t, 5, 30)
			site := &lockedFS{FS: os.DirFS(e.dir)}
			opt := e.options(e.dest)
			opt.Site = site
			b := NewBuilder(opt)
			if res := b.Rebuild(nil); res.Failed {
				t.Fatalf("first build failed: %v", res.Diagnostics)
			}
			good := snapshot(t, e.dest)
			files := e.markdown()

			changed := append(tt.away(e, site), files...)
			res := b.Rebuild(changed)
			if !res.Failed {
				t.Fatalf("the rebuild without content/ succeeded with %d pages", res.Pages)
			}
			if got := diagStrings(res); !strings.Contains(got, tt.message) {
				t.Errorf("diagnostics do not say %q:\n%s", tt.message, got)
			}
			if err := diffTrees(good, snapshot(t, e.dest)); err != nil {
				t.Fatalf("the failed rebuild changed the output: %v", err)
			}

			tt.back(e, site)
			if res := b.Rebuild(files); res.Failed {
				t.Fatalf("the rebuild with content/ back failed: %v", diagStrings(res))
			}
			if err := diffTrees(good, snapshot(t, e.dest)); err != nil {
				t.Errorf("the output after content/ came back is not the last good site: %v", err)
			}
		})
	}
}

// TestEmptiedContentBuilds deletes every file of content/ but keeps the
// folder: that is a site whose notices were all taken down, and it builds.
func TestEmptiedContentBuilds(t *testing.T) {
	e := newEditor(t, 6, 10)
	b := NewBuilder(e.options(e.dest))
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("first build failed: %v", res.Diagnostics)
	}
	files := e.markdown()
	if err := os.RemoveAll(e.full("content")); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(e.full("content"), 0o755); err != nil {
		t.Fatal(err)
	}
	res := b.Rebuild(files)
	if res.Failed {
		t.Fatalf("the rebuild of an empty content/ failed: %v", diagStrings(res))
	}
	if _, ok := snapshot(t, e.dest)["about/index.html"]; ok {
		t.Errorf("the deleted about page is still published")
	}
}

// lockedFS is a site folder with one folder locked, when set, as chmod 000
// locks it for a user other than root: the folder itself can be looked
// at, but it cannot be listed, and nothing in it can be looked at or read.
type lockedFS struct {
	fs.FS
	locked string
}

func (l *lockedFS) refuse(op, name string, list bool) error {
	if l.locked != "" && (name == l.locked && list || strings.HasPrefix(name, l.locked+"/")) {
		return &fs.PathError{Op: op, Path: name, Err: fs.ErrPermission}
	}
	return nil
}

func (l *lockedFS) Open(name string) (fs.File, error) {
	if err := l.refuse("open", name, true); err != nil {
		return nil, err
	}
	return l.FS.Open(name)
}

func (l *lockedFS) Stat(name string) (fs.FileInfo, error) {
	if err := l.refuse("stat", name, false); err != nil {
		return nil, err
	}
	return fs.Stat(l.FS, name)
}

func (l *lockedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	if err := l.refuse("open", name, true); err != nil {
		return nil, err
	}
	return fs.ReadDir(l.FS, name)
}

func (l *lockedFS) ReadFile(name string) ([]byte, error) {
	if err := l.refuse("open", name, true); err != nil {
		return nil, err
	}
	return fs.ReadFile(l.FS, name)
}
