package markdown

import (
	"strings"
	"testing"
)

// site is a tiny content folder for link resolution.
var site = map[string]string{
	"notices/b.md":     "/notices/bee/",
	"policies/x.md":    "/policies/x/",
	"policies/政策 一.md": "/policies/政策一/",
	"about.md":         "/about/",
}

func resolve(p string) (string, bool) {
	u, ok := site[p]
	return u, ok
}

func render(t *testing.T, opt Options, src string) (*Result, []string) {
	t.Helper()
	res, diags := New(opt).Render([]byte(src), Doc{File: "content/notices/a.md", BodyLine: 5, Path: "notices/a.md", Resolve: resolve})
	var msgs []string
	for _, d := range diags {
		msgs = append(msgs, d.Error())
	}
	return res, msgs
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"一、适用范围", "一适用范围"},
		{"第三条 补贴标准", "第三条-补贴标准"},
		{"Hello World!", "hello-world"},
		{"COVID-19 防控", "covid-19-防控"},
		{"  Spaces  around  ", "spaces-around"},
		{"a--b__c..d//e", "a-b-c-d-e"},
		{"（一）留守人员", "一留守人员"},
		{"２０２１年", "２０２１年"},
		{"Ünïcode Ä", "ünïcode-ä"},
		{"???", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Slugify(tt.in); got != tt.want {
			t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestHeadingIDs(t *testing.T) {
	src := "# 一、适用范围\n\n## 一、适用范围\n\n## Hello World!\n\n## 一、适用范围\n\n## 一、适用范围-1\n\n## ???\n\n## ???\n\n## 标题 {#custom}\n\n## custom\n"
	res, diags := render(t, Options{}, src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	want := []struct {
		id, text string
		line     int
	}{
		{"一适用范围", "一、适用范围", 5},
		{"一适用范围-1", "一、适用范围", 7},
		{"hello-world", "Hello World!", 9},
		{"一适用范围-2", "一、适用范围", 11},
		{"一适用范围-1-1", "一、适用范围-1", 13},
		{"section", "???", 15},
		{"section-1", "???", 17},
		{"custom", "标题", 19},
		{"custom-1", "custom", 21},
	}
	if len(res.Headings) != len(want) {
		t.Fatalf("headings = %+v", res.Headings)
	}
	seen := map[string]bool{}
	for i, w := range want {
		h := res.Headings[i]
		if h.ID != w.id || h.Text != w.text || h.Line != w.line {
			t.Errorf("heading %d = %+v, want id %q text %q line %d", i, h, w.id, w.text, w.line)
		}
		if seen[h.ID] {
			t.Errorf("duplicate id %q", h.ID)
		}
		seen[h.ID] = true
		if !strings.Contains(string(res.HTML), `id="`+w.id+`"`) {
			t.Errorf("HTML lacks id=%q", w.id)
		}
	}
	// Stable: the same body gives the same IDs every time (IDs are per
	// document, not per renderer).
	again, _ := render(t, Options{}, src)
	if string(again.HTML) != string(res.HTML) {
		t.Errorf("rendering twice gave different HTML:\n%s\n%s", res.HTML, again.HTML)
	}
}

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"一二三四五六", 3, "一二三…"}, // CJK is cut between characters
		{"一二三", 3, "一二三"},     // fits: unchanged, no ellipsis
		{"一二三", 5, "一二三"},
		{"abc def ghi", 5, "abc…"}, // Latin backs off to a word
		{"abc def ghi", 7, "abc def…"},
		{"abc def, ghi", 8, "abc def…"}, // trailing Latin punctuation dropped
		{"Supercalifragilistic", 10, "Supercalif…"},
		{"Hello世界and more", 7, "Hello世界…"},
		{"留守人员 Stay home", 7, "留守人员…"},
		{strings.Repeat("疫", 200), 120, strings.Repeat("疫", 120) + "…"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestSummary(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"first paragraph", "## 标题\n\n第一段。\n\n第二段。\n", "第一段。"},
		{"CJK lines joined without space", "春节期间\n就地过年。\n", "春节期间就地过年。"},
		{"Latin lines joined with a space", "Stay\nhome.\n", "Stay home."},
		{"typed spaces between CJK kept", "第一条 为保障留守人员基本生活。\n", "第一条 为保障留守人员基本生活。"},
		{"mixed line break", "防控\nCOVID-19\n工作\n", "防控 COVID-19 工作"},
		{"inline markup dropped", "First *para* with `code` and [link](http://x).\n", "First para with code and link."},
		{"quotes are not the first paragraph", "> 引用\n\n正文。\n", "正文。"},
		{"list items are not the first paragraph", "- 一\n- 二\n\n正文。\n", "正文。"},
		{"no paragraph", "## 只有标题\n", ""},
		{"long CJK cut by characters", strings.Repeat("留守", 100) + "\n", strings.Repeat("留守", 60) + "…"},
	}
	for _, tt := range tests {
		res, _ := render(t, Options{}, tt.src)
		if res.Summary != tt.want {
			t.Errorf("%s: summary = %q, want %q", tt.name, res.Summary, tt.want)
		}
	}
}

func TestLinkRewriting(t *testing.T) {
	src := "[p](../policies/x.md#anchor) [q](b.md) [r](/notices/b.md) [s](./b.md#二) [t](https://x.example/y.md) [u](../about.md)\n\n[v](../policies/%E6%94%BF%E7%AD%96%20%E4%B8%80.md) [w][ref] ![img](pic.png)\n\n[ref]: ../policies/x.md\n"
	res, diags := render(t, Options{}, src)
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	html := string(res.HTML)
	for _, want := range []string{
		`<a href="/policies/x/#anchor">p</a>`,
		`<a href="/notices/bee/">q</a>`,
		`<a href="/notices/bee/">r</a>`,
		`<a href="/notices/bee/#%E4%BA%8C">s</a>`,
		`<a href="https://x.example/y.md">t</a>`, // not ours: left alone
		`<a href="/about/">u</a>`,
		`<a href="/policies/%E6%94%BF%E7%AD%96%E4%B8%80/">v</a>`,
		`<a href="/policies/x/">w</a>`,
		`<img src="pic.png" alt="img" />`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s\n%s", want, html)
		}
	}
	if strings.Count(html, `.md"`) != 1 { // only the external https://x.example/y.md
		t.Errorf("a .md link was left in the HTML:\n%s", html)
	}
	var dests []string
	for _, l := range res.Links {
		dests = append(dests, l.Dest)
	}
	if got := strings.Join(dests, " "); got != "/policies/x/#anchor /notices/bee/ /notices/bee/ /notices/bee/#二 https://x.example/y.md /about/ /policies/政策一/ /policies/x/ pic.png" {
		t.Errorf("Links = %s", got)
	}
}

func TestLinkWithoutResolverIsLeftAlone(t *testing.T) {
	res, diags := New(Options{}).Render([]byte("[a](b.md)\n"), Doc{File: "f.md", BodyLine: 1, Path: "notices/a.md"})
	if len(diags) > 0 || !strings.Contains(string(res.HTML), `href="b.md"`) {
		t.Errorf("without Resolve: %s %v", res.HTML, diags)
	}
}

func TestLinkErrors(t *testing.T) {
	// The body starts on line 5 of the file.
	src := "第一行 [缺失](missing.md) 文字\n\n  see [`code`](../policies/nope.md#x) and [out](../../secret.md)\n"
	_, diags := render(t, Options{}, src)
	want := []string{
		`content/notices/a.md:5:5: link to missing page "missing.md" (looked for content/notices/missing.md)`,
		`content/notices/a.md:7:7: link to missing page "../policies/nope.md#x" (looked for content/policies/nope.md)`,
		`content/notices/a.md:7:43: link "../../secret.md" leaves the content folder`,
	}
	if strings.Join(diags, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(diags, "\n"), strings.Join(want, "\n"))
	}
}

func TestDangerousLinksNeverLink(t *testing.T) {
	src := "[a](javascript:alert(1)) [b](JAVASCRIPT:x) [c](vbscript:x) [d](data:text/html,x) [e](file:///etc/passwd) ![i](javascript:x) <javascript:alert(1)> [f](javascript&#58;alert(1)) [g](&#106;avascript:x) [h](javascript&colon;x) [k][r] [ok](https://ok.example/)\n\n[r]: javascript:alert(1)\n"
	for _, unsafe := range []bool{false, true} {
		res, diags := render(t, Options{UnsafeHTML: unsafe}, src)
		if len(diags) > 0 {
			t.Fatal(diags)
		}
		html := string(res.HTML)
		lower := strings.ToLower(html)
		for _, bad := range []string{`="javascript`, `="vbscript`, `="data`, `="file`, "<img", `href=""`} {
			if strings.Contains(lower, bad) {
				t.Errorf("unsafe=%v: HTML contains %q:\n%s", unsafe, bad, html)
			}
		}
		if strings.Count(html, "<a ") != 1 || !strings.Contains(html, `<a href="https://ok.example/">ok</a>`) {
			t.Errorf("unsafe=%v: want exactly the one safe link:\n%s", unsafe, html)
		}
		for _, text := range []string{">a b c d e i ", " f g h k "} {
			if !strings.Contains(html, text) {
				t.Errorf("unsafe=%v: the link texts %q must stay as plain text:\n%s", unsafe, text, html)
			}
		}
	}
}

func TestRawHTML(t *testing.T) {
	src := "<script>alert(1)</script>\n\ntext <b onclick=\"x()\">bold</b> <!-- c -->\n"
	res, _ := render(t, Options{}, src)
	html := string(res.HTML)
	for _, want := range []string{"&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b onclick=&quot;x()&quot;&gt;bold&lt;/b&gt;", "&lt;!-- c --&gt;"} {
		if !strings.Contains(html, want) {
			t.Errorf("escaped HTML lacks %s:\n%s", want, html)
		}
	}
	if strings.Contains(html, "<script") || strings.Contains(html, "<b ") {
		t.Errorf("raw HTML passed through by default:\n%s", html)
	}

	res, _ = render(t, Options{UnsafeHTML: true}, src)
	html = string(res.HTML)
	for _, want := range []string{"<script>alert(1)</script>", `<b onclick="x()">bold</b>`, "<!-- c -->"} {
		if !strings.Contains(html, want) {
			t.Errorf("unsafe_html: HTML lacks %s:\n%s", want, html)
		}
	}
}

func TestExtensions(t *testing.T) {
	src := "| 项目 | 标准 |\n|---|---|\n| 补贴 | 500元 |\n\n~~作废~~ https://www.example.gov.cn\n\n- [x] 已完成\n- [ ] 未完成\n\n注释[^1]\n\n[^1]: 说明。\n\n中文\n换行\n"
	res, _ := render(t, Options{}, src)
	html := string(res.HTML)
	for _, want := range []string{
		`<div class="table-scroll"><table>`, "<th>项目</th>", "<td>500元</td>", "</table></div>",
		"<del>作废</del>",
		`<a href="https://www.example.gov.cn">https://www.example.gov.cn</a>`,
		`<input checked="" disabled="" type="checkbox" /> 已完成`,
		`<a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a>`,
		"<p>中文换行</p>", // CJK: a soft line break between Chinese characters is no space
	} {
		if !strings.Contains(html, want) {
			t.Errorf("HTML lacks %s:\n%s", want, html)
		}
	}
}

// TestTableScrollerNames: a table under a heading scrolls in a tab stop
// named by that heading; one with no heading before it is no tab stop,
// since it would have no name.
func TestTableScrollerNames(t *testing.T) {
	table := "| 区县 | 电话 |\n|---|---|\n| 明湖区 | 0531-12342001 |\n"
	tests := []struct {
		name, src string
		want      []string
	}{
		{"no heading", table, []string{`<div class="table-scroll"><table>`}},
		{"under a heading", "## 一、值班电话\n\n" + table, []string{`<div class="table-scroll" role="region" aria-labelledby="一值班电话" tabindex="0"><table>`}},
		{"each under its own heading", table + "\n## 甲\n\n" + table + "\n### 乙\n\n" + table, []string{
			`<div class="table-scroll"><table>`,
			`<div class="table-scroll" role="region" aria-labelledby="甲" tabindex="0"><table>`,
			`<div class="table-scroll" role="region" aria-labelledby="乙" tabindex="0"><table>`,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, _ := render(t, Options{}, tt.src)
			html := string(res.HTML)
			var got []string
			for _, line := range strings.Split(html, "\n") {
				if strings.HasPrefix(line, "<div class=\"table-scroll\"") {
					got = append(got, line)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("scrolling boxes:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestFootnoteLabels: in a language with labels, a footnote reference is
// titled with its number and the way back is named in words, the arrow
// hidden from screen readers; other languages keep goldmark's.
func TestFootnoteLabels(t *testing.T) {
	opt := Options{Labels: map[string]Labels{
		"zh-CN": {FootnoteRef: "注释%d", FootnoteBack: "返回正文"},
		"en":    {FootnoteRef: "Note %d", FootnoteBack: "Back to the <text>"},
	}}
	r := New(opt)
	src := []byte("正文[^a]，再引[^b]。\n\n[^a]: 说明甲。\n[^b]: 说明乙。\n")
	tests := []struct {
		lang      string
		want, not []string
	}{
		{"zh-CN", []string{
			`<a href="#fn:1" class="footnote-ref" title="注释1" role="doc-noteref">1</a>`,
			`<a href="#fn:2" class="footnote-ref" title="注释2" role="doc-noteref">2</a>`,
			`title="返回正文" role="doc-backlink"><span aria-hidden="true">&#x21a9;&#xfe0e;</span></a>`,
		}, nil},
		{"en", []string{
			`title="Note 1"`,
			`title="Back to the &lt;text&gt;" role="doc-backlink">`,
		}, []string{"<text>"}},
		{"fr", []string{`role="doc-backlink">&#x21a9;&#xfe0e;</a>`}, []string{"title="}},
	}
	for _, tt := range tests {
		res, _ := r.Render(src, Doc{File: "content/notices/a.md", BodyLine: 5, Path: "notices/a.md", Lang: tt.lang})
		html := string(res.HTML)
		for _, w := range tt.want {
			if !strings.Contains(html, w) {
				t.Errorf("%s: HTML lacks %s:\n%s", tt.lang, w, html)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(html, n) {
				t.Errorf("%s: HTML has %s:\n%s", tt.lang, n, html)
			}
		}
	}
}
