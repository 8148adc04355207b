package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// Stage is a build being written. It is safe for concurrent use.
type Stage struct {
	dest string   // the folder the build replaces: --dest, or the folder it links to
	work string   // the staging folder beside dest, this build's own
	dir  string   // work/site: the new output
	lock *os.File // the shared lock on dest's parent folder; nil without one
	dirs sync.Map // folders already created
	mu   sync.Mutex
	n    int
}

// unknownAge is how old a staging folder must be to count as stale where
// locks cannot tell (see lockFolder).
const unknownAge = 24 * time.Hour

// Names inside a staging folder.
const (
	siteDir = "site" // the new output
	oldDir  = "old"  // the previous output, between the two renames of swap
)

// markerText is what Marker files say, in the output and in a staging
// folder alike.
var markerText = []byte("This folder is written by bulletin; each build replaces it whole.\n")

// testHook, when set by a test, is called at the named moments of a build
// ("staged", "commit", "aside", "swapped"), so a test can kill the process
// exactly there. It is nil outside tests.
var testHook func(moment string)

func hook(moment string) {
	if testHook != nil {
		testHook(moment)
	}
}

// NewStage starts a build for dest: a staging folder beside it, on the same
// file system so the final swap is a rename. It first removes what killed
// builds left there, when no other build for that folder is running.
func NewStage(dest string) (*Stage, error) {
	target, err := resolveDest(dest)
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the output's parent folder: %w", err)
	}
	lock, staleAfter := lockFolder(parent)
	if staleAfter >= 0 {
		removeStale(parent, base, staleAfter)
		shareLock(lock)
	}
	s := &Stage{dest: target, lock: lock}
	if err := s.create(parent, base); err != nil {
		s.Abort()
		return nil, err
	}
	hook("staged")
	return s, nil
}

// create makes the staging folder and the new output's root in it, each
// with its marker; the staging folder's marker goes first, so a build
// killed at any later moment leaves a folder the next build knows as its
// own.
func (s *Stage) create(parent, base string) error {
	work, err := os.MkdirTemp(parent, "."+base+".staging-")
	if err != nil {
		return fmt.Errorf("cannot create a staging folder beside %s: %w", s.dest, err)
	}
	s.work, s.dir = work, filepath.Join(work, siteDir)
	if err := os.WriteFile(filepath.Join(work, Marker), markerText, 0o644); err != nil {
		return err
	}
	if err := os.Mkdir(s.dir, 0o755); err != nil {
		return err
	}
	// Mkdir's mode passes through the umask; the output is for a web
	// server to read, as it was before this build.
	if err := os.Chmod(s.dir, 0o755); err != nil {
		return err
	}
	if err := s.WriteFile(Marker, markerText); err != nil {
		return err
	}
	s.n = 0
	return nil
}

// resolveDest makes dest absolute and, when it is a symbolic link, follows
// it: the build replaces the folder the link points to and keeps the link,
// and stages beside that folder, on its file system.
func resolveDest(dest string) (string, error) {
	abs, err := filepath.Abs(dest)
	if err != nil {
		return "", err
	}
	info, err := os.Lstat(abs)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return abs, nil
	}
	if err := checkLink(dest); err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// WriteFile writes one output file. name is slash-separated, relative, and
// may not leave the output folder.
func (s *Stage) WriteFile(name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
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

// Commit swaps the staged build into place and removes the previous
// output. When there is no previous output the new one is renamed into
// place.
func (s *Stage) Commit() error {
	defer s.unlock()
	hook("commit")
	info, err := os.Lstat(s.dest)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		err = os.Rename(s.dir, s.dest)
	case err != nil:
	case !info.IsDir():
		// NewStage followed a link; what is here now is something else.
		err = fmt.Errorf("%s is no longer a folder; refusing to replace it", s.dest)
	default:
		err = swap(s.dir, s.dest, filepath.Join(s.work, oldDir))
	}
	if err != nil {
		aside := filepath.Join(s.work, oldDir)
		if _, lerr := os.Lstat(aside); lerr == nil {
			// Neither rename back nor removal: this is the only copy of
			// the previous output, which the next build puts back.
			return fmt.Errorf("cannot move the new output into place: %w; the previous output is in %s", err, aside)
		}
		removeOwned(s.work)
		return fmt.Errorf("cannot move the new output into place: %w", err)
	}
	hook("swapped")
	// The staging folder now holds the previous output. Removing it may
	// fail or be cut short by a kill; the next build finishes the job.
	removeOwned(s.work)
	return nil
}

// Abort throws the staged build away; the previous output is untouched.
func (s *Stage) Abort() {
	if s.work != "" {
		removeOwned(s.work)
	}
	s.unlock()
}

// unlock lets other builds treat this one's staging folder as stale, once
// it is gone or holds nothing but an output already replaced.
func (s *Stage) unlock() {
	if s.lock != nil {
		s.lock.Close()
		s.lock = nil
	}
}

// exchange swaps two folders in one step, or returns errors.ErrUnsupported
// where the system or the file system cannot. A variable, so tests can
// take the fallback on Linux too.
var exchange = exchangeFolders

// swap puts staged at dest and the previous dest at staged. Without an
// exchange it takes two renames, with a moment between them when dest does
// not exist: the previous output is then at aside, where removeStale finds
// it should the build be killed in that moment.
func swap(staged, dest, aside string) error {
	err := exchange(staged, dest)
	if !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	if err := os.Rename(dest, aside); err != nil {
		return fmt.Errorf("cannot move the previous output aside: %w", err)
	}
	hook("aside")
	if err := os.Rename(staged, dest); err != nil {
		if rerr := os.Rename(aside, dest); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	return nil
}
