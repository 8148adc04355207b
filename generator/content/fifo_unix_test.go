//go:build unix

package content

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestWalkRefusesPipe: a named pipe in content/ would block the build
// that reads it forever; it is reported and left out instead.
func TestWalkRefusesPipe(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "content", "notices"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "content", "notices", "form.pdf"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	_, others, diags := Walk(root.FS(), Dir)
	want := "content/notices/form.pdf: is not a regular file (a pipe, socket or device): bulletin publishes only files; remove it from the site folder"
	if len(others) != 0 || len(diags) != 1 || diags[0].Error() != want {
		t.Errorf("Walk = %v, %v; want no others and %q", others, diags, want)
	}
}
