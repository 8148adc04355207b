package content_test

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"bulletin/generator/content"
)

// TestDirFSReadsAsOSDirFS holds content.DirFS's ReadFile to os.DirFS's:
// the same bytes and the same errors, message for message.
func TestDirFSReadsAsOSDirFS(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"config.yaml":            "title: x\n",
		"content/empty.md":       "",
		"content/notices/a.md":   "---\ntitle: 春节\n---\r\n正文\n",
		"content/notices/big.md": strings.Repeat("第一条 为做好春节期间疫情防控工作。\n", 3000),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fast, ref := content.DirFS(dir), os.DirFS(dir)
	for _, name := range []string{"config.yaml", "content/empty.md", "content/notices/a.md", "content/notices/big.md",
		"content/missing.md", "content/notices", "../outside", "/abs", "content/notices/a.md/x"} {
		got, gotErr := fs.ReadFile(fast, name)
		want, wantErr := fs.ReadFile(ref, name)
		if !bytes.Equal(got, want) || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("ReadFile(%q) = %d bytes, %v; os.DirFS gives %d bytes, %v", name, len(got), gotErr, len(want), wantErr)
		}
	}
	if err := fstest.TestFS(fast, "config.yaml", "content/empty.md", "content/notices/a.md", "content/notices/big.md"); err != nil {
		t.Error(err)
	}
}
