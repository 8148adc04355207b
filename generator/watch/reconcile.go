package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// fileStat is what the watcher remembers of a file to notice a change
// without an event (polling, or after a lost event).
type fileStat struct {
	size  int64
	mtime int64 // nanoseconds since 1970
}

func statOf(info fs.FileInfo) fileStat {
	return fileStat{size: info.Size(), mtime: info.ModTime().UnixNano()}
}

// scanned is what a scan found on disk.
type scanned struct {
	files   map[string]fileStat
	folders map[string]bool
}

// reconcile compares the file system at the given paths with the files the
// watcher knows, updates what it knows, and returns the differences. A path
// that is a folder stands for every file below it. A path marked true had an
// event that may have changed its content, so it is Modified even when its
// size and time look the same (two saves within one clock tick).
//
// Looking at the result rather than at the events is what makes atomic saves
// one Modified, and a folder that appeared before its watch did complete.
// The error is a LimitError for a folder that could not be watched.
func (w *Watcher) reconcile(scopes map[string]bool) ([]Change, error) {
	w.problems = map[string]bool{}
	defer func() { w.lastProblems, w.problems = w.problems, nil }()
	found := &scanned{files: map[string]fileStat{}, folders: map[string]bool{}}
	var limit error
	wide := false // some path is or was a folder: look below it
	for p := range scopes {
		if err := w.scan(p, found); limit == nil {
			limit = err
		}
		if found.folders[p] || w.folders[p] {
			wide = true
		}
	}

	var changes []Change
	for p, st := range found.files {
		old, ok := w.known[p]
		switch {
		case !ok:
			changes = append(changes, Change{p, Created})
		case scopes[p] || old != st:
			changes = append(changes, Change{p, Modified})
		}
		w.known[p] = st
	}
	gone := func(p string) {
		// Only a file that was known can be Removed: a root that is
		// missing, or a folder, is not a file.
		if _, known := w.known[p]; !known {
			return
		}
		if _, ok := found.files[p]; !ok && inScopes(p, scopes) {
			changes = append(changes, Change{p, Removed})
			delete(w.known, p)
		}
	}
	if wide {
		for p := range w.known {
			gone(p)
		}
		for f := range w.folders {
			if !found.folders[f] && inScopes(f, scopes) {
				delete(w.folders, f)
			}
		}
	} else {
		for p := range scopes {
			gone(p)
		}
	}
	for f := range found.folders {
		w.folders[f] = true
	}
	return changes, limit
}

// inScopes reports whether the clean path p is one of the scopes or lies
// below one.
func inScopes(p string, scopes map[string]bool) bool {
	for q := p; ; {
		if _, ok := scopes[q]; ok {
			return true
		}
		i := strings.LastIndexByte(q, filepath.Separator)
		switch {
		case i > 0:
			q = q[:i]
		case i == 0 && q != string(filepath.Separator):
			q = string(filepath.Separator)
		default: // at the top of an absolute or relative path
			_, dot := scopes["."]
			_, below := within(p, ".")
			return dot && below
		}
	}
}

// scan records in found the file at p, or the folder p with everything
// below it. A missing path records nothing.
func (w *Watcher) scan(p string, found *scanned) (limit error) {
	info, err := w.stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		w.report(fmt.Errorf("watch: %w", err))
	case info.IsDir():
		return w.scanFolder(p, found)
	case info.Mode().IsRegular():
		found.files[p] = statOf(info)
	}
	return nil
}

// scanFolder watches dir and every folder below it that lacks a watch, and,
// unless found is nil, records what is in them. The watch is added before
// the folder is read, so a file created meanwhile is either read or reported
// by an event.
func (w *Watcher) scanFolder(dir string, found *scanned) (limit error) {
	if w.fw != nil && !w.dirs[dir] {
		switch err := w.fw.Add(dir); {
		case err == nil:
			w.dirs[dir] = true
			w.limited = false
		case errors.Is(err, fs.ErrNotExist):
			return nil // gone again
		default:
			err = watchError(dir, err)
			var le *LimitError
			if !errors.As(err, &le) {
				w.report(err)
				err = nil
			}
			limit = err // the files are still recorded below
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			w.report(fmt.Errorf("watch: %w", err))
		}
		return limit
	}
	if found != nil {
		found.folders[dir] = true
	}
	for _, e := range entries {
		if w.ignored(e.Name()) {
			continue
		}
		p := filepath.Join(dir, e.Name())
		if e.IsDir() {
			if err := w.scanFolder(p, found); limit == nil {
				limit = err
			}
			continue
		}
		if found == nil {
			continue
		}
		if info, err := w.stat(p); err == nil && info.Mode().IsRegular() {
			found.files[p] = statOf(info)
		}
	}
	return limit
}

// stat describes p, following a symbolic link to a file. A link to a folder
// is described as the link, so it is neither walked nor reported, except
// when it is a root.
func (w *Watcher) stat(p string) (fs.FileInfo, error) {
	if w.isRoot(p) {
		return os.Stat(p)
	}
	info, err := os.Lstat(p)
	if err != nil || info.Mode()&fs.ModeSymlink == 0 {
		return info, err
	}
	target, err := os.Stat(p)
	if err != nil || target.IsDir() {
		return info, nil
	}
	return target, nil
}
