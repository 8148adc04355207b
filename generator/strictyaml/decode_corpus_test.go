package strictyaml_test

import (
	"testing"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/strictyaml"
)

var corpusOpt = strictyaml.Options{File: "x.md", LineOffset: 1, Location: time.UTC}

// BenchmarkDecodeCorpus decodes the front matter of a generated corpus into
// content.FrontMatter, one file per op, as content.Parse does in a build.
//
//	go test ./generator/strictyaml -run '^$' -bench DecodeCorpus -count 5
func BenchmarkDecodeCorpus(b *testing.B) {
	files := strictyaml.CorpusFrontMatter(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		var fm content.FrontMatter
		if _, diags := strictyaml.Decode(files[i%len(files)], &fm, corpusOpt); len(diags) != 0 {
			b.Fatal(diags[0])
		}
	}
}
