package search

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
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
