package content

import (
	"io/fs"
	"os"
	"path/filepath"
)

// DirFS returns the site folder dir as a file system, as os.DirFS does,
// but whose ReadFile is lighter where the system allows: a site has
// thousands of small files, and os.ReadFile registers each one with the
// runtime's poller and a cleanup, which for a regular file buys nothing
// and costs as much as the reading (on unix, readFile below).
func DirFS(dir string) fs.FS {
	return dirFS{FS: os.DirFS(dir), dir: dir}
}

type dirFS struct {
	fs.FS // os.DirFS(dir), for everything but ReadFile
	dir   string
}

func (d dirFS) ReadFile(name string) ([]byte, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "readfile", Path: name, Err: fs.ErrInvalid}
	}
	b, err := readFile(filepath.Join(d.dir, filepath.FromSlash(name)))
	if e, ok := err.(*fs.PathError); ok {
		e.Path = name // as os.DirFS reports it
	}
	return b, err
}

func (d dirFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(d.FS, name) }

func (d dirFS) Stat(name string) (fs.FileInfo, error) { return fs.Stat(d.FS, name) }
