package build

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"bulletin/generator/corpus"
	"bulletin/generator/output"
)

// The incremental tests edit a site on disk the way a clerk does while
// `bulletin serve` runs, call Builder.Rebuild with the paths that changed,
// and hold the output against a clean build of the same files: whatever
// the Builder skipped, the result must be the same bytes.

// incNow is the one "now" of these tests: every corpus page is published.
const incNow = corpus.Now

// TestIncrementalEqualsFullBuild applies a seeded random sequence of edits
// (bodies, titles, summaries, contacts and document numbers, dates, terms, new, deleted and renamed notices, expiry,
// withdrawal, supersedes, slugs, attachments added, removed and changed,
// aliases, urgent notices, the about page every page links, the
// configuration, the site's own templates, UI strings and stylesheet
// written and removed, broken front matter then fixed) and compares the
// Builder's output byte for byte with a full Run of the same files: in
// memory every five steps and after each fix, on disk at the end. Every
// comparison also rebuilds with nothing changed, which must write nothing.
// A failed step is logged with the seed's whole sequence, to replay it.
func TestIncrementalEqualsFullBuild(t *testing.T) {
	seeds := []uint64{1, 2, 3}
	steps := 40
	if testing.Short() {
		seeds, steps = seeds[:1], 20
	}
	for _, seed := range seeds {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			t.Parallel()
			e := newEditor(t, seed, 150)
			b := NewBuilder(e.options(e.dest))
			if res := b.Rebuild(nil); res.Failed {
				t.Fatalf("first build failed: %v", res.Diagnostics)
			}
			e.compare(b, "the first build")
			for step := 1; step <= steps; step++ {
				name, changed := e.randomEdit()
				what := fmt.Sprintf("step %d (%s: %s)", step, name, strings.Join(changed, ", "))
				t.Log(what)
				breaking := name == "break front matter"
				var before map[string][]byte
				if breaking {
					before = snapshot(t, e.dest)
				}
				res := b.Rebuild(changed)
				switch {
				case breaking && !res.Failed:
					t.Errorf("%s: the rebuild did not fail", what)
				case breaking:
					if err := diffTrees(before, snapshot(t, e.dest)); err != nil {
						t.Errorf("%s: the failed rebuild changed the output: %v", what, err)
					}
				}
				if res.Failed {
					e.compareDiagnostics(res, what) // the full build must fail the same way
				} else if step%5 == 0 {
					e.compare(b, what)
				}
				if breaking {
					changed = e.fixBroken()
					what = fmt.Sprintf("step %d (fix front matter: %s)", step, strings.Join(changed, ", "))
					if res := b.Rebuild(changed); res.Failed {
						t.Fatalf("%s: the rebuild after the fix failed: %v", what, res.Diagnostics)
					}
					e.compare(b, what)
				}
				if t.Failed() {
					t.FailNow() // later steps would only repeat the first mismatch
				}
			}
			e.compareOnDisk(b, "the last step")
		})
	}
}

// TestRebuildWritesOnlyWhatChanged checks that the incremental work is
// really smaller: a body edit rewrites a handful of files, the page among
// them; a template or configuration change rewrites everything.
func TestRebuildWritesOnlyWhatChanged(t *testing.T) {
	e := newEditor(t, 9, 150)
	b := NewBuilder(e.options(e.dest))
	first := b.Rebuild(nil)
	if first.Failed {
		t.Fatalf("first build failed: %v", first.Diagnostics)
	}
	total := len(snapshot(t, e.dest)) - 1 // without the output marker
	if first.Files != total {
		t.Errorf("the first build reports %d files written, the output holds %d", first.Files, total)
	}

	target := "content/notices/00100-" + e.slugOf(100) + ".md"
	page := "notices/" + strings.TrimSuffix(path.Base(target), ".md") + "/index.html"
	before := snapshot(t, e.dest)
	e.write(target, e.read(target)+"\n补充说明：本通知正文已更新。\n")
	res := b.Rebuild([]string{target})
	if res.Failed {
		t.Fatalf("body edit: %v", res.Diagnostics)
	}
	after := snapshot(t, e.dest)
	if bytes.Equal(before[page], after[page]) {
		t.Errorf("body edit: %s did not change", page)
	}
	if res.Files == 0 || res.Files*10 >= total {
		t.Errorf("body edit of one notice wrote %d of %d files, want at least 1 and under 10%%", res.Files, total)
	}
	if changed := countChanged(before, after); changed != res.Files {
		t.Errorf("body edit: Result.Files = %d, but %d files differ on disk", res.Files, changed)
	}
	e.compare(b, "body edit")

	// A title is text too: the graph is kept (the same *site.Site), and
	// the pages that show the title (lists, neighbours, the redirect of
	// an alias) are rendered again.
	e.write(target, setField(e.read(target), "aliases", "[/old/spring-notice/]"))
	res = b.Rebuild([]string{target})
	if res.Failed {
		t.Fatalf("alias added: %v", res.Diagnostics)
	}
	total = len(snapshot(t, e.dest)) - 1 // the redirect page is one more
	graph := res.Site
	e.write(target, setField(e.read(target), "title", "改过标题的通知"))
	res = b.Rebuild([]string{target})
	if res.Failed {
		t.Fatalf("title edit: %v", res.Diagnostics)
	}
	if res.Site != graph {
		t.Errorf("title edit: the site graph was made again; a title is text")
	}
	redirect := snapshot(t, e.dest)["old/spring-notice/index.html"]
	if !bytes.Contains(redirect, []byte("改过标题的通知")) {
		t.Errorf("title edit: the alias's redirect page does not show the new title:\n%s", redirect)
	}
	if res.Files == 0 || res.Files*10 >= total {
		t.Errorf("title edit of one notice wrote %d of %d files, want at least 1 and under 10%%", res.Files, total)
	}
	e.compare(b, "title edit")

	e.write("templates/partials/footer.html", strings.Replace(readTheme(t, "partials/footer.html"), "</footer>", "<p>模板已修改</p>\n</footer>", 1))
	res = b.Rebuild([]string{"templates/partials/footer.html"})
	if res.Failed {
		t.Fatalf("template change: %v", res.Diagnostics)
	}
	if res.Files != total {
		t.Errorf("template change wrote %d files, want all %d", res.Files, total)
	}
	e.compare(b, "template change")

	e.write("config.yaml", strings.Replace(e.read("config.yaml"), "title: 示例市公告栏", "title: 示例市政务公告栏", 1))
	res = b.Rebuild([]string{"config.yaml"})
	if res.Failed {
		t.Fatalf("config change: %v", res.Diagnostics)
	}
	if res.Files != total {
		t.Errorf("config change wrote %d files, want all %d", res.Files, total)
	}
	home := snapshot(t, e.dest)["index.html"]
	if !bytes.Contains(home, []byte("示例市政务公告栏")) {
		t.Errorf("config change: the home page does not show the new title")
	}
	e.compare(b, "config change")
}

// TestFailedRebuildKeepsLastGoodOutput breaks a notice's front matter: the
// rebuild fails, the output stays byte for byte, and the fix brings the
// edit made meanwhile to the output.
func TestFailedRebuildKeepsLastGoodOutput(t *testing.T) {
	e := newEditor(t, 11, 40)
	b := NewBuilder(e.options(e.dest))
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("first build failed: %v", res.Diagnostics)
	}
	good := snapshot(t, e.dest)

	target := "content/notices/00010-" + e.slugOf(10) + ".md"
	other := "content/notices/00011-" + e.slugOf(11) + ".md"
	original := e.read(target)
	e.write(other, setField(e.read(other), "title", "失败期间修改的标题"))
	e.write(target, strings.Replace(original, "title: ", "title: [未闭合\n", 1))
	res := b.Rebuild([]string{other, target})
	if !res.Failed {
		t.Fatalf("broken front matter: the rebuild did not fail")
	}
	if len(res.Diagnostics) == 0 || !strings.HasPrefix(res.Diagnostics[0].Error(), target+":") {
		t.Errorf("broken front matter: diagnostics %v do not name %s first", res.Diagnostics, target)
	}
	if err := diffTrees(good, snapshot(t, e.dest)); err != nil {
		t.Errorf("the failed rebuild changed the output: %v", err)
	}

	e.write(target, original)
	res = b.Rebuild([]string{target})
	if res.Failed {
		t.Fatalf("after the fix: %v", res.Diagnostics)
	}
	if !bytes.Contains(snapshot(t, e.dest)["notices/00011-"+e.slugOf(11)+"/index.html"], []byte("失败期间修改的标题")) {
		t.Errorf("the edit made while the build was failing is not in the output after the fix")
	}
	e.compare(b, "fix")
}

// editor is a site folder on disk under random edits.
type editor struct {
	t       *testing.T
	dir     string // the site
	dest    string // the Builder's output
	rng     *rand.Rand
	n       int // names new files
	tags    []string
	depts   []string
	broken  string // the file whose front matter is broken, and
	fixText string // what it held before
}

// newEditor writes a corpus of notices (with translations, policies,
// interpretations, supersedes and withdrawals) plus what the corpus lacks:
// about and accessibility pages (every page links them), a notice with an
// attachment and an alias.
func newEditor(t *testing.T, seed uint64, notices int) *editor {
	t.Helper()
	root := t.TempDir()
	e := &editor{t: t, dir: filepath.Join(root, "site"), dest: filepath.Join(root, "public"), rng: rand.New(rand.NewPCG(seed, 42))}
	opt := corpus.Options{Notices: notices, Seed: int64(seed), EnglishShare: 0.2, Policies: max(notices/12, 4)}
	if err := corpus.WriteDir(e.dir, opt); err != nil {
		t.Fatal(err)
	}
	e.write("content/about.md", "---\ntitle: 关于本站\ndate: 2019-01-01\n---\n本站集中发布通知公告。\n")
	e.write("content/accessibility.md", "---\ntitle: 无障碍声明\ndate: 2019-01-01\n---\n本站努力让所有人都能使用。\n")
	e.write("content/notices/hotlines.pdf", "%PDF-1.4 值班电话一览表\n")
	e.write("content/notices/hotlines.md", "---\ntitle: 春节期间值班电话公告\ndate: 2021-02-05T10:00:00+08:00\n"+
		"department: [示例市人民政府办公室]\ntags: [春节, 服务热线]\n"+
		"attachments:\n  - {title: 值班电话一览表, file: hotlines.pdf}\naliases: [/zwgk/tzgg/hotlines.html]\n---\n春节假期期间实行24小时值班。\n")
	tagRE := regexp.MustCompile(`(?m)^tags: \[(.*)\]$`)
	deptRE := regexp.MustCompile(`(?m)^department: \[(.*)\]$`)
	seen := map[string]bool{}
	for _, p := range e.markdown() {
		src := e.read(p)
		if strings.HasSuffix(p, ".en.md") {
			continue
		}
		for _, m := range tagRE.FindAllStringSubmatch(src, -1) {
			for _, tag := range strings.Split(m[1], ", ") {
				if !seen["t"+tag] {
					seen["t"+tag] = true
					e.tags = append(e.tags, tag)
				}
			}
		}
		for _, m := range deptRE.FindAllStringSubmatch(src, -1) {
			for _, d := range strings.Split(m[1], ", ") {
				if !seen["d"+d] {
					seen["d"+d] = true
					e.depts = append(e.depts, d)
				}
			}
		}
	}
	if len(e.tags) < 10 || len(e.depts) < 5 {
		t.Fatalf("the corpus has only %d tags and %d departments", len(e.tags), len(e.depts))
	}
	return e
}

func (e *editor) options(dest string) Options {
	return Options{Site: os.DirFS(e.dir), SourceDir: e.dir, Theme: frozenTheme(e.t), Dest: dest, Now: incNow}
}

var (
	frozenOnce sync.Once
	frozen     fstest.MapFS
	frozenErr  error
)

// frozenTheme is the default theme read into memory once, so that a
// theme file edited while the tests run cannot tell the Builder's output
// from the full build's.
func frozenTheme(t *testing.T) fs.FS {
	t.Helper()
	frozenOnce.Do(func() {
		frozen = fstest.MapFS{}
		frozenErr = fs.WalkDir(defaultTheme, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := fs.ReadFile(defaultTheme, p)
			frozen[p] = &fstest.MapFile{Data: data, Mode: 0o644}
			return err
		})
	})
	if frozenErr != nil {
		t.Fatal(frozenErr)
	}
	return frozen
}

func (e *editor) full(rel string) string { return filepath.Join(e.dir, filepath.FromSlash(rel)) }

func (e *editor) read(rel string) string {
	e.t.Helper()
	data, err := os.ReadFile(e.full(rel))
	if err != nil {
		e.t.Fatal(err)
	}
	return string(data)
}

func (e *editor) write(rel, data string) {
	e.t.Helper()
	if err := os.MkdirAll(filepath.Dir(e.full(rel)), 0o755); err != nil {
		e.t.Fatal(err)
	}
	if err := os.WriteFile(e.full(rel), []byte(data), 0o644); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) remove(rel string) {
	e.t.Helper()
	if err := os.Remove(e.full(rel)); err != nil {
		e.t.Fatal(err)
	}
}

func (e *editor) exists(rel string) bool {
	_, err := os.Stat(e.full(rel))
	return err == nil
}

// slugOf returns the name part of corpus notice number n.
func (e *editor) slugOf(n int) string {
	e.t.Helper()
	matches, _ := filepath.Glob(filepath.Join(e.dir, "content", "notices", fmt.Sprintf("%05d-*.md", n)))
	for _, m := range matches {
		if name := filepath.Base(m); !strings.HasSuffix(name, ".en.md") {
			return strings.TrimSuffix(strings.TrimPrefix(name, fmt.Sprintf("%05d-", n)), ".md")
		}
	}
	e.t.Fatalf("no corpus notice %d", n)
	return ""
}

// markdown lists the site's content files as site-relative paths, sorted.
func (e *editor) markdown() []string {
	e.t.Helper()
	var out []string
	err := filepath.WalkDir(filepath.Join(e.dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		rel, _ := filepath.Rel(e.dir, p)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	if err != nil {
		e.t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

// referenced reports whether another file names p (by content path, or by
// file name in a relative link), so deleting or renaming it would break
// the build.
func (e *editor) referenced(p string, all []string) bool {
	contentPath := strings.TrimPrefix(p, "content/")
	for _, q := range all {
		if q == p {
			continue
		}
		src := e.read(q)
		if strings.Contains(src, contentPath) || strings.Contains(src, "("+path.Base(p)+")") || strings.Contains(src, "/"+path.Base(p)+")") {
			return true
		}
	}
	return false
}

// pick chooses one of the files accepted by ok, or "" when none is.
func (e *editor) pick(files []string, ok func(p, src string) bool) string {
	order := e.rng.Perm(len(files))
	for _, i := range order {
		if ok(files[i], e.read(files[i])) {
			return files[i]
		}
	}
	return ""
}

func isNotice(p string) bool {
	return strings.HasPrefix(p, "content/notices/") && !strings.HasSuffix(p, ".en.md")
}

// dateOf returns the date field's value.
func dateOf(src string) string {
	m := regexp.MustCompile(`(?m)^date: (\S+)`).FindStringSubmatch(src)
	if m == nil {
		return ""
	}
	return m[1]
}

// edit is one kind of change: it edits the site and returns the paths it
// changed, or nil when no file suits it now.
type edit struct {
	name   string
	weight int
	apply  func(e *editor, files []string) []string
}

var edits = []edit{
	{"body", 6, func(e *editor, files []string) []string {
		p := files[e.rng.IntN(len(files))]
		e.n++
		e.write(p, e.read(p)+fmt.Sprintf("\n第%d次补充：请以最新发布的信息为准。\n", e.n))
		return []string{p}
	}},
	{"title", 4, func(e *editor, files []string) []string {
		p := files[e.rng.IntN(len(files))]
		e.n++
		e.write(p, setField(e.read(p), "title", fmt.Sprintf("修改后的标题%d", e.n)))
		return []string{p}
	}},
	{"shown fields", 3, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, _ string) bool { return isNotice(p) })
		e.n++
		field := []string{"summary", "contact", "doc_number", "index_no"}[e.rng.IntN(4)]
		e.write(p, setField(e.read(p), field, fmt.Sprintf("修改%d", e.n)))
		return []string{p}
	}},
	{"date", 3, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, _ string) bool { return strings.HasPrefix(p, "content/notices/") })
		day := fmt.Sprintf("%04d-%02d-%02dT09:00:00+08:00", 2019+e.rng.IntN(3), 1+e.rng.IntN(12), 1+e.rng.IntN(28))
		if e.rng.IntN(6) == 0 {
			day = "2022-03-01T09:00:00+08:00" // scheduled: leaves the build
		}
		e.write(p, setField(e.read(p), "date", day))
		return []string{p}
	}},
	{"tags", 3, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, _ string) bool { return isNotice(p) })
		var tags []string
		for _, i := range e.rng.Perm(len(e.tags))[:2+e.rng.IntN(3)] {
			tags = append(tags, e.tags[i])
		}
		e.write(p, setField(e.read(p), "tags", "["+strings.Join(tags, ", ")+"]"))
		return []string{p}
	}},
	{"department", 2, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, _ string) bool { return isNotice(p) })
		e.write(p, setField(e.read(p), "department", "["+e.depts[e.rng.IntN(len(e.depts))]+"]"))
		return []string{p}
	}},
	{"new notice", 3, func(e *editor, files []string) []string {
		e.n++
		dir := "content/notices/"
		if e.rng.IntN(3) == 0 {
			dir = "content/notices/2022/" // a subfolder of the section
		}
		p := fmt.Sprintf("%snew-%d.md", dir, e.n)
		link := ""
		if target := e.pick(files, func(q, _ string) bool { return isNotice(q) && path.Dir(q) == path.Dir(p) }); target != "" {
			link = fmt.Sprintf("参见[相关通知](%s)。", path.Base(target))
		}
		tag := e.tags[e.rng.IntN(len(e.tags))]
		day := fmt.Sprintf("2021-%02d-%02dT08:00:00+08:00", 1+e.rng.IntN(12), 1+e.rng.IntN(28))
		e.write(p, fmt.Sprintf("---\ntitle: 新通知%d\ndate: %s\ndepartment: [%s]\ntags: [%s]\n---\n新增通知正文。%s\n", e.n, day, e.depts[e.rng.IntN(len(e.depts))], tag, link))
		changed := []string{p}
		if e.rng.IntN(3) == 0 {
			en := strings.TrimSuffix(p, ".md") + ".en.md"
			e.write(en, fmt.Sprintf("---\ntitle: New notice %d\ndate: %s\nlang: en\ntranslation_of: %s\n---\nA new notice.\n", e.n, day, strings.TrimPrefix(p, "content/")))
			changed = append(changed, en)
		}
		return changed
	}},
	{"delete", 3, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool {
			return !strings.Contains(src, "attachments:") && !e.referenced(p, files)
		})
		if p == "" {
			return nil
		}
		e.remove(p)
		return []string{p}
	}},
	{"rename", 3, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool {
			return strings.HasPrefix(p, "content/notices/") && !strings.Contains(src, "attachments:") && !e.referenced(p, files)
		})
		if p == "" {
			return nil
		}
		e.n++
		to := fmt.Sprintf("content/notices/renamed-%d.md", e.n)
		if strings.HasSuffix(p, ".en.md") {
			to = fmt.Sprintf("content/notices/renamed-%d.en.md", e.n)
		}
		if err := os.MkdirAll(filepath.Dir(e.full(to)), 0o755); err != nil {
			e.t.Fatal(err)
		}
		if err := os.Rename(e.full(p), e.full(to)); err != nil {
			e.t.Fatal(err)
		}
		return []string{p, to}
	}},
	{"expire", 2, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return isNotice(p) && dateOf(src) < "2021-12-01" })
		if p == "" {
			return nil
		}
		e.write(p, setField(e.read(p), "expires", "2021-12-01"))
		return []string{p}
	}},
	// The reverse: an expired notice's validity extended past now puts
	// it back in force, on the current and in-force lists.
	{"extend", 2, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return isNotice(p) && strings.Contains(src, "\nexpires:") })
		if p == "" {
			return nil
		}
		e.write(p, setField(e.read(p), "expires", "2022-06-30"))
		return []string{p}
	}},
	{"withdraw", 2, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return isNotice(p) && !strings.Contains(src, "status:") })
		src := setField(e.read(p), "status", "withdrawn")
		e.write(p, setField(src, "withdrawn", "\n  date: 2021-12-30\n  reason: 测试撤回"))
		return []string{p}
	}},
	{"supersedes", 2, func(e *editor, files []string) []string {
		var superseded []string
		for _, q := range files {
			if m := regexp.MustCompile(`(?m)^supersedes: \[(.*)\]$`).FindStringSubmatch(e.read(q)); m != nil {
				superseded = append(superseded, strings.Split(m[1], ", ")...)
			}
		}
		old := e.pick(files, func(p, _ string) bool {
			return isNotice(p) && !slices.Contains(superseded, strings.TrimPrefix(p, "content/"))
		})
		newer := e.pick(files, func(p, src string) bool { return isNotice(p) && p != old && !strings.Contains(src, "supersedes:") })
		if old == "" || newer == "" {
			return nil
		}
		e.write(newer, setField(e.read(newer), "supersedes", "["+strings.TrimPrefix(old, "content/")+"]"))
		return []string{newer}
	}},
	{"slug", 3, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return !strings.HasSuffix(p, ".en.md") })
		if e.rng.IntN(4) == 0 && e.exists("content/about.md") {
			p = "content/about.md" // every page's navigation links it
		}
		e.n++
		e.write(p, setField(e.read(p), "slug", fmt.Sprintf("slug-%d", e.n)))
		return []string{p}
	}},
	{"add attachment", 2, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return isNotice(p) && !strings.Contains(src, "attachments:") })
		e.n++
		name := fmt.Sprintf("file-%d.pdf", e.n)
		att := path.Join(path.Dir(p), name)
		e.write(att, fmt.Sprintf("%%PDF-1.4 附件%d\n", e.n))
		e.write(p, setField(e.read(p), "attachments", fmt.Sprintf("[{title: 附件%d, file: %s}]", e.n, name)))
		return []string{att, p}
	}},
	{"remove attachment", 2, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return strings.Contains(src, "attachments:") })
		if p == "" {
			return nil
		}
		m := regexp.MustCompile(`file: ([^\s}]+)`).FindStringSubmatch(e.read(p))
		att := path.Join(path.Dir(p), m[1])
		e.write(p, setField(e.read(p), "attachments", ""))
		e.remove(att)
		return []string{p, att}
	}},
	{"change attachment", 1, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return strings.Contains(src, "attachments:") })
		if p == "" {
			return nil
		}
		m := regexp.MustCompile(`file: ([^\s}]+)`).FindStringSubmatch(e.read(p))
		att := path.Join(path.Dir(p), m[1])
		old := e.read(att)
		e.write(att, strings.Repeat("x", len(old)-1)+"\n") // same size, other bytes
		return []string{att}
	}},
	{"alias", 1, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, src string) bool { return isNotice(p) && !strings.Contains(src, "aliases:") })
		e.n++
		e.write(p, setField(e.read(p), "aliases", fmt.Sprintf("[/old/%d.html]", e.n)))
		return []string{p}
	}},
	{"urgent", 1, func(e *editor, files []string) []string {
		p := e.pick(files, func(p, _ string) bool { return isNotice(p) })
		src := e.read(p)
		if strings.Contains(src, "\nurgent: true") {
			src = setField(src, "urgent", "")
		} else {
			src = setField(src, "urgent", "true")
		}
		e.write(p, src)
		return []string{p}
	}},
	{"about page", 1, func(e *editor, files []string) []string {
		const about = "content/about.md"
		if e.exists(about) {
			e.remove(about)
		} else {
			e.write(about, "---\ntitle: 关于我们\ndate: 2019-01-01\n---\n重新发布的关于页面。\n")
		}
		return []string{about}
	}},
	{"break front matter", 2, func(e *editor, files []string) []string {
		p := files[e.rng.IntN(len(files))]
		e.broken, e.fixText = p, e.read(p)
		e.write(p, strings.Replace(e.fixText, "title: ", "title: [未闭合\n", 1))
		return []string{p}
	}},
	{"config", 1, func(e *editor, files []string) []string {
		e.n++
		title := regexp.MustCompile(`(?m)^title: .*$`)
		e.write("config.yaml", title.ReplaceAllString(e.read("config.yaml"), fmt.Sprintf("title: 示例市公告栏%d", e.n)))
		return []string{"config.yaml"}
	}},
	// Theme edits: the site's own templates/ overrides the theme file by
	// file, and an office edits them while serve runs.
	{"theme partial", 1, func(e *editor, files []string) []string {
		e.n++
		const name = "templates/partials/prevnext.html"
		src := readTheme(e.t, strings.TrimPrefix(name, "templates/"))
		e.write(name, strings.Replace(src, `{{define "prevnext" -}}`, fmt.Sprintf(`{{define "prevnext" -}}<p class="edited">%d</p>`, e.n), 1))
		return []string{name}
	}},
	{"theme strings", 1, func(e *editor, files []string) []string {
		e.n++
		const name = "templates/i18n/zh-CN.yaml"
		src := readTheme(e.t, strings.TrimPrefix(name, "templates/"))
		e.write(name, strings.Replace(src, "related_heading: 相关阅读", fmt.Sprintf("related_heading: 相关阅读%d", e.n), 1))
		return []string{name}
	}},
	{"theme asset", 1, func(e *editor, files []string) []string {
		e.n++
		const name = "templates/assets/style.css"
		e.write(name, readTheme(e.t, "assets/style.css")+fmt.Sprintf("\n/* edit %d */\n", e.n))
		return []string{name}
	}},
	{"drop theme override", 1, func(e *editor, files []string) []string {
		for _, name := range []string{"templates/partials/prevnext.html", "templates/i18n/zh-CN.yaml", "templates/assets/style.css"} {
			if e.exists(name) {
				e.remove(name)
				return []string{name}
			}
		}
		return []string{} // nothing to drop: a rebuild with nothing changed
	}},
}

// randomEdit applies one edit chosen by weight and returns its name and
// the site-relative paths it changed.
func (e *editor) randomEdit() (string, []string) {
	total := 0
	for _, ed := range edits {
		total += ed.weight
	}
	for {
		n := e.rng.IntN(total)
		for _, ed := range edits {
			if n -= ed.weight; n >= 0 {
				continue
			}
			if changed := ed.apply(e, e.markdown()); changed != nil {
				return ed.name, changed
			}
			break
		}
	}
}

func (e *editor) fixBroken() []string {
	e.write(e.broken, e.fixText)
	return []string{e.broken}
}

// compare builds the site afresh in memory and reports every file that
// differs from the Builder's output, and diagnostics that differ.
func (e *editor) compare(b *Builder, what string) {
	e.t.Helper()
	mem := &memOutput{files: map[string][]byte{}}
	opt := e.options("")
	opt.Output = mem
	res := Run(opt)
	if res.Failed {
		e.t.Errorf("%s: the full build failed: %v", what, res.Diagnostics)
		return
	}
	got := snapshot(e.t, e.dest)
	delete(got, output.Marker)
	if err := diffTrees(mem.files, got); err != nil {
		e.t.Errorf("%s: the incremental output differs from a full build: %v", what, err)
	}
	e.noChange(b, res, what)
}

// compareOnDisk is compare with a full build written to disk, as
// `bulletin build` does.
func (e *editor) compareOnDisk(b *Builder, what string) {
	e.t.Helper()
	fresh := filepath.Join(e.t.TempDir(), "fresh")
	res := Run(e.options(fresh))
	if res.Failed {
		e.t.Errorf("%s: the full build failed: %v", what, res.Diagnostics)
		return
	}
	if err := diffTrees(snapshot(e.t, fresh), snapshot(e.t, e.dest)); err != nil {
		e.t.Errorf("%s: the incremental output differs from a full build: %v", what, err)
	}
	e.noChange(b, res, what)
}

// noChange rebuilds with nothing changed: nothing may be written, and the
// diagnostics must be the full build's.
func (e *editor) noChange(b *Builder, full *Result, what string) {
	e.t.Helper()
	again := b.Rebuild([]string{})
	if again.Files != 0 || again.Removed != 0 {
		e.t.Errorf("%s: a rebuild with no change wrote %d and removed %d files", what, again.Files, again.Removed)
	}
	if got, want := diagStrings(again), diagStrings(full); got != want || again.Failed {
		e.t.Errorf("%s: incremental diagnostics (failed %v):\n%s\nfull build:\n%s", what, again.Failed, got, want)
	}
}

// memOutput keeps a build's files in memory.
type memOutput struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memOutput) WriteFile(name string, data []byte) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.files[name] = append([]byte(nil), data...)
	return nil
}

// compareDiagnostics holds an incremental result's diagnostics against a
// full build's.
func (e *editor) compareDiagnostics(res *Result, what string) {
	e.t.Helper()
	full := Run(Options{Site: os.DirFS(e.dir), Theme: frozenTheme(e.t), Now: incNow})
	got, want := diagStrings(res), diagStrings(full)
	if got != want || res.Failed != full.Failed {
		e.t.Errorf("%s: incremental diagnostics (failed %v):\n%s\nfull build (failed %v):\n%s", what, res.Failed, got, full.Failed, want)
	}
}

func diagStrings(res *Result) string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Error())
	}
	return strings.Join(out, "\n")
}

// diffTrees lists every file that differs between two snapshots: missing,
// left over, or with other bytes.
func diffTrees(want, got map[string][]byte) error {
	var diffs []string
	first := ""
	for name, data := range want {
		other, ok := got[name]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+name)
		case !bytes.Equal(data, other):
			diffs = append(diffs, "differs "+name)
			if first == "" || name < first {
				first = name
			}
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			diffs = append(diffs, "stale "+name)
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	sort.Strings(diffs)
	n := len(diffs)
	if len(diffs) > 20 {
		diffs = append(diffs[:20], fmt.Sprintf("and %d more", len(diffs)-20))
	}
	msg := fmt.Sprintf("%d files:\n  %s", n, strings.Join(diffs, "\n  "))
	if first != "" {
		msg += "\nfirst difference in " + first + ":\n" + firstDifference(want[first], got[first])
	}
	return errors.New(msg)
}

// firstDifference shows the text around the first byte where two files
// differ.
func firstDifference(want, got []byte) string {
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	around := func(b []byte) string {
		lo, hi := max(0, i-120), min(len(b), i+120)
		return strings.ToValidUTF8(string(b[lo:hi]), "?")
	}
	return "  want: …" + around(want) + "…\n  got:  …" + around(got) + "…"
}

func countChanged(before, after map[string][]byte) int {
	n := 0
	for name, data := range after {
		if old, ok := before[name]; !ok || !bytes.Equal(old, data) {
			n++
		}
	}
	return n
}

func readTheme(t *testing.T, name string) string {
	t.Helper()
	data, err := fs.ReadFile(frozenTheme(t), name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// setField sets a top-level front-matter field to value (a scalar, a flow
// list, or indented lines starting with a newline), replacing the field
// and its indented lines when present; an empty value removes the field.
func setField(src, key, value string) string {
	front, body, ok := strings.Cut(strings.TrimPrefix(src, "---\n"), "\n---\n")
	if !ok {
		panic("no front matter in " + src)
	}
	var lines []string
	skipping := false
	for _, l := range strings.Split(front, "\n") {
		if skipping && strings.HasPrefix(l, " ") {
			continue
		}
		skipping = false
		if strings.HasPrefix(l, key+":") {
			skipping = true
			continue
		}
		lines = append(lines, l)
	}
	if value != "" {
		sep := " "
		if strings.HasPrefix(value, "\n") {
			sep = ""
		}
		lines = append(lines, key+":"+sep+value)
	}
	return "---\n" + strings.Join(lines, "\n") + "\n---\n" + body
}

// countingFS counts the reads of each file of a site folder.
type countingFS struct {
	fs.FS
	mu    sync.Mutex
	reads map[string]int
}

func (c *countingFS) count(name string) {
	c.mu.Lock()
	c.reads[name]++
	c.mu.Unlock()
}

func (c *countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil {
		if info, serr := f.Stat(); serr == nil && !info.IsDir() {
			c.count(name)
		}
	}
	return f, err
}

func (c *countingFS) ReadFile(name string) ([]byte, error) {
	c.count(name)
	return fs.ReadFile(c.FS, name)
}

func (c *countingFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

func (c *countingFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(c.FS, name) }

func (c *countingFS) readsOf(name string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reads[name]
}

// TestRebuildDoesNotCopyUnchangedAttachments: while serving, an edit to a
// notice's title rebuilds the site graph; the attachments it did not touch
// are not read again, stay on disk, and an attachment edited afterwards is
// copied with its new bytes.
func TestRebuildDoesNotCopyUnchangedAttachments(t *testing.T) {
	dir, dest := t.TempDir(), filepath.Join(t.TempDir(), "public")
	files := map[string]string{
		"config.yaml":           "title: 示例市公告栏\nbase_url: https://example.org/\n",
		"content/notices/a.md":  "---\ntitle: 通知甲\ndate: 2021-02-01\nattachments:\n  - {title: 附件, file: a.pdf}\n---\n正文。\n",
		"content/notices/a.pdf": "%PDF-1.4 first\n",
		"content/notices/b.md":  "---\ntitle: 通知乙\ndate: 2021-02-02\n---\n正文。\n",
	}
	write := func(rel, data string) {
		full := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for rel, data := range files {
		write(rel, data)
	}
	site := &countingFS{FS: os.DirFS(dir), reads: map[string]int{}}
	b := NewBuilder(Options{Site: site, SourceDir: dir, Theme: frozenTheme(t), Dest: dest, Now: incNow})
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("first build: %v", res.Diagnostics)
	}
	const pdf = "content/notices/a.pdf"
	out := filepath.Join(dest, "notices", "a", "a.pdf")
	firstReads := site.readsOf(pdf)
	if firstReads == 0 {
		t.Fatalf("the first build did not read %s", pdf)
	}

	write("content/notices/b.md", strings.Replace(files["content/notices/b.md"], "通知乙", "通知乙（修订）", 1))
	if res := b.Rebuild([]string{"content/notices/b.md"}); res.Failed {
		t.Fatalf("title edit: %v", res.Diagnostics)
	}
	if n := site.readsOf(pdf) - firstReads; n != 0 {
		t.Errorf("a title edit of another notice read the unchanged attachment %d times", n)
	}
	if got, err := os.ReadFile(out); err != nil || string(got) != files[pdf] {
		t.Errorf("after the title edit %s holds %q, %v; want the attachment", out, got, err)
	}

	write(pdf, "%PDF-1.4 second\n")
	if res := b.Rebuild([]string{pdf}); res.Failed {
		t.Fatalf("attachment edit: %v", res.Diagnostics)
	}
	if got, _ := os.ReadFile(out); string(got) != "%PDF-1.4 second\n" {
		t.Errorf("after editing the attachment %s holds %q, want the new bytes", out, got)
	}

	// A folder replaced as a whole is reported as the folder.
	write(pdf, "%PDF-1.4 third\n")
	write("content/notices/b.md", files["content/notices/b.md"])
	if res := b.Rebuild([]string{"content/notices"}); res.Failed {
		t.Fatalf("folder change: %v", res.Diagnostics)
	}
	if got, _ := os.ReadFile(out); string(got) != "%PDF-1.4 third\n" {
		t.Errorf("after a change to its folder %s holds %q, want the new bytes", out, got)
	}
}
