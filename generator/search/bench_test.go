package search_test

import (
	"bytes"
	"compress/gzip"
	"os"
	"path"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
	"bulletin/generator/search"
)

// The index benchmarks build the corpus site once (its pages rendered,
// as in a real build) and then time writing its search index alone:
//
//	go test ./generator/search -run '^$' -bench Index -benchtime 5x -count 3
//
// They report the index's size, its term shards' compressed sizes, and
// what a browser fetches, compressed as a web server sends it, for a
// cold two- and four-character query showing ten results. Targets at
// 10k: ≤ 1 s, ≤ 150 MB extra memory, ≤ 100 KB per cold query.
func BenchmarkIndex1k(b *testing.B)   { benchmarkIndex(b, 1000) }
func BenchmarkIndex10k(b *testing.B)  { benchmarkIndex(b, 10000) }
func BenchmarkIndex100k(b *testing.B) { benchmarkIndex(b, 100000) }

func benchmarkIndex(b *testing.B, notices int) {
	fsys := corpus.Generate(corpus.Options{Notices: notices, Seed: 1, EnglishShare: 0.2, Policies: max(notices/20, 4)})
	res := build.Run(build.Options{Site: fsys, Theme: os.DirFS("../../templates"), Output: discard{}, Now: corpus.Now})
	if res.Failed {
		b.Fatalf("build failed: %v", res.Diagnostics)
	}
	s := res.Site
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out := &memory{fs: fstest.MapFS{}}
	b.ResetTimer()
	for range b.N {
		out.fs = fstest.MapFS{}
		for _, lg := range s.Langs {
			dir := strings.TrimPrefix(lg.Prefix+"/", "/") + search.Dir
			if err := search.WritePages(out, dir, lg.Pages); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	var total int
	var shards []int
	for name, f := range out.fs {
		total += len(f.Data)
		if search.IsIndexFile(name) && strings.HasPrefix(path.Base(name), "t-") {
			shards = append(shards, gz(f.Data))
		}
	}
	slices.Sort(shards)
	b.ReportMetric(float64(total)/1e6, "index-MB")
	b.ReportMetric(float64(len(out.fs)), "files")
	b.ReportMetric(float64(shards[len(shards)/2])/1e3, "shard-median-gzKB")
	b.ReportMetric(float64(gz(out.fs["search/"+search.ManifestName].Data))/1e3, "manifest-gzKB")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "alloc-MB/op")
	for _, q := range []struct{ unit, q string }{{"cold2", "疫情"}, {"cold4", "就地过年"}} {
		size, requests := cold(b, out.fs, q.q)
		b.ReportMetric(float64(size)/1e3, q.unit+"-gzKB")
		b.ReportMetric(float64(requests), q.unit+"-requests")
	}
}

// cold returns the compressed bytes a browser with nothing cached fetches
// to show the first ten results of q, and in how many requests.
func cold(b *testing.B, fsys fstest.MapFS, q string) (size, requests int) {
	x, err := search.Open(fsys, "search")
	if err != nil {
		b.Fatal(err)
	}
	if _, err := x.Search(q, search.Filter{}, 10); err != nil {
		b.Fatal(err)
	}
	for _, name := range x.Fetched {
		size += gz(fsys["search/"+name].Data)
	}
	return size, len(x.Fetched)
}

func gz(data []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(data)
	w.Close()
	return buf.Len()
}

type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }

// BenchmarkIndexUpdate10k times what serve does after a notice's body is
// edited: Update and Write of the kept index, not a new one. It reports
// the files written per edit.
//
//	go test ./generator/search -run '^$' -bench IndexUpdate -count 5
func BenchmarkIndexUpdate10k(b *testing.B) {
	fsys := corpus.Generate(corpus.Options{Notices: 10000, Seed: 1, EnglishShare: 0.2, Policies: 500})
	res := build.Run(build.Options{Site: fsys, Theme: os.DirFS("../../templates"), Output: discard{}, Now: corpus.Now})
	if res.Failed {
		b.Fatalf("build failed: %v", res.Diagnostics)
	}
	docs := search.Docs(res.Site.Langs[0].Pages)
	x := search.NewLive(docs)
	if _, err := x.Write(func(search.File) error { return nil }); err != nil {
		b.Fatal(err)
	}
	files, fresh := 0, 0
	b.ResetTimer()
	for i := range b.N {
		d := &docs[(i*7919)%len(docs)]
		d.Body += " 补充说明：请提前预约，错峰出行。"
		if !x.Update(docs) {
			fresh++
			x = search.NewLive(docs)
		}
		if _, err := x.Write(func(search.File) error { files++; return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(files)/float64(b.N), "files/op")
	b.ReportMetric(float64(fresh)/float64(b.N), "anew/op")
}
