package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRebuildRefusesSymlinkOutOfSite edits a site on disk as a clerk
// might while `bulletin serve` runs, reading it through os.Root as the
// command line does: an attachment or a notice replaced by a symbolic
// link out of the site folder is an error naming it on the incremental
// path too, and the outside file is neither read nor published; a link
// inside the site is followed and sized by its target.
func TestRebuildRefusesSymlinkOutOfSite(t *testing.T) {
	const secret = "SECRET-CI-TOKEN-77d1"
	outside, dir := t.TempDir(), t.TempDir()
	write := func(base, name, data string) {
		t.Helper()
		writeSite(t, base, map[string]string{name: data})
	}
	link := func(target, name string) {
		t.Helper()
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.Remove(p)
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	write(outside, "secret.pdf", secret)
	write(outside, "secret.md", "---\ntitle: "+secret+"\ndate: 2021-01-20\n---\n"+secret+"\n")
	write(dir, "config.yaml", "title: 示例市公告栏\nbase_url: https://notices.example.gov.cn/\ntimezone: Asia/Shanghai\n")
	write(dir, "content/notices/a.md", "---\ntitle: 通知甲\ndate: 2021-01-20\nattachments:\n  - {title: 表格, file: form.pdf}\n---\n正文。\n")
	write(dir, "content/notices/form.pdf", "%PDF")
	write(dir, "files/big.pdf", strings.Repeat("x", 1536))

	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	dest := filepath.Join(t.TempDir(), "public")
	b := NewBuilder(Options{Site: root.FS(), SourceDir: dir, Theme: frozenTheme(t), Dest: dest, Now: "2021-02-20"})
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("first build failed: %v", res.Diagnostics)
	}

	steps := []struct {
		name, target string
		want         string // a diagnostic, "" for a good build
	}{
		{"content/notices/form.pdf", filepath.Join(outside, "secret.pdf"), "content/notices/form.pdf: is a symbolic link that points outside the site folder; copy the file into the site instead"},
		{"content/notices/leak.md", filepath.Join(outside, "secret.md"), "content/notices/leak.md: is a symbolic link that points outside the site folder; copy the file into the site instead"},
	}
	for _, s := range steps {
		link(s.target, s.name)
		res := b.Rebuild([]string{s.name})
		var got []string
		for _, d := range res.Diagnostics {
			got = append(got, d.Error())
		}
		if !res.Failed || !strings.Contains(strings.Join(got, "\n"), s.want) {
			t.Errorf("after linking %s out of the site: failed %v, diagnostics\n%s\nwant\n%s", s.name, res.Failed, strings.Join(got, "\n"), s.want)
		}
		os.Remove(filepath.Join(dir, filepath.FromSlash(s.name)))
	}
	if n := grepTree(t, dest, secret); n != "" {
		t.Errorf("%s holds the outside file's text", n)
	}

	// A link inside the site folder is published, with its target's size.
	link("../../files/big.pdf", "content/notices/form.pdf")
	res := b.Rebuild([]string{"content/notices/form.pdf", "content/notices/leak.md"})
	if res.Failed {
		t.Fatalf("a link inside the site failed the build: %v", res.Diagnostics)
	}
	if data, err := os.ReadFile(filepath.Join(dest, "notices/a/form.pdf")); err != nil || len(data) != 1536 {
		t.Errorf("form.pdf published as %d bytes, %v; want the 1536 bytes of its target", len(data), err)
	}
	if page, _ := os.ReadFile(filepath.Join(dest, "notices/a/index.html")); !strings.Contains(string(page), "1.5 KB") {
		t.Errorf("the page does not show the target's size 1.5 KB:\n%s", page)
	}
	// And so is it by a full build, which walks the folder.
	if res := b.Rebuild(nil); res.Failed {
		t.Fatalf("full build failed: %v", res.Diagnostics)
	}
	if page, _ := os.ReadFile(filepath.Join(dest, "notices/a/index.html")); !strings.Contains(string(page), "1.5 KB") {
		t.Errorf("after a full build the page does not show the target's size 1.5 KB")
	}
}

// grepTree returns the first file below dir that contains s, or "".
func grepTree(t *testing.T, dir, s string) string {
	t.Helper()
	found := ""
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || found != "" {
			return nil
		}
		if data, err := os.ReadFile(p); err == nil && strings.Contains(string(data), s) {
			found = p
		}
		return nil
	})
	return found
}
