// Package build runs the pipeline. Run is one step per line:
//
//	config.yaml and the theme → content/ read and parsed → the one "now" →
//	the site graph (Markdown, URLs, lifecycle, relations, lists) →
//	pages, feeds, sitemap, search index, assets and attachments, staged →
//	swapped in
//
// The Builder (builder.go) composes the same steps for serve and watch,
// keeping what a next build can reuse and redoing only what a change
// affects. Both take the site as an fs.FS, so tests build sites in
// memory, and write to disk through package output.
package build

import (
	"fmt"
	"io/fs"
	"time"

	"bulletin/generator/content"
	"bulletin/generator/dates"
	"bulletin/generator/diag"
	"bulletin/generator/render"
	"bulletin/generator/site"
	"bulletin/generator/urls"
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
	// IndexInBackground lets a Builder's incremental rebuilds return
	// before the search index is updated (serve, watch): indexing a large
	// site takes seconds. Builder.WaitIndex waits for it.
	IndexInBackground bool
	// PreviousURLs lists the pages of the last build (urls.FileName in
	// the output, read by the command line); nil when there was none.
	// A published URL the site no longer serves is an error, unless
	// AcceptURLChanges is set.
	PreviousURLs     *urls.Manifest
	AcceptURLChanges bool
	// Progress, when not nil, is kept up to date with the step a build
	// (Run, or a Builder's Rebuild) is at, for a progress line.
	Progress *Progress
	// Step, when not nil, is called as a build begins each of its steps
	// (StepRead, StepGraph, StepRender, StepExtras): the command line
	// paces the garbage collector by step with it.
	Step func(step string)
}

// start begins a step of total files (see Progress.Start).
func (o *Options) start(step string, total int) {
	if o.Step != nil {
		o.Step(step)
	}
	o.Progress.Start(step, total)
}

// Result reports what a build did.
type Result struct {
	Site        *site.Site
	Diagnostics []*diag.Diagnostic
	Failed      bool
	Pages       int // pages rendered
	Files       int // files written
	// Rendered counts the documents an incremental rebuild rendered
	// again, their fingerprint having changed (0 for a full build).
	Rendered int
	Removed  int // files deleted because the site no longer produces them
	Now      time.Time
	// URLChanges are the published URLs the site stopped serving, which
	// the build accepted (Options.AcceptURLChanges).
	URLChanges []urls.Change
}

// Run builds the site once, one step per line. Problems come back in
// Result.Diagnostics, all at once; a step that fails stops the build, and
// the output folder is untouched unless the last step succeeds.
//
// It uses a Builder's steps without keeping anything for a next build:
// each Markdown source is dropped once converted, and the caches once the
// site graph is made, so a large site's peak memory stays low.
func Run(opt Options) *Result {
	b, res, l := &Builder{opt: opt}, &Result{}, &diag.List{}
	defer func() { res.Diagnostics, res.Failed = l.Items(), l.Failed(opt.Strict) }()
	stop := func(err error) bool { l.Add(err); return err != nil }

	opt.start(StepRead, 0)
	if stop(b.setup()) { // config.yaml, the theme, and content/ read and parsed
		return res
	}
	if stop(content.CheckDir(opt.Site, content.Dir)) { // never publish a vanished content/ as an empty site
		return res
	}
	now, err := resolveNow(opt.Now, opt.Clock, b.cfg.Location) // the one "now" of the build
	if stop(err) {
		return res
	}
	opt.start(StepGraph, 0)
	s, graph := site.Build(b.cfg, b.tree(l), b.md, b.siteOptions(now, true)) // the site graph: Markdown, URLs, lifecycle, relations, lists
	l.Add(graph)
	res.URLChanges = compareURLs(opt, s, l) // no published URL changes silently
	b.release()
	res.Now, res.Site, res.Pages = now, s, len(s.Pages)
	switch {
	case opt.Dest != "":
		forgetPositions(s)   // nothing reports at a front-matter field from here on
		b.publish(s, res, l) // pages, feeds, sitemap, assets, attachments: staged, then swapped in
	case opt.Output != nil:
		b.renderTo(opt.Output, s, l) // bulletin check: everything, in memory
	}
	return res
}

// forgetPositions drops the front-matter positions of a site graph's
// files once nothing will report at a field any more: on a large site
// they are a few percent of what the build keeps until it ends. Not for
// bulletin check, whose checks run on the graph after the build.
func forgetPositions(s *site.Site) {
	for _, p := range s.Pages {
		p.File.Pos = nil
	}
	for _, f := range s.Held {
		f.Pos = nil
	}
}

// compareURLs reports the published URLs of the last build that s no
// longer serves, as errors, or returns them when the build accepts them.
func compareURLs(opt Options, s *site.Site, l *diag.List) []urls.Change {
	changes := urls.Compare(opt.PreviousURLs, s)
	if opt.AcceptURLChanges {
		return changes
	}
	for _, c := range changes {
		l.Add(c.Error())
	}
	return nil
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
