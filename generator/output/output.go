// Package output writes a build to disk atomically.
//
// A build writes into a staging folder beside the destination; only when the
// whole build succeeded is the staging folder swapped into place, so a failed
// build leaves the previous site untouched, and files of deleted pages
// disappear because the new site is written from scratch.
//
// The destination is checked first: it may not be the source folder, its
// content/ or templates/, inside those, an ancestor of the source, or "/".
// A non-empty folder that bulletin did not write is never replaced.
package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Marker is the file that marks a folder as bulletin's output, so a later
// build may replace it.
const Marker = ".bulletin-output"

// CheckDest refuses a destination that would overwrite or be read as the
// site's own input. source and dest may be relative.
func CheckDest(source, dest string) error {
	src, err := canonical(source)
	if err != nil {
		return err
	}
	dst, err := canonical(dest)
	if err != nil {
		return err
	}
	switch {
	case dst == string(filepath.Separator) || dst == filepath.VolumeName(dst)+string(filepath.Separator):
		return fmt.Errorf("--dest %s is the file system root: choose a folder such as public/", dest)
	case dst == src:
		return fmt.Errorf("--dest %s is the source folder: choose a folder such as public/", dest)
	case within(src, dst):
		return fmt.Errorf("--dest %s contains the source folder %s: choose a folder inside it such as public/", dest, source)
	}
	for _, input := range []string{"content", "templates"} {
		in := filepath.Join(src, input)
		if dst == in || within(dst, in) {
			return fmt.Errorf("--dest %s is inside the site's %s/ folder, which the build reads: choose a folder such as public/", dest, input)
		}
	}
	info, err := os.Stat(dst)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("--dest %s is a file, not a folder", dest)
	}
	entries, err := os.ReadDir(dst)
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dst, Marker)); err != nil {
		return fmt.Errorf("--dest %s is a folder bulletin did not write (no %s file in it); refusing to replace its contents: empty it or choose another folder", dest, Marker)
	}
	return nil
}

// canonical makes p absolute and resolves symbolic links of the part that
// exists, so two spellings of one folder compare equal.
func canonical(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; cur = filepath.Dir(cur) {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		if filepath.Dir(cur) == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
	}
}

// within reports whether child is strictly inside parent.
func within(child, parent string) bool {
	rel, err := filepath.Rel(parent, child)
	return err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// Stage is a build being written. It is safe for concurrent use.
type Stage struct {
	dest string
	dir  string
	dirs sync.Map // folders already created
	mu   sync.Mutex
	n    int
}

// NewStage starts a build for dest: a staging folder beside it, on the same
// file system so the final swap is a rename.
func NewStage(dest string) (*Stage, error) {
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output's parent folder: %w", err)
	}
	dir, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".staging-")
	if err != nil {
		return nil, fmt.Errorf("cannot create a staging folder beside %s: %w", dest, err)
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return nil, err
	}
	s := &Stage{dest: dest, dir: dir}
	if err := s.WriteFile(Marker, []byte("This folder is written by bulletin; each build replaces it whole.\n")); err != nil {
		s.Abort()
		return nil, err
	}
	s.n = 0
	return s, nil
}

// WriteFile writes one output file. name is slash-separated, relative, and
// may not leave the output folder.
func (s *Stage) WriteFile(name string, data []byte) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("refusing to write %q: output paths stay inside the output folder", name)
	}
	full := filepath.Join(s.dir, filepath.FromSlash(name))
	if err := s.mkdir(filepath.Dir(full)); err != nil {
		return err
	}
	if err := os.WriteFile(full, data, 0o644); err != nil {
		return err
	}
	s.mu.Lock()
	s.n++
	s.mu.Unlock()
	return nil
}

// mkdir creates dir, a folder inside the stage, and its missing parents.
// The stage starts empty, so each folder is made with one Mkdir, and only
// once: a build of 10,000 notices makes as many folders as pages.
func (s *Stage) mkdir(dir string) error {
	if dir == s.dir {
		return nil
	}
	if _, ok := s.dirs.Load(dir); ok {
		return nil
	}
	parent := filepath.Dir(dir)
	if parent == dir { // a root: WriteFile's checks keep names inside the stage
		return nil
	}
	if err := s.mkdir(parent); err != nil {
		return err
	}
	// Two writers may race to the same new folder; the loser sees it exist.
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.dirs.Store(dir, true)
	return nil
}

// Files returns how many files were written.
func (s *Stage) Files() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// Commit swaps the staged build into place: the old output is moved aside,
// the new one renamed in, and the old one removed.
func (s *Stage) Commit() error {
	old := ""
	if _, err := os.Lstat(s.dest); err == nil {
		aside, err := os.MkdirTemp(filepath.Dir(s.dest), "."+filepath.Base(s.dest)+".old-")
		if err != nil {
			return err
		}
		old = filepath.Join(aside, "site")
		if err := os.Rename(s.dest, old); err != nil {
			os.Remove(aside)
			return fmt.Errorf("cannot move the previous output aside: %w", err)
		}
		defer os.RemoveAll(aside)
	}
	if err := os.Rename(s.dir, s.dest); err != nil {
		if old != "" {
			_ = os.Rename(old, s.dest) // put the previous site back
		}
		return fmt.Errorf("cannot move the new output into place: %w", err)
	}
	return nil
}

// Abort throws the staged build away; the previous output is untouched.
func (s *Stage) Abort() { os.RemoveAll(s.dir) }
