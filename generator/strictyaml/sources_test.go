package strictyaml

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
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

// contentFrontMatter reads the front matter of the real site in content/.
func contentFrontMatter(tb testing.TB) []frontMatter {
	tb.Helper()
	var out []frontMatter
	err := filepath.WalkDir("../../content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if y, ok := splitFrontMatter(src); ok {
			out = append(out, frontMatter{p, y})
		}
		return nil
	})
	if err != nil || len(out) == 0 {
		tb.Fatalf("no front matter in content/: %v", err)
	}
	return out
}

// fixtureFrontMatter reads the front matter of the content files in the
// golden build fixtures, including the deliberately broken ones.
func fixtureFrontMatter(tb testing.TB) []frontMatter {
	tb.Helper()
	files, err := filepath.Glob("../build/testdata/*.txtar")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no fixtures: %v", err)
	}
	var out []frontMatter
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			tb.Fatal(err)
		}
		for name, src := range txtarFiles(data) {
			if !strings.HasPrefix(name, "content/") || !strings.HasSuffix(name, ".md") {
				continue
			}
			if y, ok := splitFrontMatter(src); ok {
				out = append(out, frontMatter{filepath.Base(file) + ":" + name, y})
			}
		}
	}
	sortByName(out)
	return out
}

// txtarFiles splits a txtar archive into its files; the build package's
// reader is in its tests, out of reach.
func txtarFiles(data []byte) map[string][]byte {
	files := map[string][]byte{}
	var cur string
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		s := strings.TrimRight(string(line), "\r")
		if len(s) >= 7 && strings.HasPrefix(s, "-- ") && strings.HasSuffix(s, " --") {
			cur = strings.TrimSpace(s[3 : len(s)-3])
			files[cur] = nil
			continue
		}
		if cur != "" {
			files[cur] = append(append(files[cur], line...), '\n')
		}
	}
	return files
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
