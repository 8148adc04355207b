package check_test

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/build"
	"bulletin/generator/check"
	"bulletin/generator/diag"
)

const testConfig = `title: 测试公告栏
base_url: https://notices.example.org/
publisher: 测试单位
sections:
  notices:  {title: 通知公告, kind: notice}
  policies: {title: 政策文件, kind: policy}
languages:
  en: {title: Test}
`

// theme is the repository's default theme.
var theme = os.DirFS("../../templates")

// doc writes a content file: front matter lines, then the body.
func doc(front, body string) string { return "---\n" + front + "\n---\n" + body }

// notice is a well-formed notice with extra front matter and a body.
func notice(title, extra, body string) string {
	fm := "title: " + title
	if !strings.HasPrefix(extra, "date:") {
		fm += "\ndate: 2021-01-10"
	}
	fm += "\ndepartment: 示例市卫生健康委员会"
	if extra != "" {
		fm += "\n" + extra
	}
	return doc(fm, body)
}

const accessibility = "---\ntitle: 无障碍声明\ndate: 2021-01-01\n---\n本站努力让所有人都能方便地阅读。\n"

// run builds files in memory (with the test config and an accessibility
// page the theme links to, unless files replace them), renders them in
// memory and returns the build's and the check's diagnostics.
func run(t *testing.T, files map[string]string) (buildDiags, findings []*diag.Diagnostic) {
	t.Helper()
	fsys := fstest.MapFS{
		"config.yaml":              {Data: []byte(testConfig)},
		"content/accessibility.md": {Data: []byte(accessibility)},
	}
	for name, src := range files {
		if src == "" {
			delete(fsys, name)
			continue
		}
		fsys[name] = &fstest.MapFile{Data: []byte(src)}
	}
	out := check.NewOutput()
	res := build.Run(build.Options{Site: fsys, Theme: theme, Now: "2021-02-20", Output: out})
	if res.Site == nil {
		t.Fatalf("no site: %v", res.Diagnostics)
	}
	return res.Diagnostics, check.Run(res.Site, check.Options{Output: out})
}

const (
	para1 = "各区县人民政府，市政府各部门：为做好春节期间疫情防控工作，保障人民群众生命安全和身体健康，经研究决定，现就有关事项通知如下。各单位要高度重视，加强组织领导，压实工作责任，确保各项措施落到实处，不得层层加码，也不得放松要求。"
	para2 = "全市各类学校要按照教育部门的统一部署，合理安排寒假时间，做好师生离校前的健康教育和安全教育，寒假期间不组织集中补课和大型集体活动，师生返校前十四天要做好健康监测，如有发热等症状应及时就医并报告学校。"
	para3 = "市场监管部门要加强对农贸市场、商场超市等场所的价格监测，严厉打击哄抬物价、囤积居奇等违法行为，确保春节期间粮油肉蛋菜等生活必需品供应充足、价格基本稳定，让市民过一个安心祥和的节日。"
)

// finding is one case: files that must trigger a finding and files that
// must not.
type finding struct {
	name     string
	trigger  map[string]string
	clean    map[string]string
	want     string // a substring of the finding
	severity diag.Severity
}

var findings = []finding{
	{
		name:     "link to a missing URL",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "见[乙](/notices/nope/)。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "见[乙](/notices/b/)和[首页](/)。\n"), "content/notices/b.md": notice("乙", "", "正文。\n")},
		want:     `content/notices/a.md:6:2: link "/notices/nope/" points nowhere`,
		severity: diag.Error,
	},
	{
		name:     "link to a file that is not an attachment",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "下载[附表](table.xlsx)。\n"), "content/notices/table.xlsx": "x"},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "attachments: [{title: 附表, file: table.xlsx}]", "下载[附表](table.xlsx)。\n"), "content/notices/table.xlsx": "x"},
		want:     "published only when it is listed under attachments",
		severity: diag.Error,
	},
	{
		name:     "absolute link to the site's own base_url",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "见[乙](https://notices.example.org/notices/gone/)。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "见[乙](https://notices.example.org/about/)和[外站](https://www.gov.cn/nope/)。\n"), "content/about.md": doc("title: 关于\ndate: 2021-01-01", "关于。\n")},
		want:     "points nowhere: the site has no /notices/gone/",
		severity: diag.Error,
	},
	{
		name:     "anchor on the same page",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "见[第一条](#一总侧)。\n\n## 一、总则\n\n正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "见[第一条](#一总则)。\n\n## 一、总则\n\n正文。\n")},
		want:     `points to a missing anchor: this page has no #一总侧 (did you mean #一总则?)`,
		severity: diag.Error,
	},
	{
		name:     "anchor on another page through its .md file",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "见[乙](b.md#第二条)。\n"), "content/notices/b.md": notice("乙", "", "## 第一条\n\n正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "见[乙](b.md#第一条)。\n"), "content/notices/b.md": notice("乙", "", "## 第一条\n\n正文。\n")},
		want:     `link "/notices/b/#第二条" points to a missing anchor: /notices/b/ has no #第二条`,
		severity: diag.Error,
	},
	{
		name:     "anchor to a footnote",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "见[注](#fn:2)。注释[^1]。\n\n[^1]: 说明。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "见[注](#fn:1)和[正文](#main)。注释[^1]。\n\n[^1]: 说明。\n")},
		want:     "has no #fn:2",
		severity: diag.Error,
	},
	{
		name:     "link the theme writes to a page the site lacks",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "正文。\n"), "templates/partials/footer.html": `{{define "footer"}}<a href="/guide/">指南</a>{{end}}`},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "正文。\n"), "templates/partials/footer.html": `{{define "footer"}}<a href="/notices/">通知</a>{{end}}`},
		want:     `the theme links to "/guide/", but the build writes no /guide/ (on / and `,
		severity: diag.Error,
	},
	{
		// The default footer links the statement only when it exists, so
		// a site without one builds and checks; check notes it.
		name:     "no accessibility statement",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "正文。\n"), "content/accessibility.md": ""},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "正文。\n")},
		want:     `content/accessibility.md: note: the site has no accessibility statement (无障碍声明), so the footer links none`,
		severity: diag.Note,
	},
	{
		name:     "image without alt text",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "attachments: [{file: map.png}]", "![](map.png)\n"), "content/notices/map.png": "png"},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "attachments: [{file: map.png}]", "![接种点分布图](map.png)\n"), "content/notices/map.png": "png"},
		want:     `content/notices/a.md:7: warning: image "map.png" has no alt text`,
		severity: diag.Warning,
	},
	{
		name: "same title in the same language",
		trigger: map[string]string{
			"content/notices/a.md": notice("关于春节放假的通知", "", para1+"\n"),
			"content/notices/b.md": notice("关于春节放假的通知", "date: 2021-01-12", para2+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md":    notice("关于春节放假的通知", "", para1+"\n"),
			"content/notices/b.md":    notice("关于2021年春节放假的通知", "", para2+"\n"),
			"content/notices/a.en.md": doc("title: 关于春节放假的通知\ndate: 2021-01-10\nlang: en\ndepartment: Health\ntranslation_of: notices/a.md", "Text.\n"),
		},
		want:     "same title as content/notices/a.md",
		severity: diag.Warning,
	},
	{
		name: "near-duplicate bodies",
		trigger: map[string]string{
			"content/notices/a.md": notice("甲", "", para1+"\n\n"+para2+"\n"),
			"content/notices/b.md": notice("乙", "date: 2021-01-12", para1+"\n\n"+strings.Replace(para2, "十四天", "七天", 1)+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md": notice("甲", "", para1+"\n\n"+para2+"\n"),
			"content/notices/b.md": notice("乙", "date: 2021-01-12", para3+"\n"),
		},
		want:     "content/notices/b.md:1:1: warning: near-duplicate of content/notices/a.md (9",
		severity: diag.Warning,
	},
	{
		name: "near-duplicate of several older notices",
		trigger: map[string]string{
			"content/notices/a.md": notice("甲", "", para1+"\n\n"+para2+"\n"),
			"content/notices/b.md": notice("乙", "date: 2021-01-11", para1+"\n\n"+para2+"\n"),
			"content/notices/c.md": notice("丙", "date: 2021-01-12", para1+"\n\n"+para2+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md": notice("甲", "", para1+"\n\n"+para2+"\n"),
			"content/notices/b.md": notice("乙", "date: 2021-01-11\nparams: {duplicate_of: notices/a.md}", para1+"\n\n"+para2+"\n"),
			"content/notices/c.md": notice("丙", "date: 2021-01-12\nparams: {duplicate_of: [notices/a.md, notices/b.md]}", para1+"\n\n"+para2+"\n"),
		},
		want:     "content/notices/c.md:1:1: warning: near-duplicate of content/notices/a.md (100% similar) and like 1 more older page",
		severity: diag.Warning,
	},
	{
		name: "text contained in an older notice under another title",
		trigger: map[string]string{
			"content/notices/a.md": notice("关于春节期间疫情防控工作的通知", "", para1+"\n\n"+para2+"\n\n"+para3+"\n"),
			"content/notices/b.md": notice("关于做好节日市场保供稳价的通知", "date: 2021-01-12", para1+"\n\n"+para3+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md": notice("关于春节期间疫情防控工作的通知", "", para1+"\n\n"+para2+"\n\n"+para3+"\n"),
			"content/notices/b.md": notice("关于做好节日市场保供稳价的通知", "date: 2021-01-12\nparams: {duplicate_of: notices/a.md}", para1+"\n\n"+para3+"\n"),
		},
		want:     "content/notices/b.md:1:1: warning: text contained in content/notices/a.md (99% of its text appears there); delete one, or if both are meant to be published, add params: {duplicate_of: notices/a.md} to one of them",
		severity: diag.Warning,
	},
	{
		name: "a newer notice containing an older one",
		trigger: map[string]string{
			"content/notices/a.md": notice("关于春节期间疫情防控工作的通知", "", para1+"\n\n"+para2+"\n"),
			"content/notices/b.md": notice("关于春节期间疫情防控和市场保供工作的通知", "date: 2021-01-12", para1+"\n\n"+para2+"\n\n"+para3+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md": notice("关于春节期间疫情防控工作的通知", "", para1+"\n\n"+para2+"\n"),
			"content/notices/b.md": notice("关于春节期间疫情防控和市场保供工作的通知", "date: 2021-01-12\nsupersedes: [notices/a.md]", para1+"\n\n"+para2+"\n\n"+para3+"\n"),
		},
		want:     "content/notices/b.md:1:1: warning: contains the text of content/notices/a.md (100% of that text appears here); delete one, or",
		severity: diag.Warning,
	},
	{
		name: "duplicate accepted with params.duplicate_of",
		trigger: map[string]string{
			"content/notices/a.md": notice("甲", "", para1+"\n"),
			"content/notices/b.md": notice("甲", "date: 2021-01-12", para1+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md": notice("甲", "", para1+"\n"),
			"content/notices/b.md": notice("甲", "date: 2021-01-12\nparams: {duplicate_of: notices/a.md}", para1+"\n"),
		},
		want:     "duplicate of content/notices/a.md: same title and 100% similar text",
		severity: diag.Warning,
	},
	{
		name: "a superseding notice may repeat the old one",
		trigger: map[string]string{
			"content/notices/a.md": notice("甲", "doc_number: 示卫发〔2021〕1号", para1+"\n"),
			"content/notices/b.md": notice("甲", "date: 2021-01-12\ndoc_number: 示卫发[2021]1号", para1+"\n"),
		},
		clean: map[string]string{
			"content/notices/a.md": notice("甲", "doc_number: 示卫发〔2021〕1号", para1+"\n"),
			"content/notices/b.md": notice("甲", "date: 2021-01-12\ndoc_number: 示卫发〔2021〕1号\nsupersedes: [notices/a.md]", para1+"\n"),
		},
		want:     `doc_number "示卫发[2021]1号" is also used by content/notices/a.md`,
		severity: diag.Error,
	},
	{
		name:     "duplicate_of naming no page",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "params: {duplicate_of: notices/nope.md}", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "params: {color: red}", "正文。\n")},
		want:     `params.duplicate_of: no page "notices/nope.md" in this build`,
		severity: diag.Warning,
	},
	{
		name:     "duplicate_of of the wrong type",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "params: {duplicate_of: {a: 1}}", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "params: {duplicate_of: [notices/b.md]}", "正文。\n"), "content/notices/b.md": notice("乙", "", "正文。\n")},
		want:     "params.duplicate_of: expected a content path",
		severity: diag.Error,
	},
	{
		name:     "expires before effective",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "effective: 2021-01-20\nexpires: 2021-01-15", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "effective: 2021-01-10\nexpires: 2021-01-15", "正文。\n")},
		want:     "content/notices/a.md:6:10: expires (2021-01-15) is not after effective (2021-01-20)",
		severity: diag.Error,
	},
	{
		// Now is 2021-02-20: closed on 2021-01-20, 31 days ago; the clean
		// ones closed 29 days ago, or have an outcome.
		name:     "consultation closed 30 days ago without an outcome",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "consultation:\n  opens: 2021-01-10\n  closes: 2021-01-19\n  email: a@example.gov.cn", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "consultation:\n  opens: 2021-01-10\n  closes: 2021-01-21\n  email: a@example.gov.cn", "正文。\n"), "content/notices/b.md": notice("乙", "consultation:\n  opens: 2021-01-10\n  closes: 2021-01-12\n  email: a@example.gov.cn\n  outcome: {date: 2021-02-19, summary: 采纳3条。}", "正文。\n")},
		want:     "content/notices/a.md:6:3: warning: consultation closed on 2021-01-19, 31 days ago, and has no outcome",
		severity: diag.Warning,
	},
	{
		name:     "expires before the publication date",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "expires: 2021-01-05", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "expires: 2021-01-15", "正文。\n")},
		want:     "expires (2021-01-05) is before the publication date (2021-01-10)",
		severity: diag.Warning,
	},
	{
		name:     "written after the publication date",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "written: 2021-01-11", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "written: 2021-01-10", "正文。\n")},
		want:     "written (2021-01-11) is after the publication date",
		severity: diag.Warning,
	},
	{
		name:     "updated without a changes note",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "updated: 2021-01-12T10:00:00+08:00\nchanges: [{date: 2021-01-11, note: 更正电话}]", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "updated: 2021-01-12T10:00:00+08:00\nchanges: [{date: 2021-01-12, note: 更正电话}]", "正文。\n")},
		want:     "updated (2021-01-12) has no changes note",
		severity: diag.Warning,
	},
	{
		name:     "updated before the publication date",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "updated: 2021-01-09\nchanges: [{date: 2021-01-09, note: 更正}]", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "updated: 2021-01-11\nchanges: [{date: 2021-01-11, note: 更正}]", "正文。\n")},
		want:     "updated (2021-01-09) is before the publication date",
		severity: diag.Warning,
	},
	{
		name: "a notice superseding a policy",
		trigger: map[string]string{
			"content/notices/a.md":  notice("甲", "supersedes: [policies/p.md]", "正文。\n"),
			"content/policies/p.md": notice("政策", "date: 2021-01-01", "正文。\n"),
		},
		clean: map[string]string{
			"content/notices/a.md":   notice("甲", "supersedes: [notices/old.md]", "正文。\n"),
			"content/notices/old.md": notice("旧", "date: 2021-01-01", "正文。\n"),
		},
		want:     `supersedes: "policies/p.md" is a policy, not a notice`,
		severity: diag.Error,
	},
	{
		name: "same doc_number from the same lead department",
		trigger: map[string]string{
			"content/notices/a.md": notice("甲", "doc_number: 示卫发〔2021〕3号", "正文。\n"),
			"content/notices/b.md": doc("title: 乙\ndate: 2021-01-11\ndepartment: [示例市卫生健康委员会, 示例市财政局]\ndoc_number: 示卫发〔2021〕3 号", "正文。\n"),
		},
		clean: map[string]string{
			"content/notices/a.md":    notice("甲", "doc_number: 示卫发〔2021〕3号", "正文。\n"),
			"content/notices/b.md":    doc("title: 乙\ndate: 2021-01-11\ndepartment: [示例市财政局, 示例市卫生健康委员会]\ndoc_number: 示卫发〔2021〕3号", "正文。\n"),
			"content/notices/a.en.md": doc("title: A\ndate: 2021-01-10\nlang: en\ndepartment: 示例市卫生健康委员会\ntranslation_of: notices/a.md\ndoc_number: 示卫发〔2021〕3号", "Text.\n"),
		},
		want:     `content/notices/b.md:5:13: doc_number "示卫发〔2021〕3 号" is also used by content/notices/a.md, from the same lead department "示例市卫生健康委员会"`,
		severity: diag.Error,
	},
	{
		name:     "level-1 heading in the body",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "# 甲\n\n正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n正文。\n")},
		want:     `content/notices/a.md:6:1: warning: level-1 heading "甲"`,
		severity: diag.Warning,
	},
	{
		name:     "heading level that skips",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n正文。\n\n#### （一）范围\n\n正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n### （一）范围\n\n正文。\n\n## 二、附则\n\n正文。\n")},
		want:     `content/notices/a.md:10:1: warning: heading "（一）范围" skips from level 2 to 4: use ###`,
		severity: diag.Warning,
	},
	{
		name:     "body starting below level 2",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "### 一、总则\n\n正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n正文。\n")},
		want:     "skips from level 1 to 3: use ##",
		severity: diag.Warning,
	},
	{
		name:     "empty section before a heading",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n## 二、附则\n\n正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n正文。\n\n## 二、附则\n\n正文。\n")},
		want:     `content/notices/a.md:6:1: warning: empty section "一、总则": the next heading follows directly`,
		severity: diag.Warning,
	},
	{
		name:     "empty section at the end",
		trigger:  map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n正文。\n\n## 二、附则\n\n[^1]: 注释。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "## 一、总则\n\n正文。\n\n## 二、附则\n\n- 一项。\n")},
		want:     `warning: empty section "二、附则": nothing follows the heading`,
		severity: diag.Warning,
	},
	{
		name:     "notice without a department",
		trigger:  map[string]string{"content/notices/a.md": doc("title: 甲\ndate: 2021-01-10\ndepartment:", "正文。\n")},
		clean:    map[string]string{"content/notices/a.md": notice("甲", "", "正文。\n"), "content/about.md": doc("title: 关于\ndate: 2021-01-01", "关于本站。\n")},
		want:     "content/notices/a.md:4:12: warning: this notice has no department",
		severity: diag.Warning,
	},
}

func TestFindings(t *testing.T) {
	for _, c := range findings {
		t.Run(c.name, func(t *testing.T) {
			for _, tc := range []struct {
				label string
				files map[string]string
				want  bool
			}{{"trigger", c.trigger, true}, {"clean", c.clean, false}} {
				buildDiags, got := run(t, tc.files)
				for _, d := range buildDiags {
					if d.Severity == diag.Error {
						t.Fatalf("%s: the fixture does not build: %v", tc.label, d)
					}
				}
				var hit *diag.Diagnostic
				for _, d := range got {
					if strings.Contains(d.Error(), c.want) {
						hit = d
					}
				}
				switch {
				case tc.want && hit == nil:
					t.Errorf("%s: no finding containing %q; got:\n%s", tc.label, c.want, lines(got))
				case tc.want && hit.Severity != c.severity:
					t.Errorf("%s: %q is a %s, want a %s", tc.label, hit, hit.Severity, c.severity)
				case !tc.want && len(got) > 0:
					t.Errorf("%s: want no findings, got:\n%s", tc.label, lines(got))
				}
			}
		})
	}
}

func lines(ds []*diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("  " + d.Error() + "\n")
	}
	return b.String()
}

// TestWithoutOutput checks links against the site graph alone when no
// rendered output is given.
func TestWithoutOutput(t *testing.T) {
	fsys := fstest.MapFS{
		"config.yaml":              {Data: []byte(testConfig)},
		"content/notices/a.md":     {Data: []byte(notice("甲", "", "[列表](/notices/)、[部门](/departments/)、[归档](/archive/2021/)、[缺](/nope/)、[锚](b.md#一)。\n"))},
		"content/notices/b.md":     {Data: []byte(notice("乙", "", "## 一\n\n正文。\n"))},
		"content/accessibility.md": {Data: []byte(accessibility)},
	}
	res := build.Run(build.Options{Site: fsys, Theme: theme, Now: "2021-02-20"})
	got := check.Run(res.Site, check.Options{})
	if len(got) != 1 || !strings.Contains(got[0].Error(), `"/nope/" points nowhere`) {
		t.Errorf("want only the link to /nope/, got:\n%s", lines(got))
	}
}

// TestExampleSite keeps the repository's example site free of findings.
func TestExampleSite(t *testing.T) {
	out := check.NewOutput()
	res := build.Run(build.Options{Site: os.DirFS("../.."), Theme: theme, Now: "2021-02-20", Strict: true, Output: out})
	if res.Failed {
		t.Fatalf("the example site does not build:\n%s", lines(res.Diagnostics))
	}
	if got := check.Run(res.Site, check.Options{Output: out}); len(got) > 0 {
		t.Errorf("the example site has findings:\n%s", lines(got))
	}
}

// TestUpcoming lists the notices that expire within the window, soonest
// first, as notes: only those in force, not those already expired,
// withdrawn or replaced.
func TestUpcoming(t *testing.T) {
	fsys := fstest.MapFS{
		"config.yaml":                {Data: []byte(testConfig)},
		"content/notices/late.md":    {Data: []byte(notice("四十天后到期", "expires: 2021-04-01", "正文。\n"))},
		"content/notices/soon.md":    {Data: []byte(notice("五天后到期", "expires: 2021-02-25", "正文。\n"))},
		"content/notices/today.md":   {Data: []byte(notice("今天到期", "expires: 2021-02-20", "正文。\n"))},
		"content/notices/noon.md":    {Data: []byte(notice("明天中午到期", "expires: 2021-02-21T12:00:00+08:00", "正文。\n"))},
		"content/notices/also.md":    {Data: []byte(notice("同日到期", "expires: 2021-02-25", "正文。\n"))},
		"content/notices/gone.md":    {Data: []byte(notice("已经到期", "expires: 2021-02-19", "正文。\n"))},
		"content/notices/pulled.md":  {Data: []byte(notice("已撤回", "expires: 2021-02-22\nstatus: withdrawn\nwithdrawn: {date: 2021-01-25, reason: 发布有误}", "正文。\n"))},
		"content/notices/old.md":     {Data: []byte(notice("已被替代", "expires: 2021-02-23", "正文。\n"))},
		"content/notices/new.md":     {Data: []byte(notice("替代通知", "date: 2021-01-15\nsupersedes: [notices/old.md]", "正文。\n"))},
		"content/notices/forever.md": {Data: []byte(notice("长期有效", "", "正文。\n"))},
		// Consultations: the open one closing in 3 days is listed; one not
		// open yet and one closed are not.
		"content/notices/consult.md":  {Data: []byte(notice("征求意见", "consultation: {opens: 2021-02-10, closes: 2021-02-23, email: a@example.gov.cn}", "正文。\n"))},
		"content/notices/later.md":    {Data: []byte(notice("下月征求意见", "consultation: {opens: 2021-02-22, closes: 2021-02-24, email: a@example.gov.cn}", "正文。\n"))},
		"content/notices/finished.md": {Data: []byte(notice("已结束征求意见", "consultation: {opens: 2021-01-10, closes: 2021-02-19, email: a@example.gov.cn}", "正文。\n"))},
	}
	res := build.Run(build.Options{Site: fsys, Theme: theme, Now: "2021-02-20T09:00:00+08:00"})
	if res.Failed {
		t.Fatalf("the fixture does not build:\n%s", lines(res.Diagnostics))
	}
	want := []string{
		"content/notices/today.md:5:10: note: expires 2021-02-20 (today): 今天到期",
		"content/notices/noon.md:5:10: note: expires 2021-02-21 12:00 (tomorrow): 明天中午到期",
		"content/notices/consult.md:5:43: note: consultation closes 2021-02-23 (in 3 days): 征求意见",
		"content/notices/also.md:5:10: note: expires 2021-02-25 (in 5 days): 同日到期",
		"content/notices/soon.md:5:10: note: expires 2021-02-25 (in 5 days): 五天后到期",
	}
	for _, tt := range []struct {
		days int
		want []string
	}{
		{30, want},
		{5, want},
		{4, want[:3]},
		{0, nil},
		{40, append(want[:5:5], "content/notices/late.md:5:10: note: expires 2021-04-01 (in 40 days): 四十天后到期")},
	} {
		got := check.Upcoming(res.Site, tt.days)
		var s []string
		for _, d := range got {
			s = append(s, d.Error())
			if d.Severity != diag.Note {
				t.Errorf("%q is a %s, want a note", d, d.Severity)
			}
		}
		if strings.Join(s, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("within %d days:\n%s\nwant\n%s", tt.days, strings.Join(s, "\n"), strings.Join(tt.want, "\n"))
		}
	}
}
