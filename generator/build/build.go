// Package build runs the pipeline, one named step per line:
//
//	load config → read content → build the site graph (parse Markdown, URLs,
//	lifecycle, relations, lists) → load the theme → render → write (staged,
//	then swapped)
//
// It takes the site as an fs.FS so tests build sites in memory, and writes
// to a folder on disk through package output.
package build

import (
	"fmt"
	"io/fs"
	"time"

	"bulletin/generator/dates"
	"bulletin/generator/diag"
	"bulletin/generator/render"
	"bulletin/generator/site"
)

// Options describe one build.
type Options struct {
	// Site is the site folder (config.yaml, content/, optional templates/).
	Site fs.FS
	// SourceDir is Site's path on disk, used to refuse a Dest that would
	// overwrite the source. Empty for in-memory sites.
	SourceDir string
	// Dest is the output folder. Empty means validate only (bulletin check).
	Dest string
	// Output, with Dest empty, receives every file the build would write,
	// so bulletin check can inspect the site in memory. Nil renders nothing.
	Output render.Writer
	// Theme is the embedded default theme; the site's templates/ overrides
	// it file by file.
	Theme fs.FS

	Drafts  bool
	Future  bool
	BaseURL string // overrides config.yaml's base_url when set
	// Now is the time lifecycle states are computed against, as given by
	// --now ("2021-02-01", "2021-02-01T09:00:00+08:00"), or by
	// SOURCE_DATE_EPOCH through the command line; empty means the clock.
	// Package build reads no environment variables.
	Now string
	// Clock gives the time when Now is empty; each build asks it once, so
	// a long serve sees notices expire. Nil means the system clock.
	Clock  func() time.Time
	Strict bool // warnings fail the build
}

// Result reports what a build did.
type Result struct {
	Site        *site.Site
	Diagnostics []*diag.Diagnostic
	Failed      bool
	Pages       int // pages rendered
	Files       int // files written
	Removed     int // files deleted because the site no longer produces them
	Now         time.Time
}

// Run builds the site once. Problems come back in Result.Diagnostics, all
// at once.
func Run(opt Options) *Result {
	b := NewBuilder(opt)
	b.once = true
	return b.Rebuild(nil)
}

// resolveNow picks the one "now" of a build: --now (which the command
// line sets from SOURCE_DATE_EPOCH when it is not given), else the clock.
func resolveNow(flag string, clock func() time.Time, loc *time.Location) (time.Time, error) {
	if flag != "" {
		t, err := dates.Parse(flag, loc)
		if err != nil {
			return t, fmt.Errorf("--now: %w", err)
		}
		return t, nil
	}
	if clock == nil {
		clock = time.Now
	}
	return clock().In(loc), nil
}

// sub returns the dir folder of fsys, or nil when it does not exist.
func sub(fsys fs.FS, dir string) fs.FS {
	if info, err := fs.Stat(fsys, dir); err != nil || !info.IsDir() {
		return nil
	}
	s, err := fs.Sub(fsys, dir)
	if err != nil {
		return nil
	}
	return s
}
