package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// pathological lists Markdown shapes that make naive parsers take time
// quadratic (or worse) in their size: cmark's test/pathological_tests.py,
// plus the GFM, footnote and attribute extensions we turn on and our own
// passes over the tree. gen(n) builds the input from n repeats (or n
// levels); its size is linear in n.
var pathological = []struct {
	name string
	gen  func(n int) string
}{
	{"nested_strong_emph", func(n int) string { return rep("*a **a ", n) + "b" + rep(" a** a*", n) }},
	{"emph_closers_no_openers", func(n int) string { return rep("a_ ", n) }},
	{"emph_openers_no_closers", func(n int) string { return rep("_a ", n) }},
	{"unclosed_emph_stars", func(n int) string { return rep("a***", n) }},
	{"emph_delim_combos", func(n int) string { return rep("**_a", n) + rep("_**b ", n) }},
	{"mismatched_openers_closers", func(n int) string { return rep("*a_ ", n) }},
	{"openers_closers_multiple_of_3", func(n int) string { return "a**b" + rep("c* ", n) }},
	{"nested_inlines", func(n int) string { return rep("*", n) + "a" + rep("*", n) }},
	{"strikethrough_openers", func(n int) string { return rep("~~a ", n) }},
	{"link_closers_no_openers", func(n int) string { return rep("a]", n) }},
	{"link_openers_no_closers", func(n int) string { return rep("[a", n) }},
	{"link_openers_emph_closers", func(n int) string { return rep("[ a_", n) }},
	{"bracket_paren", func(n int) string { return rep("[ (](", n) }},
	{"image_brackets", func(n int) string { return rep("![[]()", n) }},
	{"nested_brackets", func(n int) string { return rep("[", n) + "a" + rep("]", n) }},
	{"nested_links", func(n int) string { return rep("[", n) + "a" + rep("](b.md)", n) }},
	{"unclosed_links", func(n int) string { return rep("[a](", n) }},
	{"unclosed_links_angle", func(n int) string { return rep("[a](<b", n) }},
	{"unclosed_links_dest", func(n int) string { return rep("[a](b", n) }},
	{"many_md_links", func(n int) string { return rep("[a](b.md) ", n) }},
	{"many_images", func(n int) string { return rep("![](x.png) ", n) }},
	{"nested_block_quotes", func(n int) string { return rep("> ", n) + "a\n" }},
	{"nested_block_quotes_lazy_lines", func(n int) string { return rep("> ", n/2) + "a\n" + rep("b\n", n/2) }},
	{"nested_lists", func(n int) string { return rep("- ", n) + "a\n" }},
	{"nested_ordered_lists", func(n int) string { return rep("1. ", n) + "a\n" }},
	{"nested_lists_indented", func(n int) string {
		// cmark's shape: each item indented one step deeper. The input
		// grows with the square of the depth, so the depth is √(n)·3.
		var b strings.Builder
		for i := range isqrt(n) * 3 {
			b.WriteString(rep("  ", i))
			b.WriteString("* a\n")
		}
		return b.String()
	}},
	{"backtick_runs", func(n int) string {
		// e`, e``, e```, …: runs of every length up to m, none closed;
		// the input grows with m², so m = √(2n)·3.
		var b strings.Builder
		for i := 1; i <= isqrt(2*n)*3; i++ {
			b.WriteString("e")
			b.WriteString(rep("`", i))
		}
		return b.String()
	}},
	{"backticks_unclosed", func(n int) string { return rep("`a", n) }},
	{"angle_brackets", func(n int) string { return rep("<", n) }},
	{"unclosed_html_comment", func(n int) string { return "</" + rep("<!--", n) }},
	{"unclosed_processing_instruction", func(n int) string { return "</" + rep("<?", n) }},
	{"unclosed_declaration", func(n int) string { return "</" + rep("<!A ", n) }},
	{"unclosed_cdata", func(n int) string { return "</" + rep("<![CDATA[", n) }},
	{"unclosed_autolinks", func(n int) string { return rep("<a:", n) }},
	{"many_reference_definitions", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[%d]: u\n", i)
		}
		b.WriteString(rep("[0] ", n/10))
		return b.String()
	}},
	{"reference_label_collisions", func(n int) string { return rep("[a]: u\n", n) + rep("[a] ", n/10) }},
	{"many_footnote_references", func(n int) string { return rep("[^1] ", n) + "\n\n[^1]: note\n" }},
	{"many_footnote_definitions", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "[^%d] ", i)
		}
		b.WriteString("\n\n")
		for i := range n {
			fmt.Fprintf(&b, "[^%d]: note %d\n", i, i)
		}
		return b.String()
	}},
	{"unclosed_footnote_refs", func(n int) string { return rep("[^a", n) }},
	{"table_many_columns", func(n int) string { return rep("|a", n) + "\n" + rep("|-", n) + "\n" + rep("|b", n) + "\n" }},
	{"table_rows_extra_cells", func(n int) string { return "a|b\n-|-\n" + rep("|c", n) + "\n" + rep("d|\n", n) }},
	{"autolink_www", func(n int) string { return rep("www.", n) }},
	{"autolink_email", func(n int) string { return rep("a@", n) }},
	{"autolink_scheme", func(n int) string { return rep("http://", n) }},
	{"duplicate_headings", func(n int) string { return rep("# a\n", n) }},
	{"colliding_heading_ids", func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "# a\n# a-%d\n", i)
		}
		return b.String()
	}},
	{"heading_attributes", func(n int) string { return "# a {" + rep(".b ", n) + "}\n" }},
	{"heading_attribute_openers", func(n int) string { return "# a " + rep("{", n) + "\n" }},
	{"nul_bytes", func(n int) string { return rep("abc\x00de\x00", n) }},
	{"cjk_emphasis", func(n int) string { return rep("**中文**中", n) }},
}

func rep(s string, n int) string { return strings.Repeat(s, n) }

func isqrt(n int) int {
	r := 0
	for (r+1)*(r+1) <= n {
		r++
	}
	return r
}

// pathologicalSize is how many repeats each shape gets in tests: enough
// that a quadratic step costs minutes (10¹⁰ steps), while linear work stays
// well under a second. The budget is go test's -timeout, not a clock here.
func pathologicalSize(name string) int {
	switch name {
	case "unclosed_links":
		return 200_000 // the size of cmark's own test
	case "colliding_heading_ids", "duplicate_headings", "table_many_columns", "table_rows_extra_cells":
		return 20_000 // linear but heavy: 100,000 takes seconds
	}
	return 100_000
}

// TestPathological converts each shape through the real pipeline: it
// either converts or is refused with an error positioned in the file.
// Before the shape check, the quadratic ones kept this test running for
// minutes (go test -timeout stops it).
func TestPathological(t *testing.T) {
	r := New(Options{})
	for _, p := range pathological {
		t.Run(p.name, func(t *testing.T) {
			src := []byte(p.gen(pathologicalSize(p.name)))
			res, diags := r.Render(src, Doc{File: "content/notices/a.md", BodyLine: 5, Path: "notices/a.md", Resolve: resolve})
			switch {
			case len(diags) == 0:
				if len(res.HTML) == 0 {
					t.Errorf("no HTML and no error")
				}
			case len(diags) == 1:
				d := diags[0]
				if d.File != "content/notices/a.md" || d.Line < 5 || d.Col < 1 {
					t.Errorf("error not positioned in the file: %v", d)
				}
				t.Logf("refused: %.160s", d.Error())
			default:
				for _, d := range diags[:min(len(diags), 3)] {
					t.Errorf("%v", d)
				}
			}
		})
	}
}

func BenchmarkPathological(b *testing.B) {
	r := New(Options{})
	for _, p := range pathological {
		src := []byte(p.gen(pathologicalSize(p.name)))
		b.Run(p.name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			b.ReportAllocs()
			for b.Loop() {
				r.Render(src, Doc{File: "content/notices/a.md", BodyLine: 5, Path: "notices/a.md", Resolve: resolve})
			}
		})
	}
}

// TestShapeLimitsLeaveOrdinaryBodiesAlone: large but ordinary bodies stay
// under every limit of checkShape.
func TestShapeLimitsLeaveOrdinaryBodiesAlone(t *testing.T) {
	var table, footnotes, nested strings.Builder
	table.WriteString("| 项目 | 金额 |\n| --- | --- |\n")
	for i := range 5000 {
		fmt.Fprintf(&table, "| **补贴%d** [表](../policies/x.md) | *%d* 元 |\n", i, i)
	}
	for i := range 500 {
		fmt.Fprintf(&footnotes, "说明[^%d]。", i)
	}
	footnotes.WriteString("\n\n")
	for i := range 500 {
		fmt.Fprintf(&footnotes, "[^%d]: 注释。\n", i)
	}
	for i := range 30 {
		fmt.Fprintf(&nested, "%s- 第%d层\n", strings.Repeat("  ", i), i)
	}
	bodies := map[string]string{
		"long_table":       table.String(),
		"many_footnotes":   footnotes.String(),
		"nested_30_deep":   nested.String() + strings.Repeat("> ", 30) + "引用\n",
		"code_with_stars":  "```c\n" + strings.Repeat("*p = **q * r[i];\n", 50_000) + "```\n",
		"thematic_breaks":  strings.Repeat("- - - - - - - - - - - - - - - - - - - - - - - - -\n\n", 100),
		"ordinary_50kb":    string(ordinaryBody(50 << 10)),
		"escaped_brackets": strings.Repeat(`\[a\](`, 20_000),
	}
	for name, body := range bodies {
		t.Run(name, func(t *testing.T) {
			if _, diags := render(t, Options{}, body); len(diags) > 0 {
				t.Errorf("refused: %v", diags[0])
			}
		})
	}
}
