// Package corpus generates large, realistic, deterministic bulletin sites
// for benchmarks and large-site tests.
//
// A corpus is a complete site folder: config.yaml and content/ with Chinese
// notices and policy documents of realistic shape and length. Its front
// matter uses only fields from the SPEC's table, with the mix a real
// bulletin has: one or two issuing departments out of about thirty, one of
// twelve categories, two to five of about eighty tags, document and index
// numbers, written, effective and some expiry dates, about 3% withdrawn
// notices with a reason, about 2% that supersede an older notice, policies
// with an interpretation page (interprets), a few pinned and one urgent
// notice, and a share of notices with an English translation
// (<name>.en.md with lang: en and translation_of). Bodies are 400 to 2,500
// characters of Chinese Markdown in 3 to 10 paragraphs under ## headings,
// with lists, some tables and a link to another notice by its relative .md
// path. Every corpus builds with `bulletin build --strict` without a
// diagnostic when "now" is on or after 2021-12-31 (dates run from 2019-01-01
// to 2021-12-30).
//
// The same Options always give byte-identical files: the generator draws
// from math/rand/v2 seeded with Options.Seed and never iterates a map.
//
// In a test or benchmark, build from memory:
//
//	site := corpus.Generate(corpus.Options{Notices: 10000, Seed: 1, EnglishShare: 0.2, Policies: 500})
//	res := build.Run(build.Options{Site: site, Theme: theme, Dest: dir, Now: "2021-12-31", Strict: true})
//
// For measurements of the binary (hyperfine, /usr/bin/time -v), write one
// to disk with WriteDir or the gencorpus command:
//
//	go run ./generator/corpus/cmd/gencorpus -n 10000 -out /tmp/c10k
//	bulletin build --source /tmp/c10k --dest /tmp/c10k-out --now 2021-12-31
//
// A corpus holds exactly
//
//	3 + Notices + round(Notices × EnglishShare) + Policies + Policies/4
//
// files: config.yaml, the pages about.md and accessibility.md that the
// default theme links in its header and footer, the notices and their
// translations, the policies and, for every fourth policy, an
// interpretation page.
package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing/fstest"
	"time"
	"unicode"
	"unicode/utf8"
)

// Options describe a corpus.
type Options struct {
	// Notices is the number of Chinese notices in content/notices/.
	Notices int
	// Seed selects the corpus; the same seed gives the same files.
	Seed int64
	// EnglishShare is the share of notices (0 to 1) that also get an
	// English translation, e.g. 0.2.
	EnglishShare float64
	// Policies is the number of policy documents in content/policies/;
	// every fourth one also gets an interpretation page (政策解读).
	Policies int
}

// Now is the earliest build time at which every page of a corpus is
// published: pass it as build.Options.Now (or --now).
const Now = "2021-12-31"

// Body lengths in characters, headings, lists and tables included.
const (
	MinBodyChars = 400
	MaxBodyChars = 2500
)

// Translations returns how many notices get an English translation.
func (o Options) Translations() int {
	share := min(max(o.EnglishShare, 0), 1)
	return int(math.Round(float64(max(o.Notices, 0)) * share))
}

// Interpretations returns how many interpretation pages the corpus holds.
func (o Options) Interpretations() int { return max(o.Policies, 0) / 4 }

// Files returns how many files Generate returns for o.
func (o Options) Files() int {
	return 1 + len(pages) + max(o.Notices, 0) + o.Translations() + max(o.Policies, 0) + o.Interpretations()
}

// Generate returns the corpus as an in-memory site folder.
func Generate(opt Options) fstest.MapFS {
	g := newGenerator(opt)
	g.plan()
	out := fstest.MapFS{"config.yaml": file(configYAML)}
	for _, p := range pages {
		out["content/"+p.path] = file(p.text)
	}
	for _, d := range g.docs {
		out["content/"+d.path] = file(g.render(d))
	}
	return out
}

// WriteDir writes the corpus into dir, which must be empty or not exist
// yet: a folder with other files in it is refused rather than mixed with
// the corpus.
func WriteDir(dir string, opt Options) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return err
	case len(entries) > 0:
		return fmt.Errorf("%s is not empty: remove it or choose another folder", dir)
	}
	files := Generate(opt)
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	slices.Sort(names)
	made := map[string]bool{}
	for _, name := range names {
		full := filepath.Join(dir, filepath.FromSlash(name))
		if parent := filepath.Dir(full); !made[parent] {
			if err := os.MkdirAll(parent, 0o755); err != nil {
				return err
			}
			made[parent] = true
		}
		if err := os.WriteFile(full, files[name].Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s), Mode: 0o644} }

const configYAML = `title: 示例市公告栏
base_url: https://notices.example.gov.cn/
language: zh-CN
timezone: Asia/Shanghai
publisher: 示例市人民政府办公室
copyright: © 2021 示例市人民政府办公室
paginate: 20
sections:
  notices:  {title: 通知公告, kind: notice}
  policies: {title: 政策文件, kind: policy}
taxonomies: [department, category, tags]
markdown:
  unsafe_html: false
languages:
  en: {title: Example City Notices}
`

// pages are the site's own pages, the same in every corpus.
var pages = []struct{ path, text string }{
	{"about.md", `---
title: 关于本站
date: 2019-01-01
summary: 本站由示例市人民政府办公室主办，集中发布全市各部门的通知公告和政策文件。
---

本站由示例市人民政府办公室主办，集中发布市政府各部门面向社会公开的通知公告、政策文件和政策解读。

## 栏目

- 通知公告：各部门发布的通知、通告、公告和温馨提示；
- 政策文件：规范性文件、实施方案及其政策解读；
- 分类浏览：按发文机关、主题分类、主题词和年份查看。

## 文件状态

| 标识 | 含义 |
| --- | --- |
| 现行有效 | 已发布，尚未失效 |
| 已失效 | 已超过规定的失效日期 |
| 已被替代 | 已由新发布的文件取代 |
| 已撤回 | 发文机关已撤回，页面保留撤回原因 |

## 联系方式

对本站内容有疑问，请拨打0531-66000000（工作日9:00—17:00）。
`},
	{"accessibility.md", `---
title: 无障碍声明
date: 2019-01-01
summary: 本站以WCAG 2.2 AA级和GB/T 37668二级要求为目标，不依赖JavaScript即可阅读。
---

我们希望每一位市民，包括老年人和残疾人，都能方便地阅读本站的通知和政策文件。

## 遵循的标准

本站按照《Web内容无障碍指南》（WCAG）2.2 AA级和GB/T 37668—2019二级要求设计和检查。

## 主要措施

1. 关闭JavaScript时所有内容仍可阅读；
2. 所有链接和控件都可用键盘操作，焦点清晰可见；
3. 文件状态用文字说明，不只依靠颜色。

## 反馈

在使用中遇到障碍，请拨打0531-66000001或参阅[关于本站](about.md)中的联系方式，我们将在5个工作日内答复。
`},
}

// The corpus's dates: from the first to the last day, in China Standard
// Time, written with an explicit +08:00 offset.
var (
	cst      = time.FixedZone("CST", 8*3600)
	firstDay = time.Date(2019, 1, 1, 0, 0, 0, 0, cst)
	lastDay  = time.Date(2021, 12, 30, 0, 0, 0, 0, cst)
)

// kind is what a generated document is.
type kind int

const (
	notice kind = iota
	translation
	policy
	interpretation
)

// doc is one content file being generated.
type doc struct {
	kind  kind
	num   int
	path  string // content path, "notices/00042-vaccination.md"
	title string
	date  time.Time

	cat   *category
	topic *topic
	depts []*department
	tags  []*tag

	docNumber, indexNo          string
	written, effective, expires time.Time
	withdrawn                   time.Time
	withdrawReason              int // index into withdrawReasons
	supersedes                  *doc
	superseded                  bool
	interprets                  *doc
	pinned, urgent              bool
	summary                     string
	updated                     time.Time
	changeNote                  int // index into changeNotes
	appliesTo                   []int
	contact                     string
	titleForm                   int  // index into noticeTitles or policyTitles
	qualifier                   pair // tells the title apart from an earlier one
	english                     *doc // the translation of a notice
	original                    *doc // the original of a translation
	link                        *doc // another document the body links to
}

type generator struct {
	opt      Options
	r        *rand.Rand
	docs     []*doc // in output order
	notices  []*doc
	policies []*doc
	serial   map[string]int // "示卫/2021" → last number used
	titles   map[string]bool
}

func newGenerator(opt Options) *generator {
	opt.Notices = max(opt.Notices, 0)
	opt.Policies = max(opt.Policies, 0)
	// The second PCG word is fixed ("bulletin"), so the seed alone picks
	// the stream.
	r := rand.New(rand.NewPCG(uint64(opt.Seed), 0x62756c6c6574696e))
	return &generator{opt: opt, r: r, serial: map[string]int{}, titles: map[string]bool{}}
}

// plan decides every document's metadata before any body is written, so
// bodies can link to any other document by its title.
func (g *generator) plan() {
	for i, date := range g.dates(g.opt.Notices) {
		g.notices = append(g.notices, g.newNotice(i, date))
	}
	g.markLifecycle()
	g.markTranslations()
	for i, date := range g.dates(g.opt.Policies) {
		g.policies = append(g.policies, g.newPolicy(i, date))
	}
	g.linkBodies()
	for _, n := range g.notices {
		g.docs = append(g.docs, n)
		if n.english != nil {
			g.docs = append(g.docs, n.english)
		}
	}
	for i, p := range g.policies {
		g.docs = append(g.docs, p)
		if i%4 == 3 {
			g.docs = append(g.docs, g.newInterpretation(p))
		}
	}
}

// dates returns n publication times spread over the corpus's years,
// oldest first, in office hours.
func (g *generator) dates(n int) []time.Time {
	days := int(lastDay.Sub(firstDay).Hours()/24) + 1
	out := make([]time.Time, n)
	for i := range out {
		day := firstDay.AddDate(0, 0, g.r.IntN(days))
		out[i] = day.Add(time.Duration(8+g.r.IntN(10))*time.Hour + time.Duration(g.r.IntN(4)*15)*time.Minute)
	}
	slices.SortStableFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func (g *generator) pick(n int) int { return g.r.IntN(n) }

func (g *generator) chance(p float64) bool { return g.r.Float64() < p }

// newNotice decides a notice's front matter.
func (g *generator) newNotice(i int, date time.Time) *doc {
	d := &doc{kind: notice, num: i + 1, date: date}
	d.topic = &topics[g.pick(len(topics))]
	d.cat = &categories[d.topic.cat]
	d.path = fmt.Sprintf("notices/%05d-%s.md", d.num, d.topic.slug)
	d.titleForm = g.pick(len(noticeTitles))
	for k := 0; ; k++ {
		d.qualifier = noticeQualifier(k)
		d.title = fill(noticeTitles[d.titleForm].zh, map[string]string{"t": d.qualifier.zh + d.topic.zh, "y": strconv.Itoa(date.Year())})
		if g.claim(d.title) {
			break
		}
	}
	g.fillCommon(d)
	if g.chance(0.85) {
		d.docNumber = g.docNumber(d, []string{"字", "函", "通"}[g.pick(3)])
	}
	if g.chance(0.25) {
		d.expires = d.effective.AddDate(0, 1+g.pick(24), 0)
	}
	return d
}

// newPolicy decides a policy document's front matter.
func (g *generator) newPolicy(i int, date time.Time) *doc {
	d := &doc{kind: policy, num: i + 1, date: date}
	d.topic = &topics[g.pick(len(topics))]
	d.cat = &categories[d.topic.cat]
	d.path = fmt.Sprintf("policies/%05d-%s.md", d.num, d.topic.slug)
	d.titleForm = g.pick(len(policyTitles))
	base := fill(policyTitles[d.titleForm], map[string]string{"t": d.topic.zh, "y": strconv.Itoa(date.Year()), "y2": strconv.Itoa(date.Year() + 2)})
	d.title = base
	for n := 1; !g.claim(d.title); n++ {
		// A policy of the same name is revised, as they are.
		if n == 1 {
			d.title = fmt.Sprintf("%s（%d年修订）", base, date.Year())
		} else {
			d.title = fmt.Sprintf("%s（%d年第%d次修订）", base, date.Year(), n)
		}
	}
	g.fillCommon(d)
	d.docNumber = g.docNumber(d, "发")
	if g.chance(0.1) {
		d.expires = d.effective.AddDate(3+g.pick(3), 0, 0)
	}
	// About one policy in twenty revises an older one on the same topic.
	if i > 0 && g.chance(0.05) {
		for j := i - 1; j >= max(0, i-40); j-- {
			old := g.policies[j]
			if !old.superseded && old.topic == d.topic {
				d.supersedes, old.superseded = old, true
				break
			}
		}
	}
	return d
}

// newInterpretation makes the 解读 page of a policy.
func (g *generator) newInterpretation(p *doc) *doc {
	d := &doc{kind: interpretation, num: p.num, topic: p.topic, cat: p.cat, depts: p.depts[:1], interprets: p}
	d.path = fmt.Sprintf("policies/%05d-%s-explained.md", p.num, p.topic.slug)
	d.title = "《" + p.title + "》政策解读"
	d.date = minTime(p.date.AddDate(0, 0, 1+g.pick(7)), lastDay.Add(18*time.Hour))
	d.tags = append(append([]*tag(nil), p.tags...), &explainerTag)
	d.indexNo = g.indexNo(d)
	d.link = p
	if g.chance(0.5) {
		d.contact = g.contact(d.depts[0])
	}
	return d
}

// fillCommon decides the fields notices and policies share.
func (g *generator) fillCommon(d *doc) {
	d.depts = []*department{&departments[d.cat.depts[g.pick(len(d.cat.depts))]]}
	if g.chance(0.2) {
		second := &departments[g.pick(len(departments))]
		if second != d.depts[0] {
			d.depts = append(d.depts, second)
		}
	}
	d.tags = []*tag{&d.topic.tag, &d.cat.tag}
	for extra := g.pick(4); extra > 0; extra-- {
		t := &generalTags[g.pick(len(generalTags))]
		if !slices.Contains(d.tags, t) {
			d.tags = append(d.tags, t)
		}
	}
	d.indexNo = g.indexNo(d)
	d.written = day(d.date.AddDate(0, 0, -g.pick(6)))
	d.effective = day(d.date)
	if g.chance(0.3) {
		d.effective = day(d.date.AddDate(0, 0, 1+g.pick(30)))
	}
	if g.chance(0.3) {
		d.summary = fill(summaries[g.pick(len(summaries))], map[string]string{"t": d.topic.zh, "dept": d.depts[0].short})
	}
	if g.chance(0.05) {
		if u := d.date.AddDate(0, 0, 1+g.pick(20)); !u.After(lastDay) {
			d.updated = u
			d.changeNote = g.pick(len(changeNotes))
		}
	}
	if g.chance(0.4) {
		for _, a := range g.r.Perm(len(appliesTo))[:1+g.pick(3)] {
			d.appliesTo = append(d.appliesTo, a)
		}
		slices.Sort(d.appliesTo)
	}
	if g.chance(0.6) {
		d.contact = g.contact(d.depts[0])
	}
}

// markLifecycle withdraws about 3% of the notices, lets about 2% supersede
// an older one, and pins the two newest (the newest is also urgent). The
// pinned ones stay in force.
func (g *generator) markLifecycle() {
	n := len(g.notices)
	for i, d := range g.notices {
		if i >= n-2 {
			d.expires = time.Time{}
			d.pinned = true
			d.urgent = i == n-1
			continue
		}
		if g.chance(0.03) {
			// Withdrawn within two months, by the corpus's last day, never
			// before the day it was published.
			d.withdrawn = minTime(d.date.AddDate(0, 0, 1+g.pick(60)), lastDay)
			if d.withdrawn.Before(day(d.date)) {
				d.withdrawn = day(d.date)
			}
			d.withdrawReason = g.pick(len(withdrawReasons))
			continue
		}
		if i > 0 && g.chance(0.02) {
			for j := i - 1; j >= max(0, i-200); j-- {
				old := g.notices[j]
				if !old.superseded && old.withdrawn.IsZero() && old.topic == d.topic {
					d.supersedes, old.superseded = old, true
					break
				}
			}
		}
	}
}

// markTranslations picks exactly Options.Translations notices for an
// English version.
func (g *generator) markTranslations() {
	k := g.opt.Translations()
	if k == 0 {
		return
	}
	chosen := g.r.Perm(len(g.notices))[:k]
	slices.Sort(chosen)
	for _, i := range chosen {
		n := g.notices[i]
		n.english = &doc{kind: translation, num: n.num, original: n, path: strings.TrimSuffix(n.path, ".md") + ".en.md"}
	}
}

// linkBodies chooses for each document another one its body links to: a
// nearby older notice (a newer one for the very first), any notice for a
// policy, and for a translation the previous translated notice.
func (g *generator) linkBodies() {
	var lastEnglish *doc
	for i, d := range g.notices {
		switch {
		case i > 0:
			d.link = g.notices[i-1-g.pick(min(i, 50))]
		case len(g.notices) > 1:
			d.link = g.notices[1]
		}
		if d.english != nil {
			d.english.link = lastEnglish
			lastEnglish = d.english
		}
	}
	if len(g.notices) > 0 {
		for _, p := range g.policies {
			p.link = g.notices[g.pick(len(g.notices))]
		}
	}
}

// claim reserves a title, reporting false when an earlier document has
// it: two notices of one title would read as duplicates (bulletin check
// warns about them).
func (g *generator) claim(title string) bool {
	if g.titles[title] {
		return false
	}
	g.titles[title] = true
	return true
}

// noticeQualifier is the k-th way to tell a notice's title apart from an
// earlier one with the same topic, form and year: none, then a district,
// a season, then a numbered round. Chinese puts it before the topic,
// English after.
func noticeQualifier(k int) pair {
	switch {
	case k == 0:
		return pair{}
	case k <= len(districts):
		return pair{districts[k-1].zh, " in " + districts[k-1].en}
	case k <= len(districts)+len(seasons):
		s := seasons[k-1-len(districts)]
		return pair{s.zh, " (" + s.en + ")"}
	}
	n := k - len(districts) - len(seasons) + 1
	return pair{fmt.Sprintf("第%d批", n), fmt.Sprintf(" (round %d)", n)}
}

// docNumber is a 发文字号 such as 示卫字〔2021〕12号, numbered per issuer and
// year.
func (g *generator) docNumber(d *doc, form string) string {
	dep := d.depts[0]
	key := dep.abbr + form + "/" + strconv.Itoa(d.date.Year())
	g.serial[key]++
	return fmt.Sprintf("%s%s〔%d〕%d号", dep.abbr, form, d.date.Year(), g.serial[key])
}

// indexNo is an 索引号: the issuer's organisation code, year and a serial.
func (g *generator) indexNo(d *doc) string {
	dep := d.depts[0]
	key := dep.code + "/" + strconv.Itoa(d.date.Year())
	g.serial[key]++
	return fmt.Sprintf("%s/%d-%05d", dep.code, d.date.Year(), g.serial[key])
}

func (g *generator) contact(dep *department) string {
	return fmt.Sprintf("%s%s %s", dep.short, offices[g.pick(len(offices))], g.phone())
}

func (g *generator) phone() string { return fmt.Sprintf("0531-%d", 66000000+g.r.IntN(30000000)) }

func day(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

func minTime(a, b time.Time) time.Time {
	if a.After(b) {
		return b
	}
	return a
}

// fill replaces {key} in s with vars[key].
func fill(s string, vars map[string]string) string {
	return fillFunc(s, func(key string) string { return vars[key] })
}

// fillFunc replaces every {key} in s with value(key), so each slot of a
// sentence can draw a fresh random value.
func fillFunc(s string, value func(key string) string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(value(s[i+1 : i+j]))
		s = s[i+j+1:]
	}
}

// render writes a document's file: front matter, then body.
func (g *generator) render(d *doc) string {
	if d.kind == translation {
		return g.renderTranslation(d)
	}
	var f frontMatter
	f.scalar("title", d.title)
	f.raw("date", d.date.Format(time.RFC3339))
	if !d.updated.IsZero() {
		f.raw("updated", d.updated.Format(time.RFC3339))
		f.raw("changes", "")
		f.raw("  - date", d.updated.Format(time.DateOnly))
		f.scalar("    note", changeNotes[d.changeNote].zh)
	}
	if d.summary != "" {
		f.scalar("summary", d.summary)
	}
	f.list("department", names(d.depts, func(x *department) string { return x.name }))
	f.scalar("category", d.cat.zh)
	f.list("tags", names(d.tags, func(x *tag) string { return x.zh }))
	if d.docNumber != "" {
		f.scalar("doc_number", d.docNumber)
	}
	f.scalar("index_no", d.indexNo)
	if d.kind != interpretation {
		f.raw("written", d.written.Format(time.DateOnly))
		f.raw("effective", d.effective.Format(time.DateOnly))
	}
	if !d.expires.IsZero() {
		f.raw("expires", d.expires.Format(time.DateOnly))
	}
	if !d.withdrawn.IsZero() {
		f.raw("status", "withdrawn")
		f.raw("withdrawn", "")
		f.raw("  date", d.withdrawn.Format(time.DateOnly))
		f.scalar("  reason", withdrawReasons[d.withdrawReason].zh)
	}
	if d.supersedes != nil {
		f.list("supersedes", []string{d.supersedes.path})
	}
	if d.interprets != nil {
		f.scalar("interprets", d.interprets.path)
	}
	if d.pinned {
		f.raw("pinned", "true")
	}
	if d.urgent {
		f.raw("urgent", "true")
	}
	if len(d.appliesTo) > 0 {
		f.list("applies_to", pickNames(d.appliesTo, func(i int) string { return appliesTo[i].zh }))
	}
	if d.contact != "" {
		f.scalar("contact", d.contact)
	}
	return f.String() + "\n" + g.body(d)
}

// renderTranslation writes the English version of a notice: the same
// dates, numbers and lifecycle, with English names for its terms.
func (g *generator) renderTranslation(d *doc) string {
	o := d.original
	var f frontMatter
	f.scalar("title", englishTitle(o))
	f.raw("date", o.date.Format(time.RFC3339))
	if !o.updated.IsZero() {
		f.raw("updated", o.updated.Format(time.RFC3339))
		f.raw("changes", "")
		f.raw("  - date", o.updated.Format(time.DateOnly))
		f.scalar("    note", changeNotes[o.changeNote].en)
	}
	f.list("department", names(o.depts, func(x *department) string { return x.en }))
	f.scalar("category", o.cat.en)
	f.list("tags", names(o.tags, func(x *tag) string { return x.en }))
	f.scalar("index_no", o.indexNo)
	f.raw("written", o.written.Format(time.DateOnly))
	f.raw("effective", o.effective.Format(time.DateOnly))
	if !o.expires.IsZero() {
		f.raw("expires", o.expires.Format(time.DateOnly))
	}
	if !o.withdrawn.IsZero() {
		f.raw("status", "withdrawn")
		f.raw("withdrawn", "")
		f.raw("  date", o.withdrawn.Format(time.DateOnly))
		f.scalar("  reason", withdrawReasons[o.withdrawReason].en)
	}
	f.raw("lang", "en")
	f.scalar("translation_of", o.path)
	if len(o.appliesTo) > 0 {
		f.list("applies_to", pickNames(o.appliesTo, func(i int) string { return appliesTo[i].en }))
	}
	if o.contact != "" {
		f.scalar("contact", englishContact(o))
	}
	return f.String() + "\n" + g.englishBody(d)
}

func englishTitle(o *doc) string {
	return capitalize(fill(noticeTitles[o.titleForm].en, map[string]string{"t": o.topic.en + o.qualifier.en, "y": strconv.Itoa(o.date.Year())}))
}

func englishContact(o *doc) string {
	phone := o.contact[strings.LastIndexByte(o.contact, ' ')+1:]
	return o.depts[0].en + ", " + phone
}

func names[T any](xs []*T, name func(*T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

func pickNames(idx []int, name func(int) string) []string {
	out := make([]string, len(idx))
	for i, x := range idx {
		out[i] = name(x)
	}
	return out
}

// frontMatter writes YAML front matter line by line, quoting only the
// values that need it, as a clerk would.
type frontMatter struct{ b strings.Builder }

func (f *frontMatter) raw(key, value string) {
	if f.b.Len() == 0 {
		f.b.WriteString("---\n")
	}
	f.b.WriteString(key)
	f.b.WriteByte(':')
	if value != "" {
		f.b.WriteByte(' ')
		f.b.WriteString(value)
	}
	f.b.WriteByte('\n')
}

func (f *frontMatter) scalar(key, value string) { f.raw(key, yamlScalar(value, false)) }

func (f *frontMatter) list(key string, values []string) {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = yamlScalar(v, true)
	}
	f.raw(key, "["+strings.Join(quoted, ", ")+"]")
}

func (f *frontMatter) String() string { return f.b.String() + "---\n" }

// yamlScalar returns s as a plain YAML scalar when that reads back as the
// same string, else double-quoted. In a flow list (inFlow) commas and
// brackets need quotes too.
func yamlScalar(s string, inFlow bool) string {
	plain := s != "" && strings.TrimSpace(s) == s &&
		!strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`0123456789") &&
		!strings.Contains(s, ": ") && !strings.Contains(s, " #") && !strings.HasSuffix(s, ":") &&
		!strings.ContainsAny(s, "\"'\\\n\t") &&
		!(inFlow && strings.ContainsAny(s, ",[]{}"))
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "~":
		plain = false
	}
	if plain {
		return s
	}
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// body writes a Chinese body: an opening paragraph, two to five numbered
// sections of prose with a list or a table in some, a link to another
// document, and the closing and signature of an official notice.
func (g *generator) body(d *doc) string {
	b := &bodyBuilder{g: g, d: d}
	paragraphs := 3 + g.pick(8) // prose paragraphs, 3 to 10
	target := min(MaxBodyChars, max(MinBodyChars, paragraphs*(150+g.pick(150))))

	headings, pool := noticeHeadings, bodySentences
	switch d.kind {
	case policy:
		headings, pool = policyHeadings, slices.Concat(policySentences, bodySentences)
	case interpretation:
		headings, pool = interpretationHeadings, slices.Concat(interpretationSentences, bodySentences)
	}
	b.deck = &deck{pool: pool}
	sections := min(paragraphs-1, 2+g.pick(4))
	chosen := g.r.Perm(len(headings))[:sections]
	slices.Sort(chosen)

	b.paragraph(g.opening(d))
	perSection := make([]int, sections) // prose paragraphs per section
	for i := range paragraphs - 1 {
		perSection[i%sections]++
	}
	listAt, tableAt := -1, -1
	if g.chance(0.6) {
		listAt = g.pick(sections)
	}
	if d.kind == notice && g.chance(0.3) {
		tableAt = g.pick(sections)
	}
	for s, h := range chosen {
		if d.kind == interpretation {
			b.heading(headings[h])
		} else {
			b.heading(chineseNumbers[s] + "、" + headings[h])
		}
		for p := range perSection[s] {
			b.paragraph(b.sentence())
			if p == 0 && s == listAt {
				b.list()
			}
			if p == 0 && s == tableAt {
				b.table()
			}
		}
	}
	// The link, and what the document replaces, end the last prose
	// paragraph; the closing follows, so they read as the end.
	if d.link != nil && d.kind != interpretation {
		b.appendLast(fill(linkSentences[g.pick(len(linkSentences))], map[string]string{"link": mdLink(d.link.title, relPath(d.path, d.link.path))}))
	}
	if d.supersedes != nil {
		b.appendLast("本文件自发布之日起施行，" + mdLink(d.supersedes.title, relPath(d.path, d.supersedes.path)) + "同时废止。")
	}
	var closing []string
	switch d.kind {
	case notice:
		if strings.HasSuffix(d.title, "通知") {
			closing = []string{"特此通知。", b.signature()}
		} else {
			closing = []string{"特此公告。", b.signature()}
		}
	case policy:
		closing = []string{"本文件自" + chineseDate(d.effective) + "起施行，由" + d.depts[0].name + "负责解释。", b.signature()}
	}
	b.fillTo(target, closing)
	for _, c := range closing {
		b.add(c)
	}
	return b.String()
}

// opening is the first paragraph: why the document exists.
func (g *generator) opening(d *doc) string {
	if d.kind == interpretation {
		p := d.interprets
		return "近日，" + p.depts[0].name + "印发了" + mdLink(p.title, relPath(d.path, p.path)) + "（" + p.docNumber + "）。为帮助企业和群众准确理解、用好政策，现就社会关注的主要问题解读如下。"
	}
	return fillFunc(openings[g.pick(len(openings))], func(key string) string { return g.slot(d, key, false) })
}

// sentence deals the next sentence of the document.
func (b *bodyBuilder) sentence() string {
	english := b.d.kind == translation
	s := fillFunc(b.g.draw(b.deck), func(key string) string { return b.g.slot(b.d, key, english) })
	if english {
		s = capitalize(s)
	}
	return s
}

// slot draws the value of one {key} in a sentence template.
func (g *generator) slot(d *doc, key string, english bool) string {
	o := d
	if d.original != nil {
		o = d.original
	}
	if alts := strings.Split(key, "|"); len(alts) > 1 {
		return alts[g.pick(len(alts))]
	}
	switch key {
	case "topic":
		if english {
			return o.topic.en
		}
		return o.topic.zh
	case "dept":
		if english {
			return "the " + o.depts[0].en
		}
		return o.depts[0].name
	case "short":
		return o.depts[0].short
	case "year":
		return strconv.Itoa(o.date.Year())
	case "date":
		t := o.date.AddDate(0, 0, 5+g.pick(40))
		if english {
			return t.Format("2 January 2006")
		}
		return chineseDate(t)
	case "district":
		i := g.pick(len(districts))
		if english {
			return districts[i].en
		}
		return districts[i].zh
	case "num":
		return strconv.Itoa(3 + g.pick(57))
	case "days":
		return strconv.Itoa(3 + g.pick(13))
	case "phone":
		return g.phone()
	}
	panic("corpus: unknown slot {" + key + "}")
}

// relPath is the link from the document at from to the one at to, both
// content paths, as a clerk writes it: "00012-x.md" in the same folder,
// "../notices/00012-x.md" across folders.
func relPath(from, to string) string {
	if path.Dir(from) == path.Dir(to) {
		return path.Base(to)
	}
	return "../" + to
}

func mdLink(title, target string) string { return "[《" + title + "》](" + target + ")" }

func chineseDate(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), t.Month(), t.Day())
}

func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// deck deals sentence templates from a pool in a shuffled order, so a
// document repeats a template only after it has used them all.
type deck struct {
	pool  []string
	order []int
}

func (g *generator) draw(dk *deck) string {
	if len(dk.order) == 0 {
		dk.order = g.r.Perm(len(dk.pool))
	}
	s := dk.pool[dk.order[0]]
	dk.order = dk.order[1:]
	return s
}

// bodyBuilder assembles a body from blocks and keeps count of its length
// in characters, so prose can be added until a target length.
type bodyBuilder struct {
	g       *generator
	d       *doc
	deck    *deck
	blocks  []string
	prose   []int // indexes of prose paragraphs in blocks
	chars   int
	english bool
}

func (b *bodyBuilder) add(block string) {
	if len(b.blocks) > 0 {
		b.chars += 2 // the blank line between blocks
	}
	b.blocks = append(b.blocks, block)
	b.chars += utf8.RuneCountInString(block)
}

func (b *bodyBuilder) heading(text string) { b.add("## " + text) }

func (b *bodyBuilder) paragraph(text string) {
	b.prose = append(b.prose, len(b.blocks))
	b.add(text)
}

// appendLast adds a sentence to the end of the last prose paragraph, not
// to a list or table that may follow it.
func (b *bodyBuilder) appendLast(sentence string) {
	if b.english {
		sentence = " " + sentence
	}
	b.blocks[b.prose[len(b.prose)-1]] += sentence
	b.chars += utf8.RuneCountInString(sentence)
}

// fillTo adds sentences to random prose paragraphs until the body
// reaches target characters, without going over MaxBodyChars.
// The closing blocks still to come count towards both.
func (b *bodyBuilder) fillTo(target int, closing []string) {
	limit := MaxBodyChars - 2 // the body's leading blank line and final newline
	for _, c := range closing {
		limit -= utf8.RuneCountInString(c) + 2
	}
	target = min(target, limit)
	for tries := 0; b.chars < target && tries < 200; tries++ {
		s := b.sentence()
		if b.chars+utf8.RuneCountInString(s)+1 > limit {
			continue
		}
		b.insert(b.prose[b.g.pick(len(b.prose))], s)
	}
}

// insert puts sentence s into prose block i after its first sentence, so
// the opening keeps its lead and a closing link sentence stays last.
func (b *bodyBuilder) insert(i int, s string) {
	block := b.blocks[i]
	sep := "。"
	if b.english {
		sep = ". "
	}
	k := strings.Index(block, sep)
	switch {
	case k < 0 || k+len(sep) >= len(block):
		if b.english {
			s = " " + s
		}
		b.blocks[i] = block + s
	default:
		k += len(sep)
		if b.english {
			s += " "
		}
		b.blocks[i] = block[:k] + s + block[k:]
	}
	b.chars += utf8.RuneCountInString(s)
}

// list adds an introduction and a bulleted list of documents to bring, or
// a numbered list of steps.
func (b *bodyBuilder) list() {
	g := b.g
	if b.english {
		b.add("How to apply:")
		var items []string
		for i, s := range englishSteps {
			items = append(items, fmt.Sprintf("%d. %s", i+1, s))
		}
		b.add(strings.Join(items, "\n"))
		return
	}
	if g.chance(0.5) {
		b.add("申请人需提供以下材料：")
		idx := g.r.Perm(len(materials))[:3+g.pick(3)]
		slices.Sort(idx)
		items := make([]string, len(idx))
		for i, m := range idx {
			items[i] = "- " + materials[m] + "；"
		}
		items[len(items)-1] = strings.TrimSuffix(items[len(items)-1], "；") + "。"
		b.add(strings.Join(items, "\n"))
		return
	}
	b.add("办理流程如下：")
	items := make([]string, len(steps))
	for i, s := range steps {
		items[i] = fmt.Sprintf("%d. %s", i+1, fill(s, map[string]string{"topic": b.d.topic.zh}))
	}
	b.add(strings.Join(items, "\n"))
}

// table adds the service points of three to six districts.
func (b *bodyBuilder) table() {
	g := b.g
	b.add("各区县服务地点及咨询电话如下：")
	rows := []string{"| 区县 | 服务地点 | 咨询电话 |", "| --- | --- | --- |"}
	idx := g.r.Perm(len(districts))[:3+g.pick(4)]
	slices.Sort(idx)
	for _, i := range idx {
		place := districts[i].zh + "政务服务中心"
		if g.chance(0.5) {
			place = fmt.Sprintf("%s%s路%d号", districts[i].zh, roads[g.pick(len(roads))], 1+g.pick(300))
		}
		rows = append(rows, fmt.Sprintf("| %s | %s | %s |", districts[i].zh, place, g.phone()))
	}
	b.add(strings.Join(rows, "\n"))
}

// signature is the issuer block: each department on its own line, then
// the date written, joined by hard line breaks.
func (b *bodyBuilder) signature() string {
	lines := names(b.d.depts, func(x *department) string { return x.name })
	lines = append(lines, chineseDate(b.d.written))
	return strings.Join(lines, "\\\n")
}

func (b *bodyBuilder) String() string { return strings.Join(b.blocks, "\n\n") + "\n" }

// englishBody writes the body of a translation: shorter sections of
// English prose with a numbered list in some, and a link to another
// translated notice.
func (g *generator) englishBody(d *doc) string {
	o := d.original
	b := &bodyBuilder{g: g, d: d, english: true, deck: &deck{pool: englishSentences}}
	paragraphs := 3 + g.pick(5)
	sections := min(paragraphs-1, 2+g.pick(3))
	chosen := g.r.Perm(len(englishHeadings))[:sections]
	slices.Sort(chosen)
	b.paragraph(capitalize(fillFunc(englishOpenings[g.pick(len(englishOpenings))], func(key string) string { return g.slot(d, key, true) })))
	listAt := -1
	if g.chance(0.4) {
		listAt = g.pick(sections)
	}
	for s, h := range chosen {
		b.heading(fmt.Sprintf("%d. %s", s+1, englishHeadings[h]))
		for p := range max(1, (paragraphs-1)/sections) {
			b.paragraph(b.sentence())
			if p == 0 && s == listAt {
				b.list()
			}
		}
	}
	if d.link != nil {
		b.appendLast("See also [" + englishTitle(d.link.original) + "](" + path.Base(d.link.path) + ").")
	}
	lines := names(o.depts, func(x *department) string { return x.en })
	lines = append(lines, o.written.Format("2 January 2006"))
	signature := strings.Join(lines, "\\\n")
	b.fillTo(600+g.pick(1200), []string{signature})
	b.add(signature)
	return b.String()
}

// The data the corpus is drawn from. All of it is slices, never maps, so
// drawing from it is deterministic.

type department struct {
	name, en string
	short    string // as in a contact line: 市卫健委
	abbr     string // in document numbers: 示卫
	code     string // organisation code in index numbers
}

type category struct {
	zh, en string
	tag    tag   // the category's broad tag
	depts  []int // indexes into departments of the usual issuers
}

type topic struct {
	cat          int // index into categories
	zh, en, slug string
	tag          tag
}

type tag struct{ zh, en string }

type pair struct{ zh, en string }

var departments = []department{
	{"示例市人民政府办公室", "General Office of the Example City Government", "市政府办公室", "示政办", "113701000045100011"},   // 0
	{"示例市发展和改革委员会", "Example City Development and Reform Commission", "市发展改革委", "示发改", "113701000045100022"}, // 1
	{"示例市教育局", "Example City Education Bureau", "市教育局", "示教", "113701000045100033"},                          // 2
	{"示例市科学技术局", "Example City Science and Technology Bureau", "市科技局", "示科", "113701000045100044"},           // 3
	{"示例市工业和信息化局", "Example City Industry and Information Technology Bureau", "市工业和信息化局", "示工信", "113701000045100055"},
	{"示例市公安局", "Example City Public Security Bureau", "市公安局", "示公", "113701000045100066"},                             // 5
	{"示例市民政局", "Example City Civil Affairs Bureau", "市民政局", "示民", "113701000045100077"},                               // 6
	{"示例市司法局", "Example City Justice Bureau", "市司法局", "示司", "113701000045100088"},                                     // 7
	{"示例市财政局", "Example City Finance Bureau", "市财政局", "示财", "113701000045100099"},                                     // 8
	{"示例市人力资源和社会保障局", "Example City Human Resources and Social Security Bureau", "市人社局", "示人社", "113701000045100101"}, // 9
	{"示例市自然资源和规划局", "Example City Natural Resources and Planning Bureau", "市自然资源和规划局", "示自然资规", "113701000045100112"},
	{"示例市生态环境局", "Example City Ecology and Environment Bureau", "市生态环境局", "示环", "113701000045100123"},                  // 11
	{"示例市住房和城乡建设局", "Example City Housing and Urban-Rural Development Bureau", "市住房城乡建设局", "示建", "113701000045100134"}, // 12
	{"示例市交通运输局", "Example City Transport Bureau", "市交通运输局", "示交", "113701000045100145"},                                // 13
	{"示例市水务局", "Example City Water Affairs Bureau", "市水务局", "示水", "113701000045100156"},                                // 14
	{"示例市农业农村局", "Example City Agriculture and Rural Affairs Bureau", "市农业农村局", "示农", "113701000045100167"},            // 15
	{"示例市商务局", "Example City Commerce Bureau", "市商务局", "示商", "113701000045100178"},                                     // 16
	{"示例市文化和旅游局", "Example City Culture and Tourism Bureau", "市文化和旅游局", "示文旅", "113701000045100189"},                   // 17
	{"示例市卫生健康委员会", "Example City Health Commission", "市卫生健康委", "示卫", "113701000045100190"},                             // 18
	{"示例市退役军人事务局", "Example City Veterans Affairs Bureau", "市退役军人事务局", "示退役", "113701000045100201"},                    // 19
	{"示例市应急管理局", "Example City Emergency Management Bureau", "市应急管理局", "示应急", "113701000045100212"},                    // 20
	{"示例市审计局", "Example City Audit Bureau", "市审计局", "示审", "113701000045100223"},                                        // 21
	{"示例市市场监督管理局", "Example City Market Regulation Administration", "市市场监管局", "示市监", "113701000045100234"},             // 22
	{"示例市体育局", "Example City Sports Bureau", "市体育局", "示体", "113701000045100245"},                                       // 23
	{"示例市统计局", "Example City Statistics Bureau", "市统计局", "示统", "113701000045100256"},                                   // 24
	{"示例市医疗保障局", "Example City Healthcare Security Bureau", "市医保局", "示医保", "113701000045100267"},                       // 25
	{"示例市城市管理局", "Example City Urban Management Bureau", "市城管局", "示城管", "113701000045100278"},                          // 26
	{"示例市行政审批服务局", "Example City Administrative Approval Bureau", "市行政审批服务局", "示审批", "113701000045100289"},             // 27
	{"示例市大数据局", "Example City Big Data Bureau", "市大数据局", "示数据", "113701000045100290"},                                  // 28
	{"示例市地方金融监督管理局", "Example City Local Financial Supervision Bureau", "市地方金融监管局", "示金融", "113701000045100301"},       // 29
	{"示例市新冠肺炎疫情防控指挥部办公室", "Office of the Example City COVID-19 Prevention and Control Headquarters", "市疫情防控指挥部办公室", "示防控办", "113701000045100312"},
	{"示例市气象局", "Example City Meteorological Bureau", "市气象局", "示气", "113701000045100323"}, // 31
}

var categories = []category{
	{"卫生健康", "Health", tag{"公共卫生", "public health"}, []int{18, 30, 25, 22}},
	{"社会保障", "Social Security", tag{"社会保险", "social insurance"}, []int{9, 6, 25, 19}},
	{"教育", "Education", tag{"学校", "schools"}, []int{2, 23}},
	{"交通运输", "Transport", tag{"出行", "getting around"}, []int{13, 5}},
	{"城乡建设", "Housing and Urban Development", tag{"住房", "housing"}, []int{12, 10, 26}},
	{"生态环境", "Environment", tag{"环境保护", "environmental protection"}, []int{11, 14, 31}},
	{"市场监管", "Market Regulation", tag{"消费维权", "consumer rights"}, []int{22, 16}},
	{"公共安全", "Public Safety", tag{"应急管理", "emergency management"}, []int{20, 5, 31}},
	{"文化旅游", "Culture and Tourism", tag{"文化活动", "cultural events"}, []int{17, 23}},
	{"农业农村", "Agriculture", tag{"乡村振兴", "rural revitalisation"}, []int{15, 14}},
	{"财政金融", "Finance", tag{"财政资金", "public funds"}, []int{8, 29, 21, 24}},
	{"政务服务", "Government Services", tag{"一网通办", "one-stop services"}, []int{0, 27, 28, 7, 1, 3, 4}},
}

var topics = []topic{
	{0, "新冠疫苗接种", "COVID-19 vaccination", "vaccination", tag{"新冠疫苗", "COVID-19 vaccines"}},
	{0, "核酸检测", "nucleic acid testing", "nucleic-acid-testing", tag{"核酸检测", "nucleic acid tests"}},
	{0, "老年人健康体检", "health checks for older people", "health-checks", tag{"健康体检", "health checks"}},
	{0, "家庭医生签约服务", "family doctor contracts", "family-doctors", tag{"家庭医生", "family doctors"}},
	{1, "城乡居民养老保险缴费", "pension contributions of residents", "pension-contributions", tag{"养老保险", "pensions"}},
	{1, "城乡居民医保参保登记", "medical insurance enrolment", "medical-insurance", tag{"医疗保险", "medical insurance"}},
	{1, "困难群众临时救助", "temporary relief for families in need", "temporary-relief", tag{"临时救助", "temporary relief"}},
	{1, "高校毕业生就业补贴", "employment subsidies for graduates", "graduate-subsidies", tag{"高校毕业生", "graduates"}},
	{2, "义务教育学校招生", "school admissions", "school-admissions", tag{"招生入学", "admissions"}},
	{2, "家庭经济困难学生资助", "financial aid for students", "student-aid", tag{"学生资助", "student aid"}},
	{2, "校园食品安全", "school food safety", "school-food-safety", tag{"校园安全", "school safety"}},
	{2, "中小学课后服务", "after-school care", "after-school-care", tag{"课后服务", "after-school care"}},
	{3, "道路施工交通管制", "road works and traffic control", "road-works", tag{"交通管制", "traffic control"}},
	{3, "公交线路调整", "bus route changes", "bus-routes", tag{"公交", "buses"}},
	{3, "公共停车场收费", "public car park charges", "parking-charges", tag{"停车", "parking"}},
	{3, "节假日交通保障", "holiday traffic arrangements", "holiday-traffic", tag{"交通保障", "traffic arrangements"}},
	{4, "老旧小区改造", "renovation of old residential estates", "estate-renovation", tag{"老旧小区", "old estates"}},
	{4, "公共租赁住房申请", "public rental housing applications", "public-rental-housing", tag{"公租房", "public rental housing"}},
	{4, "城镇燃气安全检查", "gas safety inspections", "gas-safety", tag{"燃气安全", "gas safety"}},
	{4, "建筑工地扬尘治理", "dust control on building sites", "construction-dust", tag{"扬尘治理", "dust control"}},
	{5, "重污染天气应对", "heavy pollution alerts", "pollution-alerts", tag{"大气污染", "air pollution"}},
	{5, "生活垃圾分类", "household waste sorting", "waste-sorting", tag{"垃圾分类", "waste sorting"}},
	{5, "河道综合整治", "river clean-up", "river-cleanup", tag{"河道整治", "rivers"}},
	{5, "城区供水管网检修", "water mains maintenance", "water-mains", tag{"供水", "water supply"}},
	{6, "食品安全监督抽检", "food safety sampling", "food-safety-sampling", tag{"食品安全", "food safety"}},
	{6, "节日市场价格监督", "holiday price monitoring", "price-monitoring", tag{"价格监督", "price monitoring"}},
	{6, "消费券发放", "consumer vouchers", "consumer-vouchers", tag{"消费券", "consumer vouchers"}},
	{6, "市场主体年度报告", "annual reports of businesses", "annual-reports", tag{"年度报告", "annual reports"}},
	{7, "汛期防汛", "flood season preparedness", "flood-season", tag{"防汛", "flood control"}},
	{7, "森林防火", "forest fire prevention", "forest-fire-prevention", tag{"森林防火", "forest fires"}},
	{7, "安全生产大检查", "workplace safety inspections", "workplace-safety", tag{"安全生产", "workplace safety"}},
	{7, "烟花爆竹燃放管理", "fireworks rules", "fireworks", tag{"烟花爆竹", "fireworks"}},
	{8, "A级旅游景区开放", "opening of scenic areas", "scenic-areas", tag{"旅游景区", "scenic areas"}},
	{8, "文化惠民演出", "free public performances", "free-performances", tag{"惠民演出", "performances"}},
	{8, "全民健身运动会", "community sports games", "sports-games", tag{"全民健身", "fitness for all"}},
	{8, "公共图书馆服务", "public library services", "library-services", tag{"图书馆", "libraries"}},
	{9, "春耕备耕", "spring farming preparations", "spring-farming", tag{"春耕", "spring farming"}},
	{9, "耕地地力保护补贴", "farmland protection subsidies", "farmland-subsidies", tag{"耕地保护", "farmland protection"}},
	{9, "动物疫病防控", "animal disease control", "animal-disease", tag{"动物防疫", "animal health"}},
	{9, "农产品产销对接", "farm produce markets", "farm-produce", tag{"农产品", "farm produce"}},
	{10, "部门预算公开", "department budget disclosure", "budget-disclosure", tag{"预算公开", "budgets"}},
	{10, "政府采购", "government procurement", "procurement", tag{"政府采购", "procurement"}},
	{10, "防范非法集资", "illegal fundraising warnings", "illegal-fundraising", tag{"非法集资", "illegal fundraising"}},
	{10, "经济普查", "economic census", "economic-census", tag{"统计调查", "statistics"}},
	{11, "政务服务事项网上办理", "online government services", "online-services", tag{"网上办事", "online services"}},
	{11, "节假日政务服务安排", "holiday service hours", "service-hours", tag{"办事时间", "opening hours"}},
	{11, "法律援助", "legal aid", "legal-aid", tag{"法律援助", "legal aid"}},
	{11, "政务服务便民热线", "the 12345 hotline", "hotline", tag{"政务热线", "hotlines"}},
}

// generalTags are drawn at random on top of a document's topic and
// category tags.
var generalTags = []tag{
	{"便民服务", "public services"}, {"惠民政策", "benefits"}, {"安全提示", "safety reminders"},
	{"疫情防控", "epidemic prevention"}, {"节假日", "public holidays"}, {"征求意见", "public consultation"},
	{"补贴", "subsidies"}, {"行政许可", "permits"}, {"公示", "public announcements"},
	{"监督检查", "inspections"}, {"培训", "training"}, {"老年人", "older people"},
	{"儿童", "children"}, {"残疾人", "people with disabilities"}, {"农村", "rural areas"},
	{"企业", "businesses"}, {"社区", "communities"}, {"志愿服务", "volunteering"},
	{"招聘", "recruitment"}, {"信息公开", "open government"},
}

// explainerTag marks interpretation pages.
var explainerTag = tag{"政策解读", "policy explainers"}

// noticeTitles are title forms; {t} is the topic, {y} the year.
var noticeTitles = []pair{
	{"关于做好{y}年{t}工作的通知", "notice on {t} in {y}"},
	{"关于{t}有关事项的通告", "announcement on matters concerning {t}"},
	{"关于开展{t}专项行动的通知", "notice on a special campaign for {t}"},
	{"{y}年{t}工作安排的公告", "arrangements for {t} in {y}"},
	{"关于进一步加强{t}管理的通知", "notice on stronger management of {t}"},
	{"关于{t}的温馨提示", "a reminder about {t}"},
	{"关于印发{y}年{t}实施方案的通知", "notice on the {y} implementation plan for {t}"},
	{"关于{t}名单的公示", "public list for {t}"},
	{"关于调整{t}相关措施的通告", "announcement on changes to {t}"},
	{"关于{t}办法公开征求意见的公告", "public consultation on draft rules for {t}"},
}

var policyTitles = []string{
	"示例市{t}管理办法",
	"关于进一步做好{t}工作的实施意见",
	"示例市{t}实施细则",
	"关于支持{t}的若干措施",
	"示例市{t}三年行动计划（{y}—{y2}年）",
}

var summaries = []string{
	"本通知明确了{t}的实施范围、办理流程和工作要求，请相关单位和市民知悉。",
	"{dept}就{t}作出安排，符合条件的市民和企业可按本文规定办理。",
	"围绕{t}，本文件提出了具体措施，并公布了咨询电话。",
	"为做好{t}，现将时间安排、办理地点和注意事项告知如下。",
}

var changeNotes = []pair{
	{"更正咨询电话。", "Corrected the enquiry telephone number."},
	{"补充办理地点。", "Added a service location."},
	{"延长申请截止时间。", "Extended the application deadline."},
	{"修正附表中的错别字。", "Fixed typing errors in the table."},
}

var withdrawReasons = []pair{
	{"因上级政策调整，本通知停止执行。", "Withdrawn because the policy it implements has changed."},
	{"通知内容有误，已重新发布更正后的版本。", "The notice contained errors; a corrected version has been published."},
	{"相关活动因天气原因取消。", "The event was cancelled because of the weather."},
	{"因疫情防控需要，原定安排取消。", "The arrangements were cancelled for epidemic prevention."},
}

var appliesTo = []pair{
	{"全市居民", "All residents"}, {"各区县人民政府", "District and county governments"},
	{"市直各部门", "City government departments"}, {"辖区内各类企业", "Businesses in the city"},
	{"在示务工人员", "Migrant workers in Example City"}, {"60周岁以上老年人", "People aged 60 and over"},
	{"在校学生及家长", "Students and parents"}, {"个体工商户", "Self-employed traders"},
}

var offices = []string{"办公室", "政策法规科", "综合科", "政务服务窗口", "业务科"}

var districts = []pair{
	{"东城区", "Dongcheng District"}, {"西湖区", "Xihu District"}, {"南山区", "Nanshan District"},
	{"北塘区", "Beitang District"}, {"高新区", "the High-Tech Zone"}, {"临江县", "Linjiang County"},
	{"青山县", "Qingshan County"}, {"示例新区", "Example New Area"},
}

var seasons = []pair{{"春季", "spring"}, {"夏季", "summer"}, {"秋季", "autumn"}, {"冬季", "winter"}}

var roads = []string{"和平", "建设", "人民", "解放", "文化", "新华", "青年", "滨河"}

var chineseNumbers = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}

var noticeHeadings = []string{
	"总体要求", "工作目标", "实施范围", "主要内容", "申请条件", "补贴标准", "办理流程",
	"时间安排", "服务方式", "工作要求", "监督管理", "保障措施", "注意事项", "其他事项",
}

var policyHeadings = []string{
	"总体要求", "基本原则", "主要目标", "重点任务", "支持措施", "申报程序", "资金管理",
	"组织保障", "监督考核", "附则",
}

var interpretationHeadings = []string{
	"为什么要出台这项政策？", "政策的适用对象有哪些？", "主要有哪些支持措施？",
	"怎样申请？需要准备哪些材料？", "政策什么时候开始实施？", "与以往政策相比有哪些变化？",
	"遇到问题可以向谁咨询？",
}

var englishHeadings = []string{
	"Background", "Scope", "Main measures", "How to apply", "Timetable",
	"Requirements", "Points to note", "Contact",
}

// Sentence templates. Slots: {topic}, {dept} (the lead issuer), {short}
// (its short name), {year}, {date} (a few weeks after publication),
// {district}, {num}, {days}, {phone}; each slot draws anew. {a|b|c} picks
// one of its words, so two long documents built from the same templates
// still read differently (bulletin check flags bodies 80% alike).
var openings = []string{
	"为切实做好{topic}工作，保障人民群众切身利益，根据国家和省有关规定，结合我市实际，现将有关事项通知如下。",
	"近期，我市{topic}工作进入关键阶段，为确保各项措施落到实处，现就有关事项公告如下。",
	"按照市委、市政府统一部署，{dept}决定自{date}起在全市范围内开展{topic}工作。",
	"为进一步提升{topic}服务水平，方便企业和群众办事，经研究，决定对相关工作作出如下安排。",
	"{year}年以来，全市各级各部门认真落实{topic}各项要求，取得了阶段性成效，但部分环节仍较薄弱。",
	"为回应社会关切，推动{topic}工作规范有序开展，现将具体安排公布如下，请广大市民知悉。",
	"根据上级工作要求，经市政府同意，{dept}将在{district}等地先行开展{topic}试点。",
}

var bodySentences = []string{
	"{各区县|各县（市、区）|各有关单位}要{高度重视|提高认识|加强组织领导}，明确责任分工，确保{topic}各项任务{按期完成|落到实处|取得实效}。",
	"{district}{率先开展试点|先行先试}，在{总结经验|评估效果}的基础上，{逐步在全市推开|年内推广到全市}。",
	"符合条件的{申请人|居民|企业}可于{date}前向{所在街道（乡镇）便民服务中心|区县政务服务中心|户籍所在地社区}提出申请。",
	"申请材料齐全、符合法定形式的，受理部门应当场受理；材料不全的，应{一次性告知|当场书面告知}需要补正的全部内容。",
	"相关费用由{市、区两级财政按比例分担|市级财政统筹安排|各区县财政负担}，任何单位和个人不得以任何名义向群众收取费用。",
	"全市共设置{num}个{服务点|受理窗口|办理网点}，{工作日|周一至周五}上午9:00至12:00、下午{13:30|14:00}至17:00正常办理业务。",
	"对{弄虚作假|虚报冒领}、骗取补贴的，一经查实，将依法追回资金，并{纳入社会信用记录|依法追究相关责任}。",
	"各有关单位要加强信息公开，及时通过{政府网站、政务新媒体|新闻发布会、政务公开栏}等渠道发布工作进展。",
	"工作人员将按照“{最多跑一次|一网通办|只进一扇门}”的要求，优化办理流程，{压缩办理时限|减少证明材料}。",
	"请{广大市民|有关单位和个人}提前做好安排，{错峰前往办理|尽量通过网上办理}，避免长时间排队等候。",
	"行动不便的{老年人、残疾人|高龄老人和重度残疾人}可拨打{phone}预约上门服务。",
	"{dept}将会同{有关部门|相关单位}开展{督导检查|明察暗访}，对{工作推进缓慢|落实不力}的单位进行通报。",
	"实施过程中如遇{国家和省|上级}政策调整，按新的规定执行。",
	"各街道、社区要发挥{网格员|楼长和志愿者}作用，{逐户宣传|入户走访}，做到应知尽知。",
	"本次工作{涉及面广、时间紧、任务重|政策性强、社会关注度高}，各单位要统筹安排人员力量，确保平稳有序。",
	"办理结果将在{days}个工作日内通过{短信|电话|“示例通”APP消息}告知申请人。",
	"市民可通过“示例通”APP、{政务服务网|微信公众号}或12345政务服务便民热线查询办理进度。",
	"对群众反映的问题，承办单位应在{days}个工作日内{答复|办结}，并做好记录归档。",
	"截至目前，全市已累计{完成|受理}{topic}相关事项{num}00余件，群众满意度{持续提升|保持在较高水平}。",
	"请各单位于每月{5|10|15}日前将上月工作进展情况报送{short}。",
	"各区县可结合本地实际制定{具体实施办法|实施细则}，并报市级主管部门备案。",
	"在开展{topic}过程中，要严格落实{安全防范措施|疫情防控要求}，防止发生{意外事故|聚集性风险}。",
	"对{表现突出|成绩显著}的单位和个人，将按照有关规定给予{通报表扬|表彰奖励}。",
	"实施期间，{district}部分{路段和场所|公共区域}将采取临时管理措施，请市民留意现场提示。",
	"涉及群众切身利益的事项，应当充分听取{意见|群众和专家意见}，必要时组织听证。",
	"相关数据将严格按照个人信息保护的有关规定{管理使用|存储和使用}，不会用于其他用途。",
	"请{广大市民|社会各界}关注本站通知公告栏目，以最新发布的信息为准。",
	"资金拨付实行{专账管理|国库集中支付}，专款专用，接受审计和社会监督。",
	"鼓励{社会组织、志愿者和企业|行业协会和爱心人士}积极参与，形成共建共治共享的良好局面。",
	"各级工作人员要{文明服务、热情解答|耐心细致、规范办理}，不得推诿扯皮。",
	"初审通过的名单将在{社区公示栏|村（居）务公开栏}和政府网站同步公示{days}天。",
	"公示期间，任何单位和个人如有异议，可以{书面形式|实名方式}向{dept}反映。",
	"请有关企业于{date}前登录{系统|“示例通”企业服务专区}完成信息填报，逾期未填报的视为自动放弃。",
	"{天气变化|汛期强降雨|节假日客流}可能影响工作安排，如有调整将另行通知。",
	"{district}将安排{num}名{工作人员和志愿者|网格员和社区工作者}在现场引导，维护秩序。",
	"对群众反映集中的问题，{short}将建立台账，{逐项跟踪办理|实行销号管理}。",
	"咨询电话：{phone}（{工作日9:00—17:00|工作日上午8:30—12:00，下午13:30—17:30}）。",
	"各部门要{加强协作配合|密切配合}，形成工作合力，避免{多头管理、重复检查|政出多门}。",
	"对工作中发现的问题要{立行立改|及时整改}，不能立即整改的要明确时限、落实责任。",
	"请各单位指定一名{联络员|分管负责同志}，负责日常工作对接和信息报送。",
	"{district}等地要结合辖区实际细化工作措施，确保{不漏一户、不落一人|应享尽享}。",
	"相关{补助|补贴}资金将在审核通过后{days}个工作日内直接发放到申请人{银行账户|社会保障卡}。",
	"市民在办理过程中遇到困难，可{现场向工作人员求助|向所在社区反映}，也可拨打{phone}咨询。",
	"请勿轻信{非官方渠道|网络上}发布的信息，谨防上当受骗。",
	"{short}将定期{抽查|通报}各区县工作开展情况，结果在全市范围内通报。",
	"各单位要严格执行{廉洁自律各项规定|中央八项规定精神}，坚决杜绝形式主义、官僚主义。",
	"为方便群众办理，{节假日期间|周末}部分服务窗口实行轮班制，正常受理业务。",
	"申请人对审核结果有异议的，可在收到通知之日起{days}日内申请复核。",
	"本年度计划投入资金{num}00万元，重点支持{基层和群众急需的项目|薄弱地区和重点人群}。",
	"各区县要建立工作台账，实行清单化管理，{每周|每月}更新进展情况。",
	"对未按规定落实相关要求的单位，将{依法依规责令限期整改|约谈主要负责人}。",
	"有关单位要做好应急预案，遇突发情况{及时处置并按程序报告|第一时间报告并妥善处置}。",
	"现场办理时请自觉遵守秩序，配合工作人员做好{身份核验|信息登记}。",
	"已办理过相关手续的，{无需重复提交材料|系统将自动续办}。",
	"社区工作人员将通过{电话、上门|走访、微信群}等方式，主动联系符合条件的{困难家庭|群众}。",
	"各新闻媒体要加强宣传引导，及时回应群众关切，营造{良好舆论氛围|全社会共同参与的氛围}。",
	"具体名单和金额将在政府网站“信息公开”栏目公布，接受社会监督。",
	"所需经费列入{部门年度预算|市级财政预算}，由财政部门统筹保障。",
	"请各区县于{date}前将工作方案报送{short}，逐级压实责任。",
	"今年以来，{district}已受理相关申请{num}0余件，办结率达到{九成以上|百分之九十五}。",
	"为减少群众等候时间，各服务点实行预约办理，可提前{一天|两天}通过电话或网上预约。",
	"各类企业应当落实主体责任，主动配合有关部门开展{检查|监督抽查}。",
	"未经批准，任何单位不得擅自变更{工作内容和标准|实施范围和时间}。",
	"市级有关部门将加强业务指导，组织开展{专题培训|业务轮训}，提升基层工作人员业务能力。",
	"{topic}工作情况将纳入{年度目标责任考核|营商环境评价}，考核结果向社会公开。",
	"群众对{topic}工作有意见建议的，可通过{市长信箱|12345热线|政府网站“我要留言”}反映。",
	"{year}年{一季度|上半年|前三季度}，全市{topic}相关指标{稳中有升|总体平稳}，但区域之间仍不平衡。",
	"对{district}反映的具体问题，{short}已{派员现场核实|组织专题会商}，将于{date}前反馈处理意见。",
	"涉及资金的事项一律实行公示制度，公示内容包括{申请对象、补助标准和资金数额|项目名称、实施单位和资金安排}。",
	"{topic}相关政策文件可在政府网站“政策文件”栏目查阅，也可到{district}政务服务中心{索取|现场咨询}。",
}

var policySentences = []string{
	"坚持以人民为中心，突出问题导向，统筹发展和安全，推动{topic}工作提质增效。",
	"到{year}年底，基本建立覆盖全市、运行高效的{topic}工作体系。",
	"市级财政每年安排专项资金，对{topic}相关项目给予支持，单个项目补助最高不超过{num}万元。",
	"建立由{dept}牵头、有关部门参加的联席会议制度，定期研究解决重大问题。",
	"将{topic}工作纳入各区县年度绩效考核，考核结果作为评先树优的重要依据。",
	"申报单位对所提交材料的真实性负责，主管部门应在{days}个工作日内完成审核。",
	"本办法实施前已经批准的事项，按原规定执行至期满。",
	"各区县应于每年年底前将本辖区{topic}工作情况书面报送{short}。",
}

var interpretationSentences = []string{
	"简单来说，这项政策就是让符合条件的群众少跑腿、得实惠。",
	"与以往相比，新政策放宽了申请条件，简化了证明材料，缩短了办理时限。",
	"政策出台前，{dept}通过座谈会、网上征求意见等方式听取了{num}条意见建议，大部分已被采纳。",
	"需要提醒的是，同一事项不能重复享受市、区两级支持。",
	"群众可以通过“示例通”APP在线提交申请，全程网上办理，不需要到现场。",
	"对政策执行中遇到的问题，可拨打{phone}咨询，也可以到{district}政务服务中心现场咨询。",
}

var linkSentences = []string{
	"有关背景情况可参阅此前发布的{link}。",
	"未尽事宜，参照{link}执行。",
	"相关工作要求详见{link}。",
	"本文件与{link}一并执行。",
}

var materials = []string{
	"本人有效身份证件原件及复印件",
	"户口簿或居住证",
	"近期一寸免冠照片2张",
	"申请表（可在政府网站下载）",
	"委托他人办理的，需提供授权委托书及受托人身份证件",
	"本人名下的银行账户信息",
	"营业执照副本及法定代表人身份证明",
	"其他需要提供的证明材料",
}

var steps = []string{
	"登录“示例通”APP或政务服务网，进入{topic}专区；",
	"按提示填写申请信息，上传所需材料；",
	"所在街道（乡镇）在5个工作日内完成初审；",
	"主管部门复核，并将结果公示；",
	"公示无异议的，按规定办理并告知申请人。",
}

var englishSteps = []string{
	"Open the Example City app or the government services website.",
	"Fill in the application form and upload the documents asked for.",
	"The sub-district or township office checks the application within five working days.",
	"The responsible department reviews it and publishes the result.",
}

var englishOpenings = []string{
	"to do a good job of {topic} and protect the interests of residents, the following arrangements are announced in line with national and provincial rules.",
	"{dept} will carry out {topic} across the city from {date}.",
	"in response to public concern and to make {topic} orderly and fair, the arrangements are published below.",
}

var englishSentences = []string{
	"district and county governments should give this work high priority and make clear who is responsible for each task.",
	"{district} will pilot the work first, and it will then be extended to the whole city.",
	"the Example City app lists every service point with its address and opening hours.",
	"staff will follow the principle that residents should need to visit at most once.",
	"applicants who disagree with the result may ask for a review within {days} days of being notified.",
	"eligible applicants may apply to the service centre of their sub-district or township before {date}.",
	"complete applications are accepted on the spot; if anything is missing, applicants are told at once everything they need to add.",
	"no organisation or individual may charge residents any fee for this service.",
	"there are {num} service points in the city, open on working days from 9:00 to 12:00 and from 13:30 to 17:00.",
	"anyone who obtains subsidies by fraud will have to repay them and will be entered in the social credit record.",
	"progress can be checked in the Example City app, on the government services website or through the 12345 hotline.",
	"older people and people with disabilities who find it hard to travel can book a home visit on {phone}.",
	"residents are asked to plan ahead and avoid peak hours to save waiting time.",
	"district governments may set out detailed measures that suit local conditions.",
	"the list of approved applicants will be published in the community and on the government website for {days} days.",
	"objections during the publication period can be made in writing to {dept}.",
	"some roads and venues in {district} will be subject to temporary arrangements; please follow the signs on site.",
	"personal data collected will be handled under the rules on personal information protection and used for no other purpose.",
	"please follow the Notices section of this site; the latest notice prevails.",
	"funds are managed in a dedicated account and are subject to audit and public supervision.",
	"volunteers, social organisations and businesses are welcome to take part.",
	"if national or provincial policies change during implementation, the new rules apply.",
	"questions and complaints can be made on {phone}.",
}
