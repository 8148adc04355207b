package watch

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// patience bounds every wait for a batch. Waits end as soon as the batch
// arrives; the bound only matters when something is broken or the machine
// is very slow.
const patience = 5 * time.Second

// mode is one way of watching: file events or polling.
type mode struct {
	name string
	opt  Options
}

var modes = []mode{
	{"events", Options{}},
	{"poll", Options{Poll: 50 * time.Millisecond}},
}

// testSite is a site folder in a temporary directory: config.yaml and
// content/ exist, templates/ does not (yet).
type testSite struct {
	t   *testing.T
	dir string
	n   int // makes every write change the file's size
}

func newSite(t *testing.T, files ...string) *testSite {
	s := &testSite{t: t, dir: t.TempDir()}
	s.write("config.yaml")
	s.mkdir("content")
	for _, f := range files {
		s.write(f)
	}
	return s
}

// roots are what bulletin serve watches.
func (s *testSite) roots() []string {
	return []string{s.path("content"), s.path("templates"), s.path("config.yaml")}
}

func (s *testSite) path(rel string) string {
	return filepath.Join(s.dir, filepath.FromSlash(rel))
}

func (s *testSite) write(rel string) {
	s.t.Helper()
	s.n++
	p := s.path(rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Repeat("x", s.n)), 0o644); err != nil {
		s.t.Fatal(err)
	}
}

func (s *testSite) mkdir(rel string) {
	s.t.Helper()
	if err := os.MkdirAll(s.path(rel), 0o755); err != nil {
		s.t.Fatal(err)
	}
}

func (s *testSite) rename(from, to string) {
	s.t.Helper()
	if err := os.Rename(s.path(from), s.path(to)); err != nil {
		s.t.Fatal(err)
	}
}

func (s *testSite) remove(rel string) {
	s.t.Helper()
	if err := os.RemoveAll(s.path(rel)); err != nil {
		s.t.Fatal(err)
	}
}

// watch starts a watcher on the site's roots in mode m; the test closes it.
func (s *testSite) watch(m mode) *Watcher {
	s.t.Helper()
	opt := m.opt
	opt.Roots = s.roots()
	return start(s.t, opt)
}

func start(t *testing.T, opt Options) *Watcher {
	t.Helper()
	w, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return w
}

// history is what a test received: the batches, and their changes merged
// as one batch would hold them.
type history struct {
	batches []Batch
	merged  map[string]span
}

// ops are the merged changes with paths relative to dir, e.g.
// "content/a.md": Modified.
func (h *history) ops(dir string) map[string]Op {
	m := map[string]Op{}
	for p, s := range h.merged {
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			rel = p
		}
		m[filepath.ToSlash(rel)] = s.op()
	}
	return m
}

// expect receives batches until the merged changes hold every change in
// want, then requires them to equal want. Comparing the merged changes, not
// single batches, keeps a stall of the test machine in the middle of a
// sequence from failing it.
func (s *testSite) expect(w *Watcher, want map[string]Op) *history {
	s.t.Helper()
	h := receive(s.t, w, func(h *history) bool {
		got := h.ops(s.dir)
		for p, op := range want {
			if got[p] != op {
				return false
			}
		}
		return true
	})
	if got := h.ops(s.dir); !maps.Equal(got, want) {
		s.t.Fatalf("changes:\n got %v\nwant %v\nbatches: %v", got, want, h.batches)
	}
	return h
}

// receive collects batches until done says so, failing the test after
// patience.
func receive(t *testing.T, w *Watcher, done func(*history) bool) *history {
	t.Helper()
	h := &history{merged: map[string]span{}}
	timeout := time.After(patience)
	for {
		select {
		case b, ok := <-w.Batches():
			if !ok {
				t.Fatal("Batches closed")
			}
			checkBatch(t, b)
			h.batches = append(h.batches, b)
			mergeChanges(h.merged, b.Changes)
			if done(h) {
				return h
			}
		case err := <-w.Errors():
			t.Errorf("error: %v", err)
		case <-timeout:
			t.Fatalf("no complete batch within %s; got %v", patience, h.batches)
		}
	}
}

// checkBatch checks the promises of every batch: not empty, sorted, one
// entry per path, no ignored names.
func checkBatch(t *testing.T, b Batch) {
	t.Helper()
	if len(b.Changes) == 0 {
		t.Error("empty batch")
	}
	for i, c := range b.Changes {
		if i > 0 && b.Changes[i-1].Path >= c.Path {
			t.Errorf("batch not sorted or has duplicates at %s: %v", c.Path, b.Changes)
		}
		if isLitter(filepath.Base(c.Path)) {
			t.Errorf("ignored file reported: %s", c)
		}
	}
}

func forEachMode(t *testing.T, test func(t *testing.T, m mode)) {
	for _, m := range modes {
		t.Run(m.name, func(t *testing.T) {
			t.Parallel()
			test(t, m)
		})
	}
}

func TestEditCreateRemove(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "content/notices/a.md", "content/notices/c.md")
		w := s.watch(m)
		s.write("content/notices/a.md")
		s.write("content/notices/b.md")
		s.remove("content/notices/c.md")
		s.expect(w, map[string]Op{
			"content/notices/a.md": Modified,
			"content/notices/b.md": Created,
			"content/notices/c.md": Removed,
		})
		// The next batch starts from there.
		s.write("content/notices/b.md")
		s.expect(w, map[string]Op{"content/notices/b.md": Modified})
	})
}

func TestNewFoldersWithFiles(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t)
		w := s.watch(m)
		want := map[string]Op{}
		// mkdir -p a/b/c && echo > a/b/c/x.md, racing the watches of a, b, c.
		for i := range 20 {
			dir := fmt.Sprintf("content/d%d/e/f", i)
			s.mkdir(dir)
			for _, f := range []string{
				fmt.Sprintf("content/d%d/top.md", i),
				fmt.Sprintf("content/d%d/e/mid.md", i),
				dir + "/deep.md",
			} {
				s.write(f)
				want[f] = Created
			}
		}
		s.expect(w, want)
		// The new folders are watched from now on.
		s.write("content/d7/e/f/later.md")
		s.expect(w, map[string]Op{"content/d7/e/f/later.md": Created})
	})
}

func TestFolderMovedIn(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "outside/batch/a.md", "outside/batch/sub/b.md", "outside/batch/sub/deeper/c.md")
		w := s.watch(m)
		s.rename("outside/batch", "content/batch")
		s.expect(w, map[string]Op{
			"content/batch/a.md":            Created,
			"content/batch/sub/b.md":        Created,
			"content/batch/sub/deeper/c.md": Created,
		})
		s.write("content/batch/sub/deeper/d.md")
		s.expect(w, map[string]Op{"content/batch/sub/deeper/d.md": Created})
	})
}

func TestFolderRemovedOrRenamed(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t,
			"content/old/a.md", "content/old/sub/b.md",
			"content/moving/c.md", "content/moving/sub/d.md",
			"content/keep.md")
		w := s.watch(m)
		s.remove("content/old")
		s.rename("content/moving", "content/moved")
		s.expect(w, map[string]Op{
			"content/old/a.md":        Removed,
			"content/old/sub/b.md":    Removed,
			"content/moving/c.md":     Removed,
			"content/moving/sub/d.md": Removed,
			"content/moved/c.md":      Created,
			"content/moved/sub/d.md":  Created,
		})
		// Events in the renamed folder carry its new name.
		s.write("content/moved/sub/d.md")
		s.write("content/moved/sub/e.md")
		s.expect(w, map[string]Op{
			"content/moved/sub/d.md": Modified,
			"content/moved/sub/e.md": Created,
		})
		// A folder created again where a removed one was is watched.
		s.write("content/old/sub/new.md")
		s.expect(w, map[string]Op{"content/old/sub/new.md": Created})
	})
}

func TestFileRenamed(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "content/a.md", "content/out.md", "outside/in.md")
		w := s.watch(m)
		s.rename("content/a.md", "content/b.md")
		s.rename("content/out.md", "outside/out.md")
		s.rename("outside/in.md", "content/in.md")
		s.expect(w, map[string]Op{
			"content/a.md":   Removed,
			"content/b.md":   Created,
			"content/out.md": Removed,
			"content/in.md":  Created,
		})
	})
}

// TestBurst is a git checkout: 500 files written at once, half of them in
// new folders, must make one rebuild, or two at most.
func TestBurst(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t)
		for i := range 250 {
			s.write(fmt.Sprintf("content/old%d/n%d.md", i%5, i))
		}
		// git writes 500 files in some 50ms; a loaded test machine with the
		// race detector can take seconds and stall between writes. The
		// longer times keep this a test of batching, not of the machine.
		opt := m.opt
		opt.Roots = s.roots()
		opt.Debounce = 500 * time.Millisecond
		opt.MaxWait = time.Minute
		w := start(t, opt)
		want := map[string]Op{}
		for i := range 250 {
			f := fmt.Sprintf("content/old%d/n%d.md", i%5, i)
			s.write(f)
			want[f] = Modified
			f = fmt.Sprintf("content/new%d/n%d.md", i%5, i)
			s.write(f)
			want[f] = Created
		}
		h := s.expect(w, want)
		sizes := []int{}
		for _, b := range h.batches {
			sizes = append(sizes, len(b.Changes))
		}
		t.Logf("batch sizes: %v", sizes)
		if len(h.batches) > 2 {
			t.Errorf("500 writes made %d batches of %v changes, want at most 2", len(h.batches), sizes)
		}
	})
}

// TestMaxWait: a stream of writes that never pauses for Debounce still
// gets batches, ended by MaxWait.
func TestMaxWait(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t)
		opt := m.opt
		opt.Roots = s.roots()
		opt.Debounce = 400 * time.Millisecond
		opt.MaxWait = 500 * time.Millisecond
		w := start(t, opt)
		stop, stopped := make(chan struct{}), make(chan struct{})
		go func() { // a file every 20ms until the test has its batch
			defer close(stopped)
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
				if err := os.WriteFile(s.path(fmt.Sprintf("content/%d.md", i)), []byte("x"), 0o644); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		receive(t, w, func(h *history) bool { return true })
		close(stop)
		<-stopped
	})
}

// TestAtomicSaves saves content/x.md the way editors do; each save is one
// Modified for x.md and nothing else.
func TestAtomicSaves(t *testing.T) {
	saves := map[string][]func(s *testSite){
		"temp file renamed over": {
			func(s *testSite) { s.write("content/x.md.tmp") },
			func(s *testSite) { s.rename("content/x.md.tmp", "content/x.md") },
		},
		"vim": {
			func(s *testSite) { s.write("content/.x.md.swp") },
			func(s *testSite) { s.write("content/4913") },
			func(s *testSite) { s.remove("content/4913") },
			func(s *testSite) { s.rename("content/x.md", "content/x.md~") },
			func(s *testSite) { s.write("content/x.md") },
			func(s *testSite) { s.remove("content/x.md~") },
			func(s *testSite) { s.remove("content/.x.md.swp") },
		},
		"emacs": {
			func(s *testSite) { s.write("content/#x.md#") },
			func(s *testSite) { s.write("content/.#x.md") },
			func(s *testSite) { s.rename("content/x.md", "content/x.md~") },
			func(s *testSite) { s.write("content/x.md") },
			func(s *testSite) { s.remove("content/#x.md#") },
			func(s *testSite) { s.remove("content/.#x.md") },
		},
		"jetbrains": {
			func(s *testSite) { s.write("content/x.md___jb_tmp___") },
			func(s *testSite) { s.rename("content/x.md", "content/x.md___jb_old___") },
			func(s *testSite) { s.rename("content/x.md___jb_tmp___", "content/x.md") },
			func(s *testSite) { s.remove("content/x.md___jb_old___") },
		},
	}
	for name, steps := range saves {
		t.Run(name, func(t *testing.T) {
			forEachMode(t, func(t *testing.T, m mode) {
				s := newSite(t, "content/x.md")
				w := s.watch(m)
				for range 3 { // saved again and again, x.md stays watched
					for _, step := range steps {
						step(s)
					}
					s.expect(w, map[string]Op{"content/x.md": Modified})
				}
			})
		})
	}
}

// TestIgnored writes editor litter and folders to ignore, then one real
// file. Batches are in event order, so litter would show up no later than
// the real file.
func TestIgnored(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t)
		opt := m.opt
		opt.Roots = s.roots()
		opt.Ignore = func(name string) bool { return name == "drafts" || strings.HasSuffix(name, ".bak") }
		w := start(t, opt)
		for _, f := range []string{
			".hidden", ".x.md.swp", "x.md.swx", "x.md~", "#x.md#", ".#x.md", "4913",
			"x.md___jb_tmp___", "x.md___jb_old___", "x.md.tmp",
			".git/objects/ab/cdef", ".obsidian/workspace.json",
			"x.md.bak", "drafts/y.md", "notices/drafts/z.md",
		} {
			s.write("content/" + f)
		}
		s.write("content/real.md")
		s.expect(w, map[string]Op{"content/real.md": Created})
	})
}

// TestConfigFile watches config.yaml alone: its folder's other files are
// not reported, and atomic saves keep it watched.
func TestConfigFile(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "other.yaml")
		opt := m.opt
		opt.Roots = []string{s.path("config.yaml")}
		w := start(t, opt)
		s.write("other.yaml")
		s.write("config.yaml")
		s.expect(w, map[string]Op{"config.yaml": Modified})
		for range 3 {
			s.write("config.yaml.tmp")
			s.rename("config.yaml.tmp", "config.yaml")
			s.expect(w, map[string]Op{"config.yaml": Modified})
		}
		s.remove("config.yaml")
		s.expect(w, map[string]Op{"config.yaml": Removed})
		s.write("config.yaml")
		s.expect(w, map[string]Op{"config.yaml": Created})
	})
}

// TestOutputNotWatched: the build writes public/ beside content/, staged
// then swapped; that must not start the next rebuild.
func TestOutputNotWatched(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "public/index.html")
		w := s.watch(m)
		s.write("public.staging/index.html")
		s.write("public.staging/notices/a/index.html")
		s.rename("public", "public.old")
		s.rename("public.staging", "public")
		s.remove("public.old")
		s.write("content/a.md")
		s.expect(w, map[string]Op{"content/a.md": Created})
	})
}

// TestRootAppears: a site without templates/ gets one while being watched;
// content/ is deleted and created again.
func TestRootAppears(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "content/a.md")
		w := s.watch(m)
		s.write("templates/partials/head.html")
		s.expect(w, map[string]Op{"templates/partials/head.html": Created})
		s.write("templates/base.html")
		s.expect(w, map[string]Op{"templates/base.html": Created})

		s.remove("content")
		s.expect(w, map[string]Op{"content/a.md": Removed})
		s.write("content/b.md")
		s.expect(w, map[string]Op{"content/b.md": Created})
		s.write("content/sub/c.md")
		s.expect(w, map[string]Op{"content/sub/c.md": Created})
	})
}

// TestTouch: changing only the modification time (touch) is a change; so a
// clerk can force a rebuild of one page.
func TestTouch(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "content/a.md")
		w := s.watch(m)
		later := time.Now().Add(time.Hour)
		if err := os.Chtimes(s.path("content/a.md"), later, later); err != nil {
			t.Fatal(err)
		}
		s.expect(w, map[string]Op{"content/a.md": Modified})
	})
}

// TestSiteFolderGoesAndComesBack takes away the folder holding the roots
// (the site folder), renamed and then deleted: its files are Removed, and
// once it is back they are Created and watched again.
func TestSiteFolderGoesAndComesBack(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "content/a.md", "content/sub/b.md")
		w := s.watch(m)
		away := s.dir + ".away"
		all := func(op Op) map[string]Op {
			return map[string]Op{"config.yaml": op, "content/a.md": op, "content/sub/b.md": op}
		}

		if err := os.Rename(s.dir, away); err != nil {
			t.Fatal(err)
		}
		s.expect(w, all(Removed))
		// Edits in the folder under its new name are not this site's.
		if err := os.WriteFile(filepath.Join(away, "content", "sub", "c.md"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(away, s.dir); err != nil {
			t.Fatal(err)
		}
		want := all(Created)
		want["content/sub/c.md"] = Created
		s.expect(w, want)
		s.write("content/sub/b.md")
		s.expect(w, map[string]Op{"content/sub/b.md": Modified})

		s.remove("")
		want = all(Removed)
		want["content/sub/c.md"] = Removed
		s.expect(w, want)
		s.mkdir("")
		s.write("config.yaml")
		s.write("content/sub/d.md")
		s.expect(w, map[string]Op{"config.yaml": Created, "content/sub/d.md": Created})
		s.write("content/sub/d.md")
		s.expect(w, map[string]Op{"content/sub/d.md": Modified})
	})
}

func TestRelativeRoots(t *testing.T) {
	s := newSite(t, "content/a.md")
	t.Chdir(s.dir)
	w := start(t, Options{Roots: []string{"content", "templates", "config.yaml"}})
	s.write("content/a.md")
	s.write("config.yaml")
	h := receive(t, w, func(h *history) bool { return len(h.merged) == 2 })
	want := map[string]span{"content/a.md": {true, true}, "config.yaml": {true, true}}
	if !maps.Equal(h.merged, want) {
		t.Errorf("got %v, want paths relative like the roots: %v", h.batches, want)
	}
}

// TestCloseEndsEverything: Close ends the goroutines, which close the
// channels, also with changes not yet delivered.
func TestCloseEndsEverything(t *testing.T) {
	forEachMode(t, func(t *testing.T, m mode) {
		s := newSite(t, "content/a.md")
		opt := m.opt
		opt.Roots = s.roots()
		w, err := New(opt)
		if err != nil {
			t.Fatal(err)
		}
		s.write("content/a.md")
		closed := make(chan error)
		go func() { closed <- w.Close() }()
		select {
		case err := <-closed:
			if err != nil {
				t.Errorf("Close: %v", err)
			}
		case <-time.After(patience):
			t.Fatal("Close did not return")
		}
		for range w.Batches() { // a batch may have been ready; then the channel closes
		}
		for range w.Errors() {
		}
		if err := w.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
}

func TestNewErrors(t *testing.T) {
	if _, err := New(Options{}); err == nil {
		t.Error("New without roots: no error")
	}
	dir := t.TempDir()
	_, err := New(Options{Roots: []string{filepath.Join(dir, "no", "such", "content")}})
	if err == nil || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("root in a missing folder: got %v, want a not-exist error", err)
	}
}

// TestLimitMessage checks what a user reads when the system runs out of
// watches or watchers: what happened, and what to do.
func TestLimitMessage(t *testing.T) {
	tests := []struct {
		errno syscall.Errno
		want  []string
	}{
		{syscall.ENOSPC, []string{
			"watch site/content/notices: ",
			"limit on watched folders is reached",
			"fs.inotify.max_user_watches",
			"sudo sysctl fs.inotify.max_user_watches=524288",
			"/etc/sysctl.conf",
			"--poll 1s",
		}},
		{syscall.EMFILE, []string{
			"watch site/content/notices: ",
			"too many open files",
			"fs.inotify.max_user_instances",
			"ulimit -n",
			"--poll 1s",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.errno.Error(), func(t *testing.T) {
			cause := fmt.Errorf("inotify_add_watch: %w", tt.errno)
			err := watchError("site/content/notices", cause)
			var le *LimitError
			if !errors.As(err, &le) {
				t.Fatalf("got %T %v, want a *LimitError", err, err)
			}
			if !errors.Is(err, tt.errno) {
				t.Errorf("%v does not wrap %v", err, tt.errno)
			}
			msg := err.Error()
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message lacks %q:\n%s", w, msg)
				}
			}
		})
	}
	if err := watchError("", syscall.EMFILE); !strings.HasPrefix(err.Error(), "watch: too many open files") {
		t.Errorf("starting the watcher failed: %q", err)
	}
	if err := watchError("content", syscall.EACCES); errors.As(err, new(*LimitError)) || err.Error() != "watch content: permission denied" {
		t.Errorf("other errors pass through: got %q", err)
	}
	if watchError("content", nil) != nil {
		t.Error("nil error made non-nil")
	}
}

func TestMergeSpans(t *testing.T) {
	tests := []struct {
		ops  []Op
		want Op // 0: nothing to report
	}{
		{[]Op{Created, Modified}, Created},
		{[]Op{Created, Removed}, 0},
		{[]Op{Created, Removed, Created}, Created},
		{[]Op{Modified, Modified}, Modified},
		{[]Op{Modified, Removed}, Removed},
		{[]Op{Removed, Created}, Modified},
		{[]Op{Removed, Created, Removed}, Removed},
	}
	for _, tt := range tests {
		m := map[string]span{}
		for _, op := range tt.ops {
			mergeSpan(m, "a.md", spanOf(op))
		}
		got := Op(0)
		if s, ok := m["a.md"]; ok {
			got = s.op()
		}
		if got != tt.want {
			t.Errorf("%v merged to %v, want %v", tt.ops, got, tt.want)
		}
	}
}

func TestIsLitter(t *testing.T) {
	litter := []string{
		".git", ".x.md.swp", "x.md.swp", "x.md.swx", "x.md~", "#x.md#", ".#x.md",
		"4913", "x.md___jb_tmp___", "x.md___jb_old___", "x.md.tmp", ".DS_Store",
	}
	kept := []string{"x.md", "2021-01-20-spring.md", "config.yaml", "#1.md", "49130.md", "tmp.md", "a~b.md"}
	for _, name := range litter {
		if !isLitter(name) {
			t.Errorf("%q is not ignored", name)
		}
	}
	for _, name := range kept {
		if isLitter(name) {
			t.Errorf("%q is ignored", name)
		}
	}
}

func TestWithin(t *testing.T) {
	tests := []struct {
		p, dir, rel string
		ok          bool
	}{
		{"content/a.md", "content", "a.md", true},
		{"content", "content", "", false},
		{"contents/a.md", "content", "", false},
		{"a.md", ".", "a.md", true},
		{"../a.md", ".", "", false},
		{"/a.md", ".", "", false},
		{"/site/a.md", "/", "site/a.md", true},
		{"/site/content/a/b.md", "/site/content", "a/b.md", true},
	}
	for _, tt := range tests {
		rel, ok := within(filepath.FromSlash(tt.p), filepath.FromSlash(tt.dir))
		if ok != tt.ok || rel != filepath.FromSlash(tt.rel) {
			t.Errorf("within(%q, %q) = %q, %v; want %q, %v", tt.p, tt.dir, rel, ok, tt.rel, tt.ok)
		}
	}
}
