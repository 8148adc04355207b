package strictyaml_test

import (
	"testing"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/strictyaml"

	"gopkg.in/yaml.v3"
)

var corpusOpt = strictyaml.Options{File: "x.md", LineOffset: 1, Location: time.UTC}

// TestDecodeTakesFastPath checks that Decode still parses ordinary front
// matter without yaml.v3: it must allocate less than yaml.Unmarshal alone.
func TestDecodeTakesFastPath(t *testing.T) {
	var src []byte // the longest, with lists and nested mappings
	for _, fm := range strictyaml.CorpusFrontMatter(t) {
		if len(fm) > len(src) {
			src = fm
		}
	}
	decode := testing.AllocsPerRun(20, func() {
		var fm content.FrontMatter
		if _, diags := strictyaml.Decode(src, &fm, corpusOpt); len(diags) != 0 {
			t.Fatal(diags[0])
		}
	})
	unmarshal := testing.AllocsPerRun(20, func() {
		var doc yaml.Node
		if err := yaml.Unmarshal(src, &doc); err != nil {
			t.Fatal(err)
		}
	})
	if decode >= unmarshal {
		t.Errorf("Decode made %.0f allocations, yaml.Unmarshal alone %.0f: Decode no longer takes the fast path for\n%s", decode, unmarshal, src)
	}
}

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
