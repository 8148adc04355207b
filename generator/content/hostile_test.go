package content

import (
	"strings"
	"testing"
)

// TestHostileFrontMatter feeds YAML built to exhaust a parser: aliases
// that expand exponentially (billion laughs) into params, where they would
// be expanded, and into a typed field; and flow sequences nested 10,000
// deep. Each must end, within go test's -timeout, with a positioned error
// or a decoded file, never a hang or gigabytes of memory.
func TestHostileFrontMatter(t *testing.T) {
	// laughs is a mapping under params whose last value names 9⁹ "lol"s.
	laughs := func() string {
		var b strings.Builder
		b.WriteString("params:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
		for c := 'b'; c <= 'i'; c++ {
			prev := "*" + string(c-1)
			b.WriteString("  " + string(c) + ": &" + string(c) + " [" + strings.Repeat(prev+", ", 8) + prev + "]\n")
		}
		return b.String()
	}()
	tests := map[string]string{
		"billion_laughs_params": laughs,
		"billion_laughs_tags":   laughs + "tags: *i\n",
		"deep_flow_sequence":    "params:\n  x: " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n",
		"deep_flow_mapping":     "params:\n  x: " + strings.Repeat("{a: ", 10_000) + strings.Repeat("}", 10_000) + "\n",
		"deep_block_mapping": func() string {
			var b strings.Builder
			b.WriteString("params:\n")
			for i := range 10_000 {
				b.WriteString(strings.Repeat(" ", i+1) + "a:\n")
			}
			return b.String()
		}(),
	}
	for name, yml := range tests {
		t.Run(name, func(t *testing.T) {
			src := "---\ntitle: t\ndate: 2021-01-01\n" + yml + "---\nbody\n"
			_, diags := Parse("notices/a.md", []byte(src), testConfig(t))
			for _, d := range diags {
				if d.File != "content/notices/a.md" || d.Line < 1 {
					t.Errorf("not positioned: %v", d)
				}
				t.Logf("%.200s", d.Error())
			}
		})
	}
}
