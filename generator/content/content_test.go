package content

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"bulletin/generator/config"
)

func testConfig(t *testing.T) *config.Config {
	t.Helper()
	cfg, err := config.Parse([]byte("timezone: Asia/Shanghai\nlanguages:\n  en: {title: E}\n"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func TestParseFull(t *testing.T) {
	src := `---
title: 关于做好2021年春节期间疫情防控工作的通知
date: 2021-01-20
updated: 2021-01-22T10:00:00+08:00
changes:
  - {date: 2021-01-22, note: 更正联系电话}
summary: 摘要
department: [示例市卫生健康委员会, 示例市疾病预防控制中心]
category: 卫生健康
tags: [春节, 疫情防控]
doc_number: 示卫发〔2021〕3号
index_no: 11370100-2021-00003
written: 2021-01-18
effective: 2021-01-20
expires: 2021-03-01
status: published
supersedes: [notices/old.md]
interprets: policies/p.md
pinned: true
urgent: true
attachments:
  - {title: 申请表, file: files/form.docx}
lang: zh-CN
slug: spring
aliases: [/old/spring/]
applies_to: [全市居民]
contact: 0000-12345678
params: {color: red}
---
正文第一段。
`
	f, diags := Parse("notices/a.md", []byte(src), testConfig(t))
	for _, d := range diags {
		t.Errorf("unexpected: %v", d)
	}
	fm := f.Front
	if f.Section != "notices" || f.Name() != "a" || f.SourcePath() != "content/notices/a.md" {
		t.Errorf("file identity: section %q name %q source %q", f.Section, f.Name(), f.SourcePath())
	}
	if f.BodyLine != 30 || string(f.Body) != "正文第一段。\n" {
		t.Errorf("body at line %d: %q", f.BodyLine, f.Body)
	}
	if fm.Date.Format(time.RFC3339) != "2021-01-20T00:00:00+08:00" || fm.Expires.Format(time.RFC3339) != "2021-03-01T00:00:00+08:00" {
		t.Errorf("dates: %v %v", fm.Date, fm.Expires)
	}
	if strings.Join(fm.Department, "|") != "示例市卫生健康委员会|示例市疾病预防控制中心" || fm.DocNumber != "示卫发〔2021〕3号" ||
		!fm.Pinned || !fm.Urgent || fm.Slug != "spring" || fm.Interprets != "policies/p.md" ||
		len(fm.Changes) != 1 || fm.Changes[0].Note != "更正联系电话" || len(fm.Attachments) != 1 || fm.Params["color"] != "red" {
		t.Errorf("front matter decoded as %+v", fm)
	}
	if p := f.At("doc_number"); p.Line != 11 || p.Col != 13 || p.File != "content/notices/a.md" {
		t.Errorf("At(doc_number) = %+v, want line 11 col 13", p)
	}
	if p := f.At("no_such"); p.Line != 1 || p.Col != 1 {
		t.Errorf("At of an absent field = %+v, want the top of the file", p)
	}
}

func TestParseDefaults(t *testing.T) {
	f, diags := Parse("about.md", []byte("---\ntitle: 关于\ndate: 2021-01-01\n---\n"), testConfig(t))
	if len(diags) != 0 {
		t.Fatal(diags)
	}
	if f.Section != "" || f.Front.Status != StatusPublished || f.Front.Lang != "zh-CN" || f.BodyLine != 5 || len(f.Body) != 0 {
		t.Errorf("defaults: section %q status %q lang %q bodyline %d body %q", f.Section, f.Front.Status, f.Front.Lang, f.BodyLine, f.Body)
	}
}

func TestParseDepartmentStringOrList(t *testing.T) {
	for src, want := range map[string]string{
		"department: 示例市民政局\n":           "示例市民政局",
		"department: [示例市民政局, 示例市财政局]\n": "示例市民政局|示例市财政局",
		"department:\n  - 示例市民政局\n":      "示例市民政局",
	} {
		f, diags := Parse("notices/a.md", []byte("---\ntitle: t\ndate: 2021-01-01\n"+src+"---\n"), testConfig(t))
		if len(diags) != 0 {
			t.Errorf("%q: %v", src, diags)
			continue
		}
		if got := strings.Join(f.Front.Department, "|"); got != want {
			t.Errorf("%q: department = %q, want %q", src, got, want)
		}
	}
}

func TestParseLineEndings(t *testing.T) {
	tests := []struct{ name, src string }{
		{"LF", "---\ntitle: 标题\ndate: 2021-01-20\n---\n正文\n"},
		{"CRLF", "---\r\ntitle: 标题\r\ndate: 2021-01-20\r\n---\r\n正文\r\n"},
		{"CR", "---\rtitle: 标题\rdate: 2021-01-20\r---\r正文\r"},
		{"BOM", "\xef\xbb\xbf---\ntitle: 标题\ndate: 2021-01-20\n---\n正文\n"},
		{"BOM and CRLF", "\xef\xbb\xbf---\r\ntitle: 标题\r\ndate: 2021-01-20\r\n---\r\n正文\r\n"},
		{"trailing spaces on fences", "--- \ntitle: 标题\ndate: 2021-01-20\n---\t\n正文\n"},
		{"YAML end marker", "---\ntitle: 标题\ndate: 2021-01-20\n...\n正文\n"},
	}
	for _, tt := range tests {
		f, diags := Parse("notices/a.md", []byte(tt.src), testConfig(t))
		if len(diags) != 0 {
			t.Errorf("%s: %v", tt.name, diags)
			continue
		}
		if f.Front.Title != "标题" || f.BodyLine != 5 || string(f.Body) != "正文\n" {
			t.Errorf("%s: title %q, body at line %d: %q", tt.name, f.Front.Title, f.BodyLine, f.Body)
		}
	}
}

// TestParseErrors checks every front-matter message, with the line counted
// in the file (front matter starts on line 2).
func TestParseErrors(t *testing.T) {
	head := "---\ntitle: 标题\ndate: 2021-01-20\n" // lines 1–3; the next line is 4
	tests := []struct {
		name, path, src string
		want            []string
	}{
		{"empty file", "notices/a.md", "", []string{
			`content/notices/a.md:1:1: empty file: a notice starts with front matter between two '---' lines, with at least title and date`}},
		{"blank file", "notices/a.md", " \n\r\n\t\n", []string{
			`content/notices/a.md:1:1: empty file: a notice starts with front matter between two '---' lines, with at least title and date`}},
		{"BOM only", "notices/a.md", "\xef\xbb\xbf", []string{
			`content/notices/a.md:1:1: empty file: a notice starts with front matter between two '---' lines, with at least title and date`}},
		{"missing front matter", "notices/a.md", "# 标题\n\n正文\n", []string{
			`content/notices/a.md:1:1: missing front matter: the file must start with a line '---', then YAML with at least title and date, then a line '---'`}},
		{"front matter not on the first line", "notices/a.md", "\n---\ntitle: t\n---\n", []string{
			`content/notices/a.md:1:1: missing front matter: the file must start with a line '---', then YAML with at least title and date, then a line '---'`}},
		{"unterminated front matter", "notices/a.md", "---\ntitle: 标题\ndate: 2021-01-20\n正文\n", []string{
			`content/notices/a.md:1:1: front matter is not closed: add a line '---' after the last YAML line`}},
		{"invalid UTF-8", "notices/a.md", "---\ntitle: 标题\ndate: 2021-01-20\n---\n第一行\n第二行\xb5\xc4\n", []string{
			`content/notices/a.md:6:4: invalid UTF-8: save the file as UTF-8 (it may be GBK or GB 18030)`}},
		{"invalid UTF-8 after a BOM and CRLF", "notices/a.md", "\xef\xbb\xbf---\r\ntitle: \xc4\xe3\r\n", []string{
			`content/notices/a.md:2:8: invalid UTF-8: save the file as UTF-8 (it may be GBK or GB 18030)`}},
		{"unknown field with suggestion", "notices/a.md", head + "departmnet: 示例市民政局\n---\n", []string{
			`content/notices/a.md:4:1: unknown field "departmnet" (did you mean "department"?)`}},
		{"unknown field with suggestion, CRLF", "notices/a.md", strings.ReplaceAll(head+"\ndepartmnet: 示例市民政局\n---\n", "\n", "\r\n"), []string{
			`content/notices/a.md:5:1: unknown field "departmnet" (did you mean "department"?)`}},
		{"unknown field without suggestion", "notices/a.md", head + "xyzzy_plugh: 1\n---\n", []string{
			`content/notices/a.md:4:1: unknown field "xyzzy_plugh"`}},
		{"unknown nested field", "notices/a.md", head + "status: withdrawn\nwithdrawn: {date: 2021-01-21, reasom: x}\n---\n", []string{
			`content/notices/a.md:5:31: unknown field "withdrawn.reasom" (did you mean "reason"?)`,
			`content/notices/a.md:4:9: a withdrawn notice needs a reason: add withdrawn: {date: 2021-01-25, reason: "…"}`}},
		{"missing title and date", "notices/a.md", "---\nsummary: s\n---\n", []string{
			`content/notices/a.md:1:1: missing required field "title"`,
			`content/notices/a.md:1:1: missing required field "date" (the publication date, e.g. date: 2021-01-20)`}},
		{"empty front matter", "notices/a.md", "---\n---\nbody\n", []string{
			`content/notices/a.md:1:1: missing required field "title"`,
			`content/notices/a.md:1:1: missing required field "date" (the publication date, e.g. date: 2021-01-20)`}},
		{"bad date", "notices/a.md", "---\ntitle: t\ndate: 2021年1月20日\n---\n", []string{
			`content/notices/a.md:3:7: field "date": "2021年1月20日" is not a date: write 2021-01-20 or 2021-01-20T09:30:00+08:00`}},
		{"wrong type: title list", "notices/a.md", "---\ntitle: [a, b]\ndate: 2021-01-20\n---\n", []string{
			`content/notices/a.md:2:8: field "title": expected text, got a list`}},
		{"wrong type: pinned", "notices/a.md", head + "pinned: 是\n---\n", []string{
			`content/notices/a.md:4:9: field "pinned": expected true or false, got "是"`}},
		{"wrong type: tags mapping", "notices/a.md", head + "tags: {a: b}\n---\n", []string{
			`content/notices/a.md:4:7: field "tags": expected a list, got a mapping`}},
		{"wrong type: withdrawn text", "notices/a.md", head + "withdrawn: 已撤回\n---\n", []string{
			`content/notices/a.md:4:12: field "withdrawn": expected a mapping of keys to values, got "已撤回"`}},
		{"wrong type: params list", "notices/a.md", head + "params: [1]\n---\n", []string{
			`content/notices/a.md:4:9: field "params": expected a mapping of keys to values, got a list`}},
		{"duplicate field", "notices/a.md", head + "title: again\n---\n", []string{
			`content/notices/a.md:4:1: duplicate field "title"`}},
		{"YAML syntax", "notices/a.md", head + "tags: [a, b\n---\n", []string{
			`content/notices/a.md:4: invalid YAML: did not find expected ',' or ']'`}},
		{"all problems of a file at once", "notices/a.md", "---\ntitle: [a]\ndate: soon\ndepartmnet: x\nstatus: gone\nslug: ../x\n---\n", []string{
			`content/notices/a.md:2:8: field "title": expected text, got a list`,
			`content/notices/a.md:3:7: field "date": "soon" is not a date: write 2021-01-20 or 2021-01-20T09:30:00+08:00`,
			`content/notices/a.md:4:1: unknown field "departmnet" (did you mean "department"?)`,
			`content/notices/a.md:5:9: unknown status "gone": use draft, published or withdrawn`,
			`content/notices/a.md:6:7: slug "../x" must be one URL segment of letters, digits, '-', '_' or '.', without '/' or '..'`}},
		{"empty title is missing", "notices/a.md", "---\ntitle:\ndate: 2021-01-20\n---\n", []string{
			`content/notices/a.md:1:1: missing required field "title"`}},
		{"bad status", "notices/a.md", head + "status: publshed\n---\n", []string{
			`content/notices/a.md:4:9: unknown status "publshed": use draft, published or withdrawn`}},
		{"withdrawn without reason", "notices/a.md", head + "status: withdrawn\n---\n", []string{
			`content/notices/a.md:4:9: a withdrawn notice needs a reason: add withdrawn: {date: 2021-01-25, reason: "…"}`}},
		{"withdrawn with empty reason", "notices/a.md", head + "status: withdrawn\nwithdrawn: {date: 2021-01-25, reason: \" \"}\n---\n", []string{
			`content/notices/a.md:4:9: a withdrawn notice needs a reason: add withdrawn: {date: 2021-01-25, reason: "…"}`}},
		{"withdrawn without date", "notices/a.md", head + "status: withdrawn\nwithdrawn: {reason: 有误}\n---\n", []string{
			`content/notices/a.md:5:12: withdrawn needs a date`}},
		{"withdrawn but published", "notices/a.md", head + "withdrawn: {date: 2021-01-25, reason: 有误}\n---\n", []string{
			`content/notices/a.md:4:12: withdrawn is set but status is "published": set status: withdrawn, or remove withdrawn`}},
		{"change without date and note", "notices/a.md", head + "changes:\n  - {note: 更正}\n  - {date: 2021-01-21}\n---\n", []string{
			`content/notices/a.md:5:5: change 1 needs a date`,
			`content/notices/a.md:6:5: change 2 needs a note saying what changed`}},
		{"bad slug ../x", "notices/a.md", head + "slug: ../x\n---\n", []string{
			`content/notices/a.md:4:7: slug "../x" must be one URL segment of letters, digits, '-', '_' or '.', without '/' or '..'`}},
		{"bad slug with slash", "notices/a.md", head + "slug: a/b\n---\n", []string{
			`content/notices/a.md:4:7: slug "a/b" must be one URL segment of letters, digits, '-', '_' or '.', without '/' or '..'`}},
		{"bad slug ..", "notices/a.md", head + "slug: ..\n---\n", []string{
			`content/notices/a.md:4:7: slug ".." must be one URL segment of letters, digits, '-', '_' or '.', without '/' or '..'`}},
		{"bad alias relative", "notices/a.md", head + "aliases: [old/a/]\n---\n", []string{
			`content/notices/a.md:4:11: alias "old/a/" must be a URL path on this site such as /old/notice-1/: start it with '/'`}},
		{"bad alias escaping", "notices/a.md", head + "aliases:\n  - /../../etc/\n  - /ok/\n  - /a?b=1\n  - /\n---\n", []string{
			`content/notices/a.md:5:5: alias "/../../etc/" must be a URL path on this site such as /old/notice-1/: remove the '.' and '..' segments`,
			`content/notices/a.md:7:5: alias "/a?b=1" must be a URL path on this site such as /old/notice-1/: '?' and '#' are not part of a path`,
			`content/notices/a.md:8:5: alias "/" must be a URL path on this site such as /old/notice-1/: '/' is the home page itself`}},
		{"bad supersedes paths", "notices/a.md", head + "supersedes: [../secret.md, /notices/b.md, notices/b, notices/ok.md]\n---\n", []string{
			`content/notices/a.md:4:14: supersedes: "../secret.md" must be a content path relative to content/, such as notices/2021-01-20-spring.md`,
			`content/notices/a.md:4:28: supersedes: "/notices/b.md" must be a content path relative to content/, such as notices/2021-01-20-spring.md`,
			`content/notices/a.md:4:43: supersedes: "notices/b" must be a content path relative to content/, such as notices/2021-01-20-spring.md`}},
		{"bad interprets path", "notices/a.md", head + "interprets: policies\\p.md\n---\n", []string{
			`content/notices/a.md:4:13: interprets: "policies\\p.md" must be a content path relative to content/, such as notices/2021-01-20-spring.md`}},
		{"bad translation_of path", "notices/a.md", head + "lang: en\ntranslation_of: ./notices/b.md\n---\n", []string{
			`content/notices/a.md:5:17: translation_of: "./notices/b.md" must be a content path relative to content/, such as notices/2021-01-20-spring.md`}},
		{"bad attachment", "notices/a.md", head + "attachments:\n  - {title: 表, file: ../../etc/passwd}\n  - {title: 表}\n---\n", []string{
			`content/notices/a.md:5:22: attachment "../../etc/passwd" must be a file beside the Markdown or below it, without '..' or a leading '/'`,
			`content/notices/a.md:6:5: attachment 2 needs a file`}},
		{"bad lang", "notices/a.md", head + "lang: english\n---\n", []string{
			`content/notices/a.md:4:7: lang "english" is not a BCP 47 tag such as zh-CN or en`}},
		{"lang not on the site", "notices/a.md", head + "lang: fr\n---\n", []string{
			`content/notices/a.md:4:7: lang "fr" is not a language of this site: add it under languages in config.yaml (site languages: zh-CN, en)`}},
		{"folder is not a section", "news/a.md", head + "---\n", []string{
			`content/news/a.md:1:1: folder "news" is not a section: add it under sections in config.yaml, or move the file (sections: notices, policies)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := Parse(tt.path, []byte(tt.src), testConfig(t))
			var got []string
			for _, d := range diags {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestRead(t *testing.T) {
	ok := []byte("---\ntitle: t\ndate: 2021-01-20\n---\n")
	site := fstest.MapFS{
		"content/notices/b.md":           {Data: ok},
		"content/notices/a.md":           {Data: ok},
		"content/notices/bad.md":         {Data: []byte("---\ntitle: t\n---\n")},
		"content/notices/files/form.pdf": {Data: []byte("%PDF")},
		"content/about.md":               {Data: ok},
		"content/.hidden.md":             {Data: []byte("junk")},
		"content/notices/.a.md.swp":      {Data: []byte("junk")},
		"content/notices/a.md~":          {Data: []byte("junk")},
		"content/notices/#a.md#":         {Data: []byte("junk")},
		"content/.git/x.md":              {Data: []byte("junk")},
		"content/notices/4913":           {Data: []byte("junk")},
	}
	tree, l := Read(site, testConfig(t))
	if got := l.Error(); got != `content/notices/bad.md:1:1: missing required field "date" (the publication date, e.g. date: 2021-01-20)` {
		t.Errorf("diagnostics = %q", got)
	}
	var paths []string
	for _, f := range tree.Files {
		paths = append(paths, f.Path)
	}
	if got := strings.Join(paths, ","); got != "about.md,notices/a.md,notices/b.md" {
		t.Errorf("files = %s (sorted, editor litter and broken files left out)", got)
	}
	if len(tree.Others) != 1 || tree.Others[0].Path != "notices/files/form.pdf" || tree.Others[0].Size != 4 {
		t.Errorf("others = %+v", tree.Others)
	}
}

func TestReadWithoutContentFolder(t *testing.T) {
	_, l := Read(fstest.MapFS{"config.yaml": {}}, testConfig(t))
	if got := l.Error(); !strings.HasPrefix(got, "content: ") {
		t.Errorf("a site without content/ = %q, want a diagnostic naming content", got)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		"a.md": false, "春节.md": false, "4913.md": false,
		".DS_Store": true, "a.md~": true, ".a.md.swp": true, "a.swx": true, "#a.md#": true,
		"a.md.tmp": true, "a.md___jb_tmp___": true, "a.md___jb_old___": true, "4913": true,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSafeRelative(t *testing.T) {
	for p, want := range map[string]bool{
		"a.pdf": true, "files/a.pdf": true, "附件/表.docx": true,
		"": false, "/a.pdf": false, "../a.pdf": false, "files/../../a": false, "a\\b": false, "a//b": false,
	} {
		if got := SafeRelative(p); got != want {
			t.Errorf("SafeRelative(%q) = %v, want %v", p, got, want)
		}
	}
}

// TestCheckAlias: an alias is written as a folder of the output, so only a
// path that names one below the site's root passes. Before, "/./" and
// "/." passed (and made the build spin), as did NUL and other control
// characters, %-escapes and hidden names such as /.bulletin-output.
func TestCheckAlias(t *testing.T) {
	tests := []struct{ alias, err string }{
		{"/old/notice-1/", ""},
		{"/old/notice-1", ""},
		{"/old/notice.html", ""},
		{"/通知/旧/", ""},
		{"/a b/", ""},
		{"/a.b/c..d/", ""},
		{"", "start it with '/'"},
		{"old/", "start it with '/'"},
		{"/", "'/' is the home page itself"},
		{"//", "'/' is the home page itself"},
		{"/./", "remove the '.' and '..' segments"},
		{"/.", "remove the '.' and '..' segments"},
		{"/..", "remove the '.' and '..' segments"},
		{"/a/../", "remove the '.' and '..' segments"},
		{"/a/./b/", "remove the '.' and '..' segments"},
		{"/a/..", "remove the '.' and '..' segments"},
		{"///", "remove the empty segment ('//')"},
		{"//a/", "remove the empty segment ('//')"},
		{"/a//b/", "remove the empty segment ('//')"},
		{"/a//", "remove the empty segment ('//')"},
		{"/.bulletin-output", `".bulletin-output" names a hidden file, where bulletin keeps its own (such as .bulletin-output)`},
		{"/.bulletin-output/", `".bulletin-output" names a hidden file, where bulletin keeps its own (such as .bulletin-output)`},
		{"/notices/.bulletin-x/", `".bulletin-x" names a hidden file, where bulletin keeps its own (such as .bulletin-output)`},
		{"/.git/config", `".git" names a hidden file, where bulletin keeps its own (such as .bulletin-output)`},
		{"/a\x00b/", "remove the control character"},
		{"/\x00", "remove the control character"},
		{"/a\nb/", "remove the control character"},
		{"/a\x7fb/", "remove the control character"},
		{"/a\u0085b/", "remove the control character"},
		{"/a?b=1", "'?' and '#' are not part of a path"},
		{"/a#top", "'?' and '#' are not part of a path"},
		{"/a%2Fb/", "write the characters themselves, not %-escapes (/通知/, not /%E9%80%9A%E7%9F%A5/)"},
		{"/a\\b/", "separate folders with '/', not '\\'"},
	}
	for _, tt := range tests {
		err := CheckAlias(tt.alias)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tt.err {
			t.Errorf("CheckAlias(%q) = %q, want %q", tt.alias, got, tt.err)
		}
	}
}

// TestFileNameSlug: without slug, the file name is the URL segment and
// obeys slug's rule, reported at the top of the file. Before, any file
// name became a URL, '?', '#' and '%' included.
func TestFileNameSlug(t *testing.T) {
	const fm = "---\ntitle: 通知\ndate: 2021-01-20\n---\n"
	tests := []struct{ path, front, err string }{
		{"notices/2021-01-20-spring.md", fm, ""},
		{"notices/春节通知.md", fm, ""},
		{"notices/a.b.md", fm, ""},
		{"notices/a?b.md", fm, `content/notices/a?b.md:1:1: file name "a?b" cannot be the page's URL segment: rename the file to letters, digits, '-', '_' or '.' (starting with a letter or digit), or set slug`},
		{"notices/a#b.md", fm, `content/notices/a#b.md:1:1: file name "a#b" cannot be the page's URL segment: rename the file to letters, digits, '-', '_' or '.' (starting with a letter or digit), or set slug`},
		{"notices/100%.md", fm, `content/notices/100%.md:1:1: file name "100%" cannot be the page's URL segment: rename the file to letters, digits, '-', '_' or '.' (starting with a letter or digit), or set slug`},
		{"notices/a\tb.md", fm, "content/notices/a\\tb.md:1:1: file name \"a\\tb\" cannot be the page's URL segment: rename the file to letters, digits, '-', '_' or '.' (starting with a letter or digit), or set slug"},
		{"notices/-a.md", fm, `content/notices/-a.md:1:1: file name "-a" cannot be the page's URL segment: rename the file to letters, digits, '-', '_' or '.' (starting with a letter or digit), or set slug`},
		{"notices/a?b.md", "---\ntitle: 通知\ndate: 2021-01-20\nslug: a-b\n---\n", ""},
	}
	for _, tt := range tests {
		_, diags := Parse(tt.path, []byte(tt.front), testConfig(t))
		var got []string
		for _, d := range diags {
			got = append(got, d.Error())
		}
		if strings.Join(got, "\n") != tt.err {
			t.Errorf("Parse(%q):\n%s\nwant\n%s", tt.path, strings.Join(got, "\n"), tt.err)
		}
	}
}

// TestActiveAttachments: an attachment of a type browsers run as a page of
// the site is an error at its file field, whatever the case of its
// extension, unless markdown.unsafe_html trusts the authors with HTML.
// Before, every type was published.
func TestActiveAttachments(t *testing.T) {
	safe := testConfig(t)
	unsafe, err := config.Parse([]byte("timezone: Asia/Shanghai\nmarkdown: {unsafe_html: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file   string
		active bool
	}{
		{"form.pdf", false}, {"table.xlsx", false}, {"photo.JPG", false}, {"notes.txt", false},
		{"style.css", false}, {"html", false}, {"files/a.pdf", false}, {"a.html.pdf", false},
		{"page.html", true}, {"PAGE.HTML", true}, {"old.htm", true}, {"a.shtml", true},
		{"a.xhtml", true}, {"a.xht", true}, {"a.mht", true}, {"a.mhtml", true},
		{"map.svg", true}, {"map.SvG", true}, {"map.svgz", true},
		{"tool.js", true}, {"tool.mjs", true}, {"tool.cjs", true},
		{"data.xml", true}, {"data.XSL", true}, {"a.xslt", true}, {"a.rdf", true}, {"a.rss", true}, {"a.atom", true},
		{"intro.swf", true}, {"files/sub/a.html", true}, {"a.pdf.html", true},
	}
	for _, tt := range tests {
		if got := Active(tt.file); got != tt.active {
			t.Errorf("Active(%q) = %v, want %v", tt.file, got, tt.active)
		}
		src := "---\ntitle: 通知\ndate: 2021-01-20\nattachments:\n  - {title: 附件, file: \"" + tt.file + "\"}\n---\n"
		_, diags := Parse("notices/a.md", []byte(src), safe)
		want := ""
		if tt.active {
			ext := strings.ToUpper(strings.TrimPrefix(tt.file[strings.LastIndex(tt.file, "."):], "."))
			want = `content/notices/a.md:5:23: attachment "` + tt.file + `" is of an active type (` + ext + `): browsers run it as a page of this site, so a script in it would act for every reader; publish it as PDF instead, or set markdown.unsafe_html: true in config.yaml if every author is trusted`
		}
		var got []string
		for _, d := range diags {
			got = append(got, d.Error())
		}
		if strings.Join(got, "\n") != want {
			t.Errorf("attachment %q:\n%s\nwant\n%s", tt.file, strings.Join(got, "\n"), want)
		}
		if _, diags := Parse("notices/a.md", []byte(src), unsafe); len(diags) != 0 {
			t.Errorf("attachment %q with unsafe_html: %v, want no problem", tt.file, diags)
		}
	}
}
