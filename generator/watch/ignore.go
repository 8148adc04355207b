package watch

import (
	"path/filepath"
	"strings"
)

// litterSuffixes end the names of editors' swap, backup and temporary files.
var litterSuffixes = []string{
	".swp", ".swx", // vim swap files, when not hidden
	"~",                            // emacs and vim backups
	".tmp",                         // write-then-rename temporaries of many tools
	"___jb_tmp___", "___jb_old___", // JetBrains "safe write"
}

// isLitter reports whether name is an editor's or tool's temporary file, or
// a dot file, which a site never publishes.
func isLitter(name string) bool {
	switch {
	case strings.HasPrefix(name, "."): // dot files and folders, .x.md.swp, emacs' .#x.md
		return true
	case len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"): // emacs auto-save
		return true
	case name == "4913": // vim checks it may write in a folder with this file
		return true
	}
	for _, s := range litterSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// ignored applies the built-in rule and Options.Ignore to a base name.
func (w *Watcher) ignored(name string) bool {
	return isLitter(name) || (w.opt.Ignore != nil && w.opt.Ignore(name))
}

// ignoredPath reports whether any element of rel, a path below a root, is
// ignored.
func (w *Watcher) ignoredPath(rel string) bool {
	for _, name := range strings.Split(rel, string(filepath.Separator)) {
		if w.ignored(name) {
			return true
		}
	}
	return false
}
