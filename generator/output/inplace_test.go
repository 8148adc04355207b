package output

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// leftovers lists the .bulletin-* temporary files under dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasPrefix(d.Name(), ".bulletin-") {
			out = append(out, p)
		}
		return nil
	})
	return out
}

func TestReplace(t *testing.T) {
	dest := t.TempDir()
	if err := Replace(dest, "notices/a/index.html", []byte("one")); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dest, "notices/a/index.html", []byte("two")); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dest, "notices", "a", "index.html")
	b, err := os.ReadFile(full)
	if err != nil || string(b) != "two" {
		t.Fatalf("after two writes the file holds %q (%v), want %q", b, err, "two")
	}
	info, _ := os.Stat(full)
	if info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644 so a web server can read it", info.Mode().Perm())
	}
	if l := leftovers(t, dest); len(l) != 0 {
		t.Errorf("temporary files left behind: %v", l)
	}
}

// TestReplaceFailedRenameLeavesNothing: a page whose path is now a
// folder cannot be renamed over; the error comes back and no temporary
// file stays in the served output.
func TestReplaceFailedRenameLeavesNothing(t *testing.T) {
	dest := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dest, "a", "index.html", "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dest, "a/index.html", []byte("page")); err == nil {
		t.Fatal("Replace over a non-empty folder succeeded")
	}
	if l := leftovers(t, dest); len(l) != 0 {
		t.Errorf("temporary files left behind: %v", l)
	}
}

func TestReplaceRefusesNamesOutside(t *testing.T) {
	parent := t.TempDir()
	dest := filepath.Join(parent, "public")
	os.Mkdir(dest, 0o755)
	for _, name := range []string{"../escape.html", "/abs.html", "a/../../escape.html", ".", `a\..\..\escape.html`, ""} {
		if err := Replace(dest, name, []byte("x")); err == nil {
			t.Errorf("Replace(%q) succeeded", name)
		}
	}
	if _, err := os.Stat(filepath.Join(parent, "escape.html")); err == nil {
		t.Error("a file was written outside the output folder")
	}
}

func TestRemove(t *testing.T) {
	dest := t.TempDir()
	for _, name := range []string{"notices/a/index.html", "notices/b/index.html", "tags/x/page/2/index.html"} {
		if err := Replace(dest, name, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	Remove(dest, "tags/x/page/2/index.html")
	if _, err := os.Stat(filepath.Join(dest, "tags")); !os.IsNotExist(err) {
		t.Errorf("the folders left empty stay: %v", err)
	}
	Remove(dest, "notices/a/index.html")
	if _, err := os.Stat(filepath.Join(dest, "notices", "a")); !os.IsNotExist(err) {
		t.Errorf("notices/a stays: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dest, "notices", "b", "index.html")); err != nil {
		t.Errorf("a sibling went too: %v", err)
	}
	Remove(dest, "notices/b/index.html")
	if _, err := os.Stat(dest); err != nil {
		t.Errorf("the output folder itself was removed: %v", err)
	}
	Remove(dest, "../"+filepath.Base(dest)) // refused, not an error to report
	if _, err := os.Stat(dest); err != nil {
		t.Errorf("Remove with a name outside removed the output folder: %v", err)
	}
}
