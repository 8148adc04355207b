package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
	"bulletin/generator/watch"
)

// The rebuild benchmarks measure what a clerk waits for under `bulletin
// serve` on a large site: the 10k corpus (package corpus, 10,000 notices,
// 20% translated, 500 policies) written to disk and built once by a
// Builder; then each iteration edits one notice on disk and times
// Rebuild from the call to its return, writing the changed files
// included. The site and its first build are made once per test binary
// and shared, since a 10k build takes seconds.
//
//	go test ./generator/build -run '^$' -bench Rebuild -benchtime 20x -count 5
//
// Targets: a body edit at most 100 ms, a title edit (lists, feeds and
// related notices change) at most 300 ms. A date edit changes the site
// graph, which is made again. The search index is updated in
// the background, as serve does; index-ms/edit is the time until it is
// written too. BenchmarkWatchToWritten adds the
// real file watcher: from the write of the file to the changed files
// written, the debounce quiet time (25ms, as bulletin serve uses) included.

func BenchmarkRebuildBodyEdit(b *testing.B) {
	benchmarkRebuild(b, func(src string, i int) string {
		return src + fmt.Sprintf("\n第%d次补充：请以最新发布的信息为准。\n", i)
	})
}

func BenchmarkRebuildTitleEdit(b *testing.B) {
	benchmarkRebuild(b, func(src string, i int) string {
		return titleLine.ReplaceAllString(src, fmt.Sprintf("title: 修改后的标题（第%d次）", i))
	})
}

var titleLine = regexp.MustCompile(`(?m)^title: .*$`)

// BenchmarkRebuildDateEdit moves a notice's publication time by minutes
// within its day: lists, archives and feeds order by date, so the site
// graph is made again and every document fingerprinted, which a title or
// body edit (text alone, site.ReplaceText) skips.
func BenchmarkRebuildDateEdit(b *testing.B) {
	benchmarkRebuild(b, func(src string, i int) string {
		return dateTime.ReplaceAllString(src, fmt.Sprintf("${1}T08:%02d", i%60))
	})
}

var dateTime = regexp.MustCompile(`(?m)^(date: \d{4}-\d\d-\d\d)T\d\d:\d\d`)

func benchmarkRebuild(b *testing.B, edit func(src string, i int) string) {
	fx := sharedSite(b)
	files := 0
	var took, indexed time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		rel := fx.next()
		fx.write(b, rel, edit(fx.read(b, rel), fx.counter()))
		start := time.Now()
		b.StartTimer()
		res := fx.builder.Rebuild([]string{rel})
		b.StopTimer()
		took += time.Since(start)
		if res.Failed {
			b.Fatalf("rebuild after editing %s failed: %v", rel, res.Diagnostics)
		}
		// The search index follows in the background; the next edit
		// starts from a caught-up index.
		if err := fx.builder.WaitIndex(); err != nil {
			b.Fatal(err)
		}
		indexed += time.Since(start)
		files += res.Files
		b.StartTimer()
	}
	b.ReportMetric(float64(files)/float64(b.N), "files/op")
	b.ReportMetric(float64(took.Microseconds())/1000/float64(b.N), "ms/edit")
	b.ReportMetric(float64(indexed.Microseconds())/1000/float64(b.N), "index-ms/edit")
}

// BenchmarkWatchToWritten measures the whole path with the real watcher:
// the edited file is written, the watcher's batch arrives after the
// debounce quiet time, and Rebuild writes the changed files. It reports
// the parts: batch-ms (write to batch, the debounce included), rebuild-ms,
// and written-ms (write to files written).
func BenchmarkWatchToWritten(b *testing.B) {
	fx := sharedSite(b)
	w, err := watch.New(watch.Options{Roots: []string{filepath.Join(fx.dir, "content")}, Debounce: serveDebounce})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	var batch, rebuild time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		rel := fx.next()
		src := fx.read(b, rel) + fmt.Sprintf("\n第%d次补充。\n", fx.counter())
		b.StartTimer()
		start := time.Now()
		fx.write(b, rel, src)
		var changed []string
		select {
		case bt := <-w.Batches():
			for _, c := range bt.Changes {
				r, err := filepath.Rel(fx.dir, c.Path)
				if err != nil {
					b.Fatal(err)
				}
				changed = append(changed, filepath.ToSlash(r))
			}
		case err := <-w.Errors():
			b.Fatal(err)
		case <-time.After(30 * time.Second):
			b.Fatalf("no batch 30 s after writing %s", rel)
		}
		arrived := time.Now()
		res := fx.builder.Rebuild(changed)
		done := time.Now()
		if res.Failed {
			b.Fatalf("rebuild after editing %s failed: %v", rel, res.Diagnostics)
		}
		if strings.Join(changed, ",") != rel {
			b.Fatalf("the batch said %v, want [%s]", changed, rel)
		}
		batch += arrived.Sub(start)
		rebuild += done.Sub(arrived)
	}
	n := float64(b.N)
	b.ReportMetric(float64(batch.Microseconds())/1000/n, "batch-ms")
	b.ReportMetric(float64(rebuild.Microseconds())/1000/n, "rebuild-ms")
	b.ReportMetric(float64((batch+rebuild).Microseconds())/1000/n, "written-ms")
	b.ReportMetric(float64(serveDebounce.Milliseconds()), "debounce-ms")
}

// benchSite is the 10k corpus on disk with a Builder that built it once.
type benchSite struct {
	root, dir string
	builder   *build.Builder
	notices   []string // site-relative paths of the Chinese notices
	mu        sync.Mutex
	i, n      int
}

var (
	benchOnce sync.Once
	bench     *benchSite
	benchErr  error
)

func sharedSite(b *testing.B) *benchSite {
	b.Helper()
	benchOnce.Do(func() { bench, benchErr = newBenchSite() })
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return bench
}

func newBenchSite() (*benchSite, error) {
	root, err := os.MkdirTemp("", "bulletin-bench-")
	if err != nil {
		return nil, err
	}
	fx := &benchSite{root: root, dir: filepath.Join(root, "site")}
	opt := corpus.Options{Notices: 10000, Seed: 1, EnglishShare: 0.2, Policies: 500}
	if err := corpus.WriteDir(fx.dir, opt); err != nil {
		return fx, err
	}
	matches, err := filepath.Glob(filepath.Join(fx.dir, "content", "notices", "*.md"))
	if err != nil {
		return fx, err
	}
	for _, m := range matches {
		if !strings.HasSuffix(m, ".en.md") {
			rel, _ := filepath.Rel(fx.dir, m)
			fx.notices = append(fx.notices, filepath.ToSlash(rel))
		}
	}
	sort.Strings(fx.notices)
	fx.builder = build.NewBuilder(build.Options{
		Site: os.DirFS(fx.dir), SourceDir: fx.dir, Theme: os.DirFS("../../templates"),
		Dest: filepath.Join(root, "public"), Now: corpus.Now,
		IndexInBackground: true, // as serve and watch do
	})
	if res := fx.builder.Rebuild(nil); res.Failed {
		return fx, fmt.Errorf("the first build of the 10k corpus failed: %v", res.Diagnostics)
	}
	return fx, nil
}

// next returns the notice the next iteration edits: a different one each
// time, spread over the site.
func (fx *benchSite) next() string {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	fx.i = (fx.i + 7919) % len(fx.notices)
	return fx.notices[fx.i]
}

func (fx *benchSite) counter() int {
	fx.mu.Lock()
	defer fx.mu.Unlock()
	fx.n++
	return fx.n
}

func (fx *benchSite) read(b *testing.B, rel string) string {
	data, err := os.ReadFile(filepath.Join(fx.dir, filepath.FromSlash(rel)))
	if err != nil {
		b.Fatal(err)
	}
	return string(data)
}

func (fx *benchSite) write(b *testing.B, rel, data string) {
	if err := os.WriteFile(filepath.Join(fx.dir, filepath.FromSlash(rel)), []byte(data), 0o644); err != nil {
		b.Fatal(err)
	}
}

// TestMain removes the shared benchmark site after all tests and
// benchmarks ran.
func TestMain(m *testing.M) {
	code := m.Run()
	if bench != nil {
		os.RemoveAll(bench.root)
	}
	os.Exit(code)
}

// serveDebounce is the quiet time bulletin serve and watch use
// (generator/cli's debounce).
const serveDebounce = 25 * time.Millisecond
