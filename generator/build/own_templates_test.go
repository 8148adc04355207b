package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIncrementalWithOwnTemplates: a site's own template may show what the
// default theme's fingerprints do not follow (here every page lists the
// newest titles); an incremental rebuild must still equal a full build.
func TestIncrementalWithOwnTemplates(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"config.yaml":                    "title: 测试\nbase_url: https://example.gov.cn/\nsections:\n  notices: {title: 通知公告, kind: notice}\n",
		"templates/partials/footer.html": `{{define "footer"}}<footer><ul>{{range .Lang.Pages}}<li>{{.Title}}</li>{{end}}</ul></footer>{{end}}`,
		"content/notices/a.md":           "---\ntitle: 甲通知\ndate: 2021-01-05\n---\n正文甲。\n",
		"content/notices/b.md":           "---\ntitle: 乙通知\ndate: 2021-01-06\n---\n正文乙。\n",
		"content/notices/c.md":           "---\ntitle: 丙通知\ndate: 2021-01-07\n---\n正文丙。\n",
	}
	for name, data := range files {
		full := filepath.Join(dir, "site", filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(full), 0o755)
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	site := filepath.Join(dir, "site")
	opt := func(dest string) Options {
		return Options{Site: os.DirFS(site), SourceDir: site, Dest: dest, Theme: os.DirFS("../../templates"), Now: "2021-02-20"}
	}
	b := NewBuilder(opt(filepath.Join(dir, "inc")))
	if res := b.Rebuild(nil); res.Failed {
		t.Fatal(res.Diagnostics)
	}
	a := filepath.Join(site, "content/notices/a.md")
	src, _ := os.ReadFile(a)
	os.WriteFile(a, []byte(strings.Replace(string(src), "甲通知", "甲通知（修订）", 1)), 0o644)
	if res := b.Rebuild([]string{"content/notices/a.md"}); res.Failed {
		t.Fatal(res.Diagnostics)
	}
	if res := Run(opt(filepath.Join(dir, "full"))); res.Failed {
		t.Fatal(res.Diagnostics)
	}
	got, want := snapshot(t, filepath.Join(dir, "inc")), snapshot(t, filepath.Join(dir, "full"))
	if err := diffTrees(want, got); err != nil {
		t.Fatalf("incremental build differs from a full build: %v", err)
	}
	if !strings.Contains(string(got["notices/c/index.html"]), "甲通知（修订）") {
		t.Errorf("the page of another notice does not list the new title in the site's own footer")
	}
}
