package search

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// tokenCase is one row of testdata/tokens.json, the table the Go
// tokenizer and the browser script's are both tested against.
type tokenCase struct {
	Name string   `json:"name"`
	In   string   `json:"in"`
	Out  []string `json:"out"`
}

func tokenCases(t *testing.T) []tokenCase { return readCases(t, "testdata/tokens.json") }

// readCases reads a table of testdata: tokens.json for Tokens,
// queries.json for QueryTerms.
func readCases(t *testing.T, file string) []tokenCase {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []tokenCase
	if err := json.Unmarshal(b, &cases); err != nil {
		t.Fatal(err)
	}
	return cases
}

func TestTokens(t *testing.T) {
	for _, c := range tokenCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			got := Tokens(c.In)
			if len(got) == 0 && len(c.Out) == 0 {
				return
			}
			if !slices.Equal(got, c.Out) {
				t.Errorf("Tokens(%q) = %q, want %q", c.In, got, c.Out)
			}
		})
	}
}

func TestQueryTerms(t *testing.T) {
	for _, c := range readCases(t, "testdata/queries.json") {
		if got := QueryTerms(c.In); !slices.Equal(got, c.Out) {
			t.Errorf("%s: QueryTerms(%q) = %q, want %q", c.Name, c.In, got, c.Out)
		}
	}
}

// TestStableRunes checks what nfkc assumes of the runes it copies: NFKC
// keeps each, and each starts a segment that nothing before it joins.
func TestStableRunes(t *testing.T) {
	n := 0
	for r := rune(0); r <= 0x10ffff; r++ {
		if !stable(r) {
			continue
		}
		n++
		s := string(r)
		p := norm.NFKC.PropertiesString(s)
		if norm.NFKC.String(s) != s || !p.BoundaryBefore() {
			t.Errorf("U+%04X: NFKC %q, boundary before %v; stable must not hold it", r, norm.NFKC.String(s), p.BoundaryBefore())
		}
	}
	if n < 20000 {
		t.Errorf("only %d stable runes: the fast path would rarely apply", n)
	}
}

// TestNFKC compares nfkc with norm on text mixing stable runes with ones
// that change or combine: full-width forms, combining marks after ASCII
// and Han, compatibility ideographs, ligatures.
func TestNFKC(t *testing.T) {
	cases := []string{
		"", "plain ascii", "就地过年", "２０２１年，请Ａ", "e\u0301t\u00e9", "中\u0301文", "\u0301start",
		"ﬁle ①号 ㍻ ㎡", "豈更車", "（通知）：第３号……", "a\u0308\u0301b", "《办法》「一」【二】“三”‘四’—",
		"ｶﾞｷﾞ半角", "한국어 조합", "x\uff21\u0301",
	}
	for _, c := range cases {
		if got, want := nfkc(c), norm.NFKC.String(c); got != want {
			t.Errorf("nfkc(%q) = %q, want %q", c, got, want)
		}
	}
	// Random mixes of those pieces.
	pieces := []string{"a", "中", "，", "\u0301", "Ａ", "①", "、", "e", "\u3099", "か", "ｶ", "ﾞ", " ", "豈", "—", "…"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var sb strings.Builder
		for range rng.IntN(12) {
			sb.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := sb.String()
		if got, want := nfkc(s), norm.NFKC.String(s); got != want {
			t.Fatalf("nfkc(%q) = %q, want %q", s, got, want)
		}
	}
}
