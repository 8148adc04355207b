package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
	"bulletin/generator/render"
)

// The build benchmarks build a generated site (package corpus) from memory
// with the real theme into a fresh folder per iteration, as a first build
// in CI does. Besides time and allocations they report
//
//	pages/op       pages rendered
//	files/op       files written
//	base-heap-MB   live heap before the first build: the in-memory corpus
//	peak-heap-MB   the most live heap seen during the builds, corpus included
//	peak-mapped-MB the most memory the Go runtime held from the OS at once,
//	               a lower bound of the process's peak RSS
//
// Peaks are sampled every millisecond with runtime/metrics, so a spike
// shorter than that can be missed. Measure the binary's RSS with
// /usr/bin/time -v on a corpus written by cmd/gencorpus.
//
//	go test ./generator/build -run '^$' -bench Build10k -benchtime 3x -count 3
//
// Build100k is the scale case: it generates about 750 MB of Markdown in
// memory first and needs about 4 GB; run it alone, once per count:
//
//	go test ./generator/build -run '^$' -bench Build100k -benchtime 1x -count 3

func BenchmarkBuild1k(b *testing.B) { benchmarkBuild(b, 1000) }

func BenchmarkBuild10k(b *testing.B) { benchmarkBuild(b, 10000) }

func BenchmarkBuild100k(b *testing.B) { benchmarkBuild(b, 100000) }

func benchmarkBuild(b *testing.B, notices int) {
	opt := corpus.Options{Notices: notices, Seed: 1, EnglishShare: 0.2, Policies: notices / 20}
	site := corpus.Generate(opt)
	theme := os.DirFS("../../templates")
	tmp := b.TempDir()

	runtime.GC()
	base := readMemory()
	peak := watchMemory()
	b.ReportAllocs()
	var res *build.Result
	for i := 0; b.Loop(); i++ {
		dest := filepath.Join(tmp, fmt.Sprintf("public-%d", i))
		res = build.Run(build.Options{Site: site, Theme: theme, Dest: dest, Now: corpus.Now, Strict: true})
		b.StopTimer()
		if res.Failed {
			for _, d := range res.Diagnostics {
				b.Log(d)
			}
			b.Fatalf("the build of a %d-notice corpus failed with %d diagnostics", notices, len(res.Diagnostics))
		}
		if err := os.RemoveAll(dest); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	high := peak.stop()
	const mb = 1 << 20
	b.ReportMetric(float64(res.Pages), "pages/op")
	b.ReportMetric(float64(res.Files), "files/op")
	b.ReportMetric(float64(base.heap)/mb, "base-heap-MB")
	b.ReportMetric(float64(high.heap)/mb, "peak-heap-MB")
	b.ReportMetric(float64(high.mapped)/mb, "peak-mapped-MB")
}

// memory is one reading of the runtime's memory use.
type memory struct {
	heap   uint64 // bytes in heap objects, live or not yet swept
	mapped uint64 // bytes the runtime holds from the OS and has not released
}

var memorySamples = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/total:bytes",
	"/memory/classes/heap/released:bytes",
}

func readMemory() memory {
	s := make([]metrics.Sample, len(memorySamples))
	for i, name := range memorySamples {
		s[i].Name = name
	}
	metrics.Read(s)
	return memory{heap: s[0].Value.Uint64(), mapped: s[1].Value.Uint64() - s[2].Value.Uint64()}
}

// memoryWatch keeps the highest readings until stopped.
type memoryWatch struct {
	done chan struct{}
	wg   sync.WaitGroup
	max  memory
}

func watchMemory() *memoryWatch {
	w := &memoryWatch{done: make(chan struct{}), max: readMemory()}
	w.wg.Go(func() {
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-tick.C:
				m := readMemory()
				w.max.heap = max(w.max.heap, m.heap)
				w.max.mapped = max(w.max.mapped, m.mapped)
			}
		}
	})
	return w
}

func (w *memoryWatch) stop() memory {
	close(w.done)
	w.wg.Wait()
	return w.max
}

// BenchmarkRenderInMemory1k is the build without the disk: the corpus is
// read, converted and rendered as by BenchmarkBuild1k, and every output
// file is handed to a writer that only counts bytes. It shows the CPU cost
// of the pipeline apart from the file system's.
//
//	go test ./generator/build -run '^$' -bench RenderInMemory -count 5
func BenchmarkRenderInMemory1k(b *testing.B) {
	site := corpus.Generate(corpus.Options{Notices: 1000, Seed: 1, EnglishShare: 0.2, Policies: 50})
	theme := os.DirFS("../../templates")
	b.ReportAllocs()
	var w countingWriter
	for b.Loop() {
		w = countingWriter{}
		res := build.Run(build.Options{Site: site, Theme: theme, Output: &w, Now: corpus.Now, Strict: true})
		if res.Failed {
			b.Fatalf("the build failed with %d diagnostics", len(res.Diagnostics))
		}
	}
	b.ReportMetric(float64(w.files.Load()), "files/op")
	b.ReportMetric(float64(w.bytes.Load())/(1<<20), "MB/op")
}

// countingWriter is a render.Writer that keeps nothing.
type countingWriter struct{ files, bytes atomic.Int64 }

func (w *countingWriter) WriteFile(name string, data []byte) error {
	w.files.Add(1)
	w.bytes.Add(int64(len(data)))
	return nil
}

// BenchmarkFingerprint10k is what an incremental rebuild pays for every
// document of the 10k corpus whatever changed: deriving its data and
// fingerprinting what its templates read. Nothing changed, so nothing
// renders.
//
//	go test ./generator/build -run '^$' -bench Fingerprint10k -count 5
func BenchmarkFingerprint10k(b *testing.B) {
	src := corpus.Generate(corpus.Options{Notices: 10000, Seed: 1, EnglishShare: 0.2, Policies: 500})
	res := build.Run(build.Options{Site: src, Theme: os.DirFS("../../templates"), Output: &countingWriter{}, Now: corpus.Now, Strict: true})
	if res.Failed {
		b.Fatalf("the build failed with %d diagnostics", len(res.Diagnostics))
	}
	th, err := render.LoadTheme(os.DirFS("../../templates"))
	if err != nil {
		b.Fatal(err)
	}
	var w countingWriter
	prev, l := render.RenderChanged(res.Site, th, &w, nil, nil)
	if err := l.Err(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		w = countingWriter{}
		prev, _ = render.RenderChanged(res.Site, th, &w, prev, nil)
	}
	b.ReportMetric(float64(len(prev.Sums)), "documents")
	b.ReportMetric(float64(w.files.Load()-int64(len(th.Assets()))), "rendered")
}
