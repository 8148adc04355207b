package strictyaml

import (
	"bytes"
	"sort"
	"strings"
	"testing"

	"bulletin/generator/corpus"
)

// A frontMatter is the YAML between the '---' lines of one content file, as
// content.Parse hands it to Decode.
type frontMatter struct {
	name string
	yaml []byte
}

// splitFrontMatter returns the YAML block of a content file, normalised the
// way content.Parse does it (no BOM, LF line ends), or false if the file has
// no closed front matter.
func splitFrontMatter(src []byte) ([]byte, bool) {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	src = bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	if string(bytes.TrimRight(first, " \t")) != "---" {
		return nil, false
	}
	for off := 0; off < len(rest); {
		line, _, _ := bytes.Cut(rest[off:], []byte("\n"))
		if t := string(bytes.TrimRight(line, " \t")); t == "---" || t == "..." {
			return rest[:off], true
		}
		off += len(line) + 1
	}
	return nil, false
}

// corpusOptions is the generated corpus the tests and benchmarks use: the
// shapes of front matter a large real site has.
var corpusOptions = corpus.Options{Notices: 300, Seed: 1, EnglishShare: 0.2, Policies: 20}

// corpusFrontMatter generates the corpus and returns its front matter.
func corpusFrontMatter(tb testing.TB) []frontMatter {
	tb.Helper()
	var out []frontMatter
	for name, f := range corpus.Generate(corpusOptions) {
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		y, ok := splitFrontMatter(f.Data)
		if !ok {
			tb.Fatalf("%s: no front matter", name)
		}
		out = append(out, frontMatter{name, y})
	}
	sortByName(out)
	return out
}

func sortByName(fms []frontMatter) {
	sort.Slice(fms, func(i, j int) bool { return fms[i].name < fms[j].name })
}

// CorpusFrontMatter is corpusFrontMatter for the benchmarks in package
// strictyaml_test, which decode into content.FrontMatter.
func CorpusFrontMatter(tb testing.TB) [][]byte {
	var out [][]byte
	for _, fm := range corpusFrontMatter(tb) {
		out = append(out, fm.yaml)
	}
	return out
}
