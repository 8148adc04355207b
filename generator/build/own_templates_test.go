package build

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIncrementalWithOwnTemplates: a site's own templates may show what
// the default theme does not (here every page lists the titles of all
// pages in its footer). Fingerprints follow what the templates read, so
// an incremental rebuild equals a full build, and a body edit still
// renders only the page itself. A template whose reads cannot be traced
// renders every time, and still equals a full build.
func TestIncrementalWithOwnTemplates(t *testing.T) {
	for _, tc := range []struct {
		name, footer string
		traced       bool
	}{
		{"titles of all pages", `{{define "footer"}}<footer><ul>{{range .Lang.Pages}}<li>{{.Title}}</li>{{end}}</ul></footer>{{end}}`, true},
		{"untraced", `{{define "footer"}}<footer>{{range len .Lang.Pages}}·{{end}}</footer>{{end}}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			files := map[string]string{
				"config.yaml":                    "title: 测试\nbase_url: https://example.gov.cn/\nsections:\n  notices: {title: 通知公告, kind: notice}\n",
				"templates/partials/footer.html": tc.footer,
				"content/notices/a.md":           "---\ntitle: 甲通知\ndate: 2021-01-05\n---\n正文甲。\n",
				"content/notices/b.md":           "---\ntitle: 乙通知\ndate: 2021-01-06\n---\n正文乙。\n",
				"content/notices/c.md":           "---\ntitle: 丙通知\ndate: 2021-01-07\n---\n正文丙。\n",
			}
			write := func(name, data string) {
				full := filepath.Join(dir, "site", filepath.FromSlash(name))
				os.MkdirAll(filepath.Dir(full), 0o755)
				if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			for name, data := range files {
				write(name, data)
			}
			site := filepath.Join(dir, "site")
			opt := func(dest string) Options {
				return Options{Site: os.DirFS(site), SourceDir: site, Dest: dest, Theme: os.DirFS("../../templates"), Now: "2021-02-20"}
			}
			b := NewBuilder(opt(filepath.Join(dir, "inc")))
			first := b.Rebuild(nil)
			if first.Failed {
				t.Fatal(first.Diagnostics)
			}
			noted := fmt.Sprint(first.Diagnostics)
			if want := "templates/page.html: note: serve and watch render every document of this template again after each edit, since a template ranges over a value computed by a function"; tc.traced == strings.Contains(noted, want) {
				t.Errorf("first build's notes %q: want %q only for an untraced template", noted, want)
			}
			edit := func(rel, old, new string) *Result {
				t.Helper()
				write(rel, strings.Replace(files[rel], old, new, 1))
				res := b.Rebuild([]string{rel})
				if res.Failed {
					t.Fatal(res.Diagnostics)
				}
				return res
			}
			res := edit("content/notices/a.md", "正文甲。", "正文甲，已补充。")
			// The page, and the lists that show its summary: the home
			// page, its section, year and archive.
			if tc.traced && (res.Rendered == 0 || res.Rendered > 5) {
				t.Errorf("a body edit rendered %d documents; want the page and the lists that show its summary", res.Rendered)
			}
			docs := 0
			for name := range snapshot(t, filepath.Join(dir, "inc")) {
				if strings.HasSuffix(name, ".html") {
					docs++
				}
			}
			if !tc.traced && res.Rendered < docs {
				t.Errorf("a body edit rendered %d documents of %d; an untraced footer renders every one again", res.Rendered, docs)
			}
			edit("content/notices/a.md", "甲通知", "甲通知（修订）")
			edit("content/notices/d.md", "", "---\ntitle: 丁通知\ndate: 2021-01-08\n---\n正文丁。\n")
			if res := Run(opt(filepath.Join(dir, "full"))); res.Failed {
				t.Fatal(res.Diagnostics)
			}
			got, want := snapshot(t, filepath.Join(dir, "inc")), snapshot(t, filepath.Join(dir, "full"))
			if err := diffTrees(want, got); err != nil {
				t.Fatalf("incremental build differs from a full build: %v", err)
			}
			if tc.traced && !strings.Contains(string(got["notices/c/index.html"]), "甲通知（修订）") {
				t.Errorf("the page of another notice does not list the new title in the site's own footer")
			}
		})
	}
}
