// Package output writes a build to disk atomically.
//
// A build writes into a staging folder beside the destination; only when the
// whole build succeeded is the staging folder swapped into place, so a failed
// build leaves the previous site untouched, and files of deleted pages
// disappear because the new site is written from scratch.
//
// The swap exchanges the two folders in one step where the system can
// (renameat2 with RENAME_EXCHANGE on Linux), so there is no moment without
// the destination, and a build killed at any point leaves either the
// previous site or the new one, never a mix or nothing. Elsewhere it is two
// renames; a build killed between them leaves the previous site beside the
// destination, and the next build puts it back.
//
// A staging folder is named .<dest>.staging-<random> and holds a marker
// file, the new site (site/) and, for a moment, the previous one (old/).
// Each build holds a shared lock on the folder around the destination for
// as long as its staging folder exists; a build that can take that lock
// exclusively knows no other build for that folder is running, and removes
// the staging folders that builds killed earlier left behind (and the
// .<dest>.old-* folders of earlier versions). Only folders with that name,
// which are empty or carry the marker, are removed; where the lock is not
// to be had (no flock, or NFS), only those a day old.
//
// A --dest that is a symbolic link to a folder is updated at its target:
// the target folder is swapped and the link is kept.
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
	if err := checkLink(dest); err != nil {
		return err
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

// checkLink refuses a dest that is a symbolic link to nothing: the build
// would create its target, wherever it points, without the checks above
// having seen it.
func checkLink(dest string) error {
	info, err := os.Lstat(dest)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if _, err := os.Stat(dest); errors.Is(err, fs.ErrNotExist) {
		to, _ := os.Readlink(dest)
		return fmt.Errorf("--dest %s is a symbolic link to %s, which does not exist: create that folder or remove the link", dest, to)
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
