package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Between full builds, serve updates the output folder in place: only the
// files an edit changed are written, and those the site no longer
// produces are removed.

// checkName refuses an output name that is not a slash-separated path
// inside the output folder.
func checkName(name string) error {
	if !fs.ValidPath(name) || name == "." || strings.Contains(name, "\\") {
		return fmt.Errorf("refusing to write %q: output paths stay inside the output folder", name)
	}
	return nil
}

// Replace writes one file of the output folder dest through a temporary
// file and a rename, so a server never serves half a page and a process
// killed while writing never leaves one: at worst a .bulletin-* temporary
// file, gone with the next full build, which replaces the whole folder.
func Replace(dest, name string, data []byte) error {
	if err := checkName(name); err != nil {
		return err
	}
	full := filepath.Join(dest, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(full), ".bulletin-*")
	if err != nil {
		return err
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if err := errors.Join(werr, cerr); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	// CreateTemp makes the file 0600; the output is for a web server.
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), full); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}

// Remove deletes a file of the output folder dest that the site no longer
// produces, and the folders it leaves empty, never dest itself.
func Remove(dest, name string) {
	if checkName(name) != nil {
		return
	}
	full := filepath.Join(dest, filepath.FromSlash(name))
	if os.Remove(full) != nil {
		return
	}
	for dir := filepath.Dir(full); dir != dest && len(dir) > len(dest); dir = filepath.Dir(dir) {
		if os.Remove(dir) != nil {
			return
		}
	}
}
