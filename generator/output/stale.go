package output

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// removeStale removes the staging folders that killed builds left beside
// parent/base, and the .<base>.old-* folders earlier versions of bulletin
// set aside. The caller makes sure no other build for that folder is
// running (see lockFolder); where it cannot, minAge keeps folders younger
// than that.
//
// When a build was killed between the two renames of swap, base is missing
// and its previous output waits in a staging folder's old/: it is put back
// first, and its folder is kept should that fail.
//
// Removal is best effort: whatever cannot be removed now is tried again by
// the next build, and never touches the output.
func removeStale(parent, base string, minAge time.Duration) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	var stale []string
	for _, e := range entries {
		name := e.Name()
		legacy := strings.HasPrefix(name, "."+base+".old-")
		if !legacy && !strings.HasPrefix(name, "."+base+".staging-") {
			continue
		}
		dir := filepath.Join(parent, name)
		if ownedStale(dir, legacy, minAge) {
			stale = append(stale, dir)
		}
	}
	dest := filepath.Join(parent, base)
	if _, err := os.Lstat(dest); errors.Is(err, fs.ErrNotExist) {
		if i := newestAside(stale, base); i >= 0 && os.Rename(asideIn(stale[i], base), dest) != nil {
			// The only copy of the previous output: keep it.
			stale = slices.Delete(stale, i, i+1)
		}
	}
	for _, dir := range stale {
		removeOwned(dir)
	}
}

// ownedStale reports whether dir, named like one of bulletin's staging or
// set-aside folders, is one: a real folder (not a link), untouched for
// minAge, that is empty (a build killed just after creating it, or just
// before removing it), carries the marker, or, for an earlier version's
// .old-* folder, holds only site/.
func ownedStale(dir string, legacy bool, minAge time.Duration) bool {
	info, err := os.Lstat(dir)
	if err != nil || !info.IsDir() {
		return false
	}
	if minAge > 0 && time.Since(info.ModTime()) < minAge {
		return false
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	if len(entries) == 0 {
		return true
	}
	for _, e := range entries {
		if e.Name() == Marker && e.Type().IsRegular() {
			return true
		}
	}
	return legacy && len(entries) == 1 && entries[0].Name() == siteDir && entries[0].IsDir()
}

// asideIn is where a killed build left the previous output in dir: a
// staging folder keeps it in old/, an earlier version's .old-* folder in
// site/. A staging folder's site/ is a new output, perhaps half written,
// and never put back.
func asideIn(dir, base string) string {
	if strings.HasPrefix(filepath.Base(dir), "."+base+".old-") {
		return filepath.Join(dir, siteDir)
	}
	return filepath.Join(dir, oldDir)
}

// newestAside returns the index of the folder in dirs that holds a
// previous output, the most recently set aside when several do, or -1.
func newestAside(dirs []string, base string) int {
	best := -1
	var bestTime time.Time
	for i, dir := range dirs {
		info, err := os.Lstat(asideIn(dir, base))
		if err != nil || !info.IsDir() {
			continue
		}
		// Moving the output aside is the last change to its folder.
		if folder, err := os.Lstat(dir); err == nil && (best < 0 || folder.ModTime().After(bestTime)) {
			best, bestTime = i, folder.ModTime()
		}
	}
	return best
}

// removeOwned removes one of bulletin's staging folders, its marker last,
// so that a removal cut short leaves a folder the next build still knows
// as its own.
func removeOwned(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.Name() != Marker {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
	os.Remove(filepath.Join(dir, Marker))
	os.Remove(dir)
}
