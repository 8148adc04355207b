package cli

import (
	"io/fs"
	"os"
	"sync/atomic"
)

// siteRoot is the site folder as builds read it: the FS of an os.Root, so
// that no symbolic link leads a build outside the folder, which follows the
// folder's path rather than the folder first opened. An os.Root holds the
// folder open: renamed away, it would go on reading it under its new name;
// removed and made again, it would read the removed one, empty, for ever.
// watch and serve call reopen before each rebuild.
//
// It implements the interfaces os.Root's FS does, so fs.Stat, fs.Lstat,
// fs.ReadFile and fs.ReadDir keep their fast paths.
type siteRoot struct {
	path string
	cur  atomic.Pointer[siteHandle]
}

// siteHandle is one opening of the folder; root is nil while the path
// names no folder, and fsys then answers that nothing exists.
type siteHandle struct {
	root *os.Root
	fsys fs.FS
}

// openSite opens the site folder at path; it is an error if there is none.
func openSite(path string) (*siteRoot, error) {
	s := &siteRoot{path: path}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, err
	}
	s.cur.Store(&siteHandle{root: root, fsys: root.FS()})
	return s, nil
}

// reopen opens the folder at the path again, closing the last opening; it
// must not be called while a build reads. It reports whether the folder
// is another than before (renamed in, made again, gone or back), after
// which the caches of a build say nothing about it.
func (s *siteRoot) reopen() (replaced bool) {
	old := s.cur.Load()
	next := &siteHandle{fsys: missingFS{}}
	if root, err := os.OpenRoot(s.path); err == nil {
		next = &siteHandle{root: root, fsys: root.FS()}
	}
	s.cur.Store(next)
	replaced = !sameFolder(old, next)
	if old.root != nil {
		old.root.Close()
	}
	return replaced
}

// sameFolder tells whether two openings are of one folder.
func sameFolder(a, b *siteHandle) bool {
	if a.root == nil || b.root == nil {
		return a.root == nil && b.root == nil
	}
	ai, err := a.root.Stat(".")
	if err != nil {
		return false
	}
	bi, err := b.root.Stat(".")
	if err != nil {
		return false
	}
	return os.SameFile(ai, bi)
}

// Close closes the folder.
func (s *siteRoot) Close() error {
	if h := s.cur.Load(); h.root != nil {
		return h.root.Close()
	}
	return nil
}

func (s *siteRoot) fsys() fs.FS { return s.cur.Load().fsys }

func (s *siteRoot) Open(name string) (fs.File, error) { return s.fsys().Open(name) }

func (s *siteRoot) Stat(name string) (fs.FileInfo, error) { return fs.Stat(s.fsys(), name) }

func (s *siteRoot) Lstat(name string) (fs.FileInfo, error) { return fs.Lstat(s.fsys(), name) }

func (s *siteRoot) ReadLink(name string) (string, error) { return fs.ReadLink(s.fsys(), name) }

func (s *siteRoot) ReadFile(name string) ([]byte, error) { return fs.ReadFile(s.fsys(), name) }

func (s *siteRoot) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(s.fsys(), name) }

// missingFS is a site folder that is not there: every name is missing, so
// a build says which file it needed (config.yaml first) and keeps the last
// good output.
type missingFS struct{}

func (missingFS) Open(name string) (fs.File, error) {
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
