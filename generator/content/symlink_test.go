package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWalkSymlinks walks a real site folder through os.Root, as the
// command line reads it, with each kind of symbolic link beside a notice:
// links out of the site folder are errors naming the link and are left
// out; links inside it are followed and sized by their target.
func TestWalkSymlinks(t *testing.T) {
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(outside, "dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, target string // link content/notices/<name> → target
		diag         string // the diagnostic, "" for none
		other        int64  // the size listed in Tree.Others, -1 for none
		md           bool   // listed as Markdown
	}{
		{"abs.pdf", filepath.Join(outside, "secret.txt"), "content/notices/abs.pdf: is a symbolic link that points outside the site folder; copy the file into the site instead", -1, false},
		{"rel.pdf", "../../../" + filepath.Base(outside) + "/secret.txt", "content/notices/rel.pdf: is a symbolic link that points outside the site folder; copy the file into the site instead", -1, false},
		{"leak.md", filepath.Join(outside, "secret.txt"), "content/notices/leak.md: is a symbolic link that points outside the site folder; copy the file into the site instead", -1, false},
		{"outdir", filepath.Join(outside, "dir"), "content/notices/outdir: is a symbolic link that points outside the site folder; copy the file into the site instead", -1, false},
		{"missing.pdf", "nothing-here.pdf", "content/notices/missing.pdf: is a symbolic link to a file that does not exist: remove the link, or copy the file into the site folder", -1, false},
		{"inside.pdf", "../../files/form.pdf", "", 1536, false},
		{"same.md", "a.md", "", -1, true},
		{"indir", "../../files", "content/notices/indir: warning: is a symbolic link to a folder, which bulletin does not follow: nothing in it is published; move the folder here instead", -1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(filepath.Dir(outside), "site-"+tt.name)
			for name, data := range map[string]string{
				"content/notices/a.md": "---\ntitle: 甲\ndate: 2021-01-20\n---\n",
				"files/form.pdf":       strings.Repeat("x", 1536),
			} {
				p := filepath.Join(dir, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.Symlink(tt.target, filepath.Join(dir, "content", "notices", tt.name)); err != nil {
				t.Skipf("no symbolic links here: %v", err)
			}
			root, err := os.OpenRoot(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer root.Close()

			md, others, diags := Walk(root.FS(), Dir)
			var got []string
			for _, d := range diags {
				got = append(got, d.Error())
			}
			if strings.Join(got, "\n") != tt.diag {
				t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(got, "\n"), tt.diag)
			}
			rel := "notices/" + tt.name
			listed := int64(-1)
			for _, o := range others {
				if o.Path == rel {
					listed = o.Size
				}
			}
			if listed != tt.other {
				t.Errorf("listed among others with size %d, want %d (-1: not listed)", listed, tt.other)
			}
			if got := strings.Contains(strings.Join(md, ","), rel); got != tt.md {
				t.Errorf("listed as Markdown: %v, want %v (%q)", got, tt.md, md)
			}
		})
	}
}

// TestStatRefusesContentFolderOutOfSite: content/ itself a link out of
// the site folder is reported as such, and nothing below it is listed.
func TestStatRefusesContentFolderOutOfSite(t *testing.T) {
	outside, dir := t.TempDir(), t.TempDir()
	os.MkdirAll(filepath.Join(outside, "notices"), 0o755)
	os.WriteFile(filepath.Join(outside, "notices", "a.md"), []byte("---\ntitle: 甲\ndate: 2021-01-20\n---\n"), 0o644)
	if err := os.Symlink(outside, filepath.Join(dir, "content")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	md, others, diags := Walk(root.FS(), Dir)
	if len(md)+len(others) != 0 || len(diags) != 1 || diags[0].Error() != "content: is a symbolic link that points outside the site folder; copy the file into the site instead" {
		t.Errorf("Walk = %q, %v, %v", md, others, diags)
	}
}
