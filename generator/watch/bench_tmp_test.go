package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

func BenchmarkReconcile10k(b *testing.B) {
	dir := b.TempDir()
	for i := range 10000 {
		p := filepath.Join(dir, "content", fmt.Sprintf("s%d", i%20), fmt.Sprintf("y%d", i%7), fmt.Sprintf("n%d.md", i))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, []byte("x"), 0o644)
	}
	w, err := New(Options{Roots: []string{filepath.Join(dir, "content")}})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Close()
	w.Close()
	edit := filepath.Join(dir, "content", "s3", "y3", "n3.md")
	newf := filepath.Join(dir, "content", "s3", "y3", "new.md")
	os.WriteFile(newf, []byte("x"), 0o644)
	b.Run("edit", func(b *testing.B) {
		for b.Loop() {
			w.reconcile(map[string]bool{edit: true})
		}
	})
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			delete(w.known, newf)
			w.reconcile(map[string]bool{newf: true})
		}
	})
	b.Run("poll", func(b *testing.B) {
		for b.Loop() {
			w.reconcile(w.rootScopes())
		}
	})
}
