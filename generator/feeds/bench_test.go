package feeds_test

import (
	"testing"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/corpus"
	"bulletin/generator/dates"
	"bulletin/generator/feeds"
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// BenchmarkWriteAll writes every feed of a generated 2,000-notice site, as
// one build does, to a Writer that drops the bytes. The feeds are written
// one after another so that ns/op is the CPU the feeds cost.
//
//	go test ./generator/feeds -run '^$' -bench WriteAll -count 5
func BenchmarkWriteAll(b *testing.B) {
	s := corpusSite(b, corpus.Options{Notices: 2000, Seed: 1, EnglishShare: 0.2, Policies: 100})
	plan := feeds.Plan(s)
	b.ReportAllocs()
	for b.Loop() {
		writeFeeds(b, s, plan)
	}
	b.ReportMetric(float64(len(plan)), "feeds/op")
}

// writeFeeds writes the feeds of plan as the builder does, with one Cache
// for the build.
func writeFeeds(b *testing.B, s *site.Site, plan []feeds.Feed) {
	cache := feeds.NewCache(s)
	for _, f := range plan {
		if err := cache.Write(discard{}, f); err != nil {
			b.Fatal(err)
		}
	}
}

// corpusSite runs the front half of the build (config, content, site
// graph) over a generated corpus.
func corpusSite(b *testing.B, opt corpus.Options) *site.Site {
	b.Helper()
	fsys := corpus.Generate(opt)
	cfg, err := config.Load(fsys)
	if err != nil {
		b.Fatal(err)
	}
	now, err := dates.Parse(corpus.Now, cfg.Location)
	if err != nil {
		b.Fatal(err)
	}
	tree, l := content.Read(fsys, cfg)
	if errs, _ := l.Count(); errs > 0 {
		b.Fatal(l)
	}
	md := markdown.New(markdown.Options{UnsafeHTML: cfg.Markdown.UnsafeHTML})
	s, l := site.Build(cfg, tree, md, site.Options{Now: now})
	if errs, _ := l.Count(); errs > 0 {
		b.Fatal(l)
	}
	return s
}

// discard is a Writer that keeps nothing.
type discard struct{}

func (discard) WriteFile(string, []byte) error { return nil }
