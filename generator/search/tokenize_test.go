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

func tokenCases(t *testing.T) []tokenCase {
	t.Helper()
	b, err := os.ReadFile("testdata/tokens.json")
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
