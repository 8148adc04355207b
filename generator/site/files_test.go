package site

import (
	"slices"
	"testing"
)

// TestParentsEnds: the walk up an output path ends whatever the path,
// also on one that starts with '/', where path.Dir stays at "/" for ever.
// Run with -timeout: before, checkCollisions spun on the alias "/./".
func TestParentsEnds(t *testing.T) {
	tests := []struct {
		out  string
		want []string
	}{
		{"notices/a/index.html", []string{"notices/a", "notices"}},
		{"index.html", nil},
		{"/index.html", nil},
		{"/a/b/index.html", []string{"/a/b", "/a"}},
		{"/", nil},
		{".", nil},
		{"", nil},
		{"//", nil},
		{"a//b", []string{"a"}},
	}
	for _, tt := range tests {
		if got := parents(tt.out); !slices.Equal(got, tt.want) {
			t.Errorf("parents(%q) = %q, want %q", tt.out, got, tt.want)
		}
	}
}
