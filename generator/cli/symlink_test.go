package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBuildRefusesSymlinksOutOfSite builds a site whose content/ and
// templates/ hold symbolic links to files outside the site folder, as a
// merged pull request might (CI secrets, /etc/passwd): each is an error
// naming the link, and nothing of the outside files reaches the output.
// A link to a file inside the site keeps working, and the page shows the
// size of that file, not of the link.
func TestBuildRefusesSymlinksOutOfSite(t *testing.T) {
	const secret = "SECRET-CI-TOKEN-4f9a"
	outside := t.TempDir()
	for name, data := range map[string]string{
		"secret.txt":    secret + "\n",
		"secret.md":     "---\ntitle: " + secret + "\ndate: 2021-01-20\n---\n" + secret + "\n",
		"base.html":     `{{define "main"}}` + secret + `{{end}}`,
		"dir/notice.md": "---\ntitle: " + secret + "\ndate: 2021-01-20\n---\n" + secret + "\n",
	} {
		p := filepath.Join(outside, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := site(t, map[string]string{
		"content/notices/att.md": "---\ntitle: 附件\ndate: 2021-01-20\nattachments:\n  - {title: 表格, file: form.pdf}\n  - {title: 内部, file: inside.pdf}\n---\n正文。\n",
		"files/inside.pdf":       strings.Repeat("x", 1536),
	})
	links := map[string]string{
		"content/notices/form.pdf":   filepath.Join(outside, "secret.txt"),
		"content/notices/leak.md":    filepath.Join(outside, "secret.md"),
		"content/notices/rel.md":     "../../../" + filepath.Base(outside) + "/secret.md",
		"content/notices/linked":     filepath.Join(outside, "dir"),
		"content/notices/inside.pdf": "../../files/inside.pdf",
		"templates/404.html":         filepath.Join(outside, "base.html"),
		"templates/assets/x.css":     filepath.Join(outside, "secret.txt"),
	}
	for name, target := range links {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	// The relative link climbs out of the site folder into outside, a
	// sibling of dir only when both are in one temporary folder.
	if filepath.Dir(outside) != filepath.Dir(dir) {
		os.Remove(filepath.Join(dir, "content/notices/rel.md"))
	}

	code, stdout, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	if code != ExitError {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitError, stdout, stderr)
	}
	for _, want := range []string{
		"templates/404.html: is a symbolic link that points outside the site folder; copy the file into the site instead",
		"templates/assets/x.css: is a symbolic link that points outside the site folder",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Errorf("the outside file's text reached the output:\n%s%s", stdout, stderr)
	}

	// With the theme's links gone, the content's are reported.
	os.RemoveAll(filepath.Join(dir, "templates"))
	code, stdout, stderr = run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	if code != ExitError {
		t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, ExitError, stdout, stderr)
	}
	wants := []string{
		"content/notices/form.pdf: is a symbolic link that points outside the site folder; copy the file into the site instead",
		"content/notices/leak.md: is a symbolic link that points outside the site folder",
		"content/notices/linked: is a symbolic link that points outside the site folder",
	}
	if exists(filepath.Join(dir, "content/notices/rel.md")) {
		wants = append(wants, "content/notices/rel.md: is a symbolic link that points outside the site folder")
	}
	for _, want := range wants {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stdout+stderr, secret) {
		t.Errorf("the outside file's text reached the output:\n%s%s", stdout, stderr)
	}
	if exists(filepath.Join(dir, "public")) {
		t.Errorf("a failed build wrote public/")
	}

	// Links out removed, the link inside the site is published with the
	// size of its target.
	for _, name := range []string{"form.pdf", "leak.md", "rel.md", "linked"} {
		os.Remove(filepath.Join(dir, "content/notices", name))
	}
	os.WriteFile(filepath.Join(dir, "content/notices/form.pdf"), []byte("%PDF"), 0o644)
	code, stdout, stderr = run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	page, err := os.ReadFile(filepath.Join(dir, "public/notices/att/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(page), "1.5 KB") {
		t.Errorf("the page does not show the linked file's size 1.5 KB:\n%s", page)
	}
	if data, err := os.ReadFile(filepath.Join(dir, "public/notices/att/inside.pdf")); err != nil || len(data) != 1536 {
		t.Errorf("inside.pdf published as %d bytes, %v; want the 1536 bytes of its target", len(data), err)
	}
}

// TestBuildRefusesConfigSymlinkOutOfSite: config.yaml linked from outside
// the site folder is named as such, not taken for a missing file.
func TestBuildRefusesConfigSymlinkOutOfSite(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "config.yaml"), []byte("title: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := site(t, nil)
	os.Remove(filepath.Join(dir, "config.yaml"))
	if err := os.Symlink(filepath.Join(outside, "config.yaml"), filepath.Join(dir, "config.yaml")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	code, _, stderr := run(t, nil, "build", "--source", dir, "--now", "2021-02-20")
	want := "config.yaml: is a symbolic link that points outside the site folder; copy the file into the site instead"
	if code != ExitError || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, stderr:\n%s\nwant %q", code, stderr, want)
	}
}
