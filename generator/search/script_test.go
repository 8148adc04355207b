package search_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
	"bulletin/generator/search"
)

const searchJS = "../../templates/assets/search.js"

// node returns the path of Node.js. The browser script is tested under
// it; CI (BULLETIN_BROWSER_TESTS=1) fails without it, elsewhere the test
// is skipped.
func node(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("BULLETIN_BROWSER_TESTS") != "" {
			t.Fatal("BULLETIN_BROWSER_TESTS is set but node is not installed")
		}
		t.Skip("node not installed")
	}
	return p
}

func runNode(t *testing.T, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(node(t), append([]string{"testdata/harness.js", searchJS}, args...)...)
	out, err := cmd.Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("node: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	return out
}

// TestBrowserTokenizer runs the browser script's tokenizer and query
// terms over the same tables as TestTokens and TestQueryTerms.
func TestBrowserTokenizer(t *testing.T) {
	for _, table := range []struct{ cmd, file string }{{"tokens", "testdata/tokens.json"}, {"queries", "testdata/queries.json"}} {
		var cases []struct {
			Name string   `json:"name"`
			In   string   `json:"in"`
			Out  []string `json:"out"`
		}
		data, err := os.ReadFile(table.file)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &cases); err != nil {
			t.Fatal(err)
		}
		var got [][]string
		if err := json.Unmarshal(runNode(t, table.cmd, table.file), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != len(cases) {
			t.Fatalf("%s: search.js answered %d cases of %d", table.file, len(got), len(cases))
		}
		for i, c := range cases {
			if !slices.Equal(got[i], c.Out) && !(len(got[i]) == 0 && len(c.Out) == 0) {
				t.Errorf("%s: %s: search.js gives %q for %q, want %q", table.file, c.Name, got[i], c.In, c.Out)
			}
		}
	}
}

// TestBrowserSearchAgreesWithGo queries a written index with the browser
// script and with the Go reader: the same documents in the same order.
func TestBrowserSearchAgreesWithGo(t *testing.T) {
	node(t)
	dest := filepath.Join(t.TempDir(), "public")
	site := corpus.Generate(corpus.Options{Notices: 150, Seed: 5, EnglishShare: 0.2, Policies: 12})
	res := build.Run(build.Options{Site: site, Theme: os.DirFS("../../templates"), Dest: dest, Now: corpus.Now, Strict: true})
	if res.Failed {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	queries := []string{"就地过年", "疫情防控", "核酸", "段", "春节期间", "〔2021〕", "2021", "返乡 检测", "通知", "不存在的词语组合"}
	data, _ := json.Marshal(queries)
	var js [][]int
	if err := json.Unmarshal(runNode(t, "search", filepath.Join(dest, "search"), string(data)), &js); err != nil {
		t.Fatal(err)
	}
	x, err := search.Open(os.DirFS(dest), "search")
	if err != nil {
		t.Fatal(err)
	}
	nonEmpty := 0
	for i, q := range queries {
		hits, err := x.Search(q, search.Filter{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var goDocs []int
		for _, h := range hits {
			goDocs = append(goDocs, h.Doc)
		}
		if len(goDocs) > 0 {
			nonEmpty++
		}
		if !slices.Equal(goDocs, js[i]) && !(len(goDocs) == 0 && len(js[i]) == 0) {
			t.Errorf("%q: search.js found %v, Go %v", q, head(js[i]), head(goDocs))
		}
	}
	if nonEmpty < 5 {
		t.Errorf("only %d of %d queries found anything; the test corpus has changed", nonEmpty, len(queries))
	}
}

func head(s []int) []int { return s[:min(len(s), 12)] }
