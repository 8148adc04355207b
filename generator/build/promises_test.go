package build

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/corpus"
)

// defaultTheme is the real embedded theme, read from the repository.
var defaultTheme = os.DirFS("../../templates")

// testTheme is the small theme the golden fixtures are written against.
var testTheme = os.DirFS("testdata/theme")

// snapshot reads every file below dir (the output marker included).
func snapshot(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Type()&fs.ModeSymlink != 0 {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// sameTree reports the first difference between two snapshots.
func sameTree(a, b map[string][]byte) error {
	for name, data := range a {
		other, ok := b[name]
		if !ok {
			return fmt.Errorf("%s is only in the first", name)
		}
		if !bytes.Equal(data, other) {
			return fmt.Errorf("%s differs", name)
		}
	}
	for name := range b {
		if _, ok := a[name]; !ok {
			return fmt.Errorf("%s is only in the second", name)
		}
	}
	return nil
}

func mustBuild(t *testing.T, opt Options) *Result {
	t.Helper()
	res := Run(opt)
	if res.Failed || len(res.Diagnostics) > 0 {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	return res
}

// writeSite writes files (path → content) into dir.
func writeSite(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// leftovers lists staging and set-aside folders a build left beside dest.
func leftovers(t *testing.T, dest string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dest)+".") {
			out = append(out, e.Name())
		}
	}
	return out
}

const smallConfig = "title: 示例市公告栏\nbase_url: https://notices.example.gov.cn/\ntimezone: Asia/Shanghai\n"

func notice(title, date, extra, body string) string {
	return "---\ntitle: " + title + "\ndate: " + date + "\n" + extra + "---\n" + body + "\n"
}

// TestDeterministic builds the same corpus twice into different folders
// and compares every byte: maps, goroutines and parallel rendering must
// never show in the output.
func TestDeterministic(t *testing.T) {
	site := corpus.Generate(corpus.Options{Notices: 60, Seed: 7, EnglishShare: 0.25, Policies: 8})
	var snaps []map[string][]byte
	for i := range 2 {
		dest := filepath.Join(t.TempDir(), fmt.Sprintf("out%d", i))
		res := mustBuild(t, Options{Site: site, Theme: defaultTheme, Dest: dest, Now: "2021-12-31T08:00:00+08:00", Strict: true})
		if res.Pages < 80 {
			t.Fatalf("only %d pages: the corpus did not build as expected", res.Pages)
		}
		snaps = append(snaps, snapshot(t, dest))
	}
	if err := sameTree(snaps[0], snaps[1]); err != nil {
		t.Errorf("two builds of the same input and --now differ: %v", err)
	}
}

// TestDiagnosticsSortedAndComplete makes many files fail at once: files
// are parsed in parallel, yet every problem is reported, in file order.
func TestDiagnosticsSortedAndComplete(t *testing.T) {
	site := fstest.MapFS{"config.yaml": {Data: []byte(smallConfig)}}
	var want []string
	for i := range 40 {
		name := fmt.Sprintf("content/notices/n%02d.md", i)
		site[name] = &fstest.MapFile{Data: []byte(notice("通知", "2021-01-20", "departmnet: 民政局\nstatus: gone\n", "正文。"))}
		want = append(want,
			name+`:4:1: unknown field "departmnet" (did you mean "department"?)`,
			name+`:5:9: unknown status "gone": use draft, published or withdrawn`)
	}
	site["content/notices/ok.md"] = &fstest.MapFile{Data: []byte(notice("好", "2021-01-20", "", "[坏链接](nope.md)"))}
	want = append(want, `content/notices/ok.md:5:1: link to missing page "nope.md" (looked for content/notices/nope.md)`)
	for range 3 {
		res := Run(Options{Site: site, Theme: testTheme, Now: "2021-02-20"})
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, d.Error())
		}
		if len(got) != len(want) {
			t.Fatalf("got %d diagnostics, want %d", len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("diagnostic %d = %s\nwant %s", i, got[i], want[i])
			}
		}
		if !res.Failed || strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("failed=%v, diagnostics:\n%s\nwant\n%s", res.Failed, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}

// TestFailedBuildLeavesOutputUntouched builds a good site, then builds
// that fail midway; the first output must stay byte for byte, with no
// staging folder left behind.
func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	good := fstest.MapFS{
		"config.yaml":          {Data: []byte(smallConfig)},
		"content/notices/a.md": {Data: []byte(notice("通知甲", "2021-01-20", "", "正文。"))},
		"content/notices/b.md": {Data: []byte(notice("坏模板", "2021-01-21", "", "正文。"))},
	}
	breakers := map[string]func(fstest.MapFS){
		// A template that fails while executing, on one page only.
		"template error on one page": func(s fstest.MapFS) {
			s["templates/notice.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{if eq .Page.Title "坏模板"}}{{index .Page.Front.Tags 3}}{{end}}{{.Page.Title}}{{end}}`)}
		},
		"content error": func(s fstest.MapFS) {
			s["content/notices/c.md"] = &fstest.MapFile{Data: []byte("---\ntitle: 没有日期\n---\n")}
		},
		"template syntax error": func(s fstest.MapFS) {
			s["templates/section.html"] = &fstest.MapFile{Data: []byte(`{{define "main"}}{{range}}{{end}}`)}
		},
		"warning under --strict": func(s fstest.MapFS) {
			s["content/notices/c.md"] = &fstest.MapFile{Data: []byte(notice("通知丙", "2021-01-22", "department: 示例市民政局\n", ""))}
			s["content/notices/d.md"] = &fstest.MapFile{Data: []byte(notice("通知丁", "2021-01-23", "department: 示例市民政局 \n", ""))}
			s["content/notices/e.md"] = &fstest.MapFile{Data: []byte(notice("通知戊", "2021-01-24", "department: 示例市ＡＢ局\n", ""))}
			s["content/notices/f.md"] = &fstest.MapFile{Data: []byte(notice("通知己", "2021-01-25", "department: 示例市ab局\n", ""))}
		},
	}
	for name, breakSite := range breakers {
		t.Run(name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "public")
			mustBuild(t, Options{Site: good, Theme: testTheme, Dest: dest, Now: "2021-02-20"})
			before := snapshot(t, dest)
			if _, ok := before["notices/a/index.html"]; !ok {
				t.Fatalf("the good build wrote no page: %v", before)
			}

			bad := fstest.MapFS{}
			for k, v := range good {
				bad[k] = v
			}
			breakSite(bad)
			res := Run(Options{Site: bad, Theme: testTheme, Dest: dest, Now: "2021-02-20", Strict: true})
			if !res.Failed {
				t.Fatalf("the broken build succeeded: %v", res.Diagnostics)
			}
			if res.Files != 0 {
				t.Errorf("a failed build reports %d files written", res.Files)
			}
			if err := sameTree(before, snapshot(t, dest)); err != nil {
				t.Errorf("a failed build changed the previous output: %v", err)
			}
			if l := leftovers(t, dest); len(l) > 0 {
				t.Errorf("left behind: %v", l)
			}
		})
	}
}

func TestTemplateErrorIsPositioned(t *testing.T) {
	site := fstest.MapFS{
		"config.yaml":           {Data: []byte(smallConfig)},
		"content/notices/a.md":  {Data: []byte(notice("甲", "2021-01-20", "", ""))},
		"content/notices/b.md":  {Data: []byte(notice("乙", "2021-01-21", "", ""))},
		"templates/notice.html": {Data: []byte("{{define \"main\"}}\n{{index .Page.Front.Tags 3}}{{end}}")},
	}
	res := Run(Options{Site: site, Theme: testTheme, Dest: filepath.Join(t.TempDir(), "public"), Now: "2021-02-20"})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	want := `templates/notice.html:2:2: template: executing "main" at <index .Page.Front.Tags 3>: error calling index: index out of range: 3 (rendering content/notices/a.md and 1 more)`
	if strings.Join(got, "\n") != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

func TestTemplateSyntaxErrorIsPositioned(t *testing.T) {
	site := fstest.MapFS{
		"config.yaml":            {Data: []byte(smallConfig)},
		"content/notices/a.md":   {Data: []byte(notice("甲", "2021-01-20", "", ""))},
		"templates/section.html": {Data: []byte("{{define \"main\"}}\n\n{{range}}{{end}}")},
	}
	res := Run(Options{Site: site, Theme: testTheme, Dest: filepath.Join(t.TempDir(), "public"), Now: "2021-02-20"})
	var got []string
	for _, d := range res.Diagnostics {
		got = append(got, d.Error())
	}
	want := `templates/section.html:3: template: missing value for range`
	if !res.Failed || strings.Join(got, "\n") != want {
		t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(got, "\n"), want)
	}
}

// TestSuccessfulRebuildLeavesNothingBehind checks the swap cleans up.
func TestSuccessfulRebuildLeavesNothingBehind(t *testing.T) {
	site := fstest.MapFS{
		"config.yaml":          {Data: []byte(smallConfig)},
		"content/notices/a.md": {Data: []byte(notice("通知甲", "2021-01-20", "", "正文。"))},
	}
	dest := filepath.Join(t.TempDir(), "public")
	for range 3 {
		mustBuild(t, Options{Site: site, Theme: testTheme, Dest: dest, Now: "2021-02-20"})
	}
	if l := leftovers(t, dest); len(l) > 0 {
		t.Errorf("left behind: %v", l)
	}
	if _, err := os.Stat(filepath.Join(dest, ".bulletin-output")); err != nil {
		t.Errorf("the output has no marker file: %v", err)
	}
}

// TestDeletedPageDisappears rebuilds a site folder on disk into the same
// dest after a content file was deleted.
func TestDeletedPageDisappears(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, map[string]string{
		"config.yaml":           smallConfig,
		"content/notices/a.md":  notice("通知甲", "2021-01-20", "tags: [春节]\naliases: [/old/a/]\nattachments: [{title: 表, file: a.pdf}]\n", "正文。"),
		"content/notices/a.pdf": "%PDF",
		"content/notices/b.md":  notice("通知乙", "2021-01-21", "", "正文。"),
		"content/notices/c.md":  notice("通知丙", "2021-01-22", "", "正文。"),
		"content/policies/p.md": notice("办法", "2021-01-02", "", "正文。"),
	})
	dest := filepath.Join(src, "public")
	opt := Options{Site: os.DirFS(src), SourceDir: src, Theme: testTheme, Dest: dest, Now: "2021-02-20"}
	mustBuild(t, opt)
	for _, f := range []string{"notices/a/index.html", "notices/a/a.pdf", "old/a/index.html", "tags/春节/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Fatalf("first build: %v", err)
		}
	}
	if err := os.Remove(filepath.Join(src, "content/notices/a.md")); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, opt)
	for _, f := range []string{"notices/a/index.html", "notices/a/a.pdf", "old/a/index.html", "tags/春节/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err == nil {
			t.Errorf("%s of a deleted page is still in the output", f)
		}
	}
	list, err := os.ReadFile(filepath.Join(dest, "notices/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(list), "通知甲") || !strings.Contains(string(list), "通知乙") {
		t.Errorf("the section list was not rebuilt:\n%s", list)
	}
}

// TestDestSafety refuses destinations that would overwrite the site's
// input or folders bulletin did not write, and leaves them untouched.
func TestDestSafety(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeSite(t, src, map[string]string{
		"config.yaml":             smallConfig,
		"content/notices/a.md":    notice("通知甲", "2021-01-20", "", "正文。"),
		"templates/notice.html":   `{{define "main"}}{{.Page.Title}}{{end}}`,
		"content/notices/x/y.txt": "attachment",
	})
	foreign := filepath.Join(root, "documents")
	writeSite(t, foreign, map[string]string{"thesis.docx": "precious"})
	if err := os.Symlink(src, filepath.Join(root, "link")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, dest, want string
	}{
		{"the source folder", src, "is the source folder"},
		{"the source folder, spelled differently", src + "/content/..", "is the source folder"},
		{"the source through a symbolic link", filepath.Join(root, "link"), "is the source folder"},
		{"content/", filepath.Join(src, "content"), "is inside the site's content/ folder"},
		{"inside content/", filepath.Join(src, "content", "notices", "x"), "is inside the site's content/ folder"},
		{"templates/", filepath.Join(src, "templates"), "is inside the site's templates/ folder"},
		{"the parent of the source", root, "contains the source folder"},
		{"the root", "/", "is the file system root"},
		{"a foreign folder", foreign, "is a folder bulletin did not write (no .bulletin-output file in it); refusing to replace its contents"},
		{"a file", filepath.Join(src, "config.yaml"), "is a file, not a folder"},
	}
	before := snapshot(t, root)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Run(Options{Site: os.DirFS(src), SourceDir: src, Theme: testTheme, Dest: tt.dest, Now: "2021-02-20"})
			if !res.Failed || len(res.Diagnostics) != 1 {
				t.Fatalf("dest %s: failed=%v %v", tt.dest, res.Failed, res.Diagnostics)
			}
			msg := res.Diagnostics[0].Error()
			if !strings.HasPrefix(msg, "--dest "+tt.dest+" ") || !strings.Contains(msg, tt.want) {
				t.Errorf("dest %s: message %q, want it to start with --dest %s and say %q", tt.dest, msg, tt.dest, tt.want)
			}
			if err := sameTree(before, snapshot(t, root)); err != nil {
				t.Errorf("a refused build changed files: %v", err)
			}
		})
	}
}

func TestDestAllowed(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	writeSite(t, src, map[string]string{
		"config.yaml":          smallConfig,
		"content/notices/a.md": notice("通知甲", "2021-01-20", "", "正文。"),
	})
	empty := filepath.Join(root, "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, dest := range []string{filepath.Join(src, "public"), filepath.Join(root, "out"), empty, filepath.Join(root, "deep", "er", "out")} {
		opt := Options{Site: os.DirFS(src), SourceDir: src, Theme: testTheme, Dest: dest, Now: "2021-02-20"}
		mustBuild(t, opt)
		mustBuild(t, opt) // a folder bulletin wrote may be replaced
		if _, err := os.Stat(filepath.Join(dest, "notices/a/index.html")); err != nil {
			t.Errorf("dest %s: %v", dest, err)
		}
	}
}

// TestSingleBuildFreesSources checks that a one-off build (bulletin build)
// lets go of the Markdown sources once their HTML is made, while a builder
// kept for rebuilds (serve) holds on to them: on a 10,000-notice site the
// sources are about 50 MB of the 400 MB budget.
func TestSingleBuildFreesSources(t *testing.T) {
	site := corpus.Generate(corpus.Options{Notices: 20, Seed: 3, Policies: 2})
	res := mustBuild(t, Options{Site: site, Theme: defaultTheme, Dest: filepath.Join(t.TempDir(), "out"), Now: corpus.Now})
	for _, p := range res.Site.Pages {
		if p.File.Body != nil {
			t.Fatalf("after build.Run, %s still holds its Markdown source", p.File.Path)
		}
	}
	b := NewBuilder(Options{Site: site, Theme: defaultTheme, Dest: filepath.Join(t.TempDir(), "out"), Now: corpus.Now})
	res = b.Rebuild(nil)
	if res.Failed {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	if res.Site.Pages[0].File.Body == nil {
		t.Errorf("a Builder kept for rebuilds dropped %s's source, which its next rebuild needs", res.Site.Pages[0].File.Path)
	}
}
