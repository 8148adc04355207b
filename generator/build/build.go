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
	"os"
	"strconv"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/diag"
	"bulletin/generator/markdown"
	"bulletin/generator/output"
	"bulletin/generator/render"
	"bulletin/generator/site"
	"bulletin/generator/strictyaml"
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
	// Theme is the embedded default theme; the site's templates/ overrides
	// it file by file.
	Theme fs.FS

	Drafts  bool
	Future  bool
	BaseURL string // overrides config.yaml's base_url when set
	// Now is the time lifecycle states are computed against, as given by
	// --now ("2021-02-01", "2021-02-01T09:00:00+08:00"); empty means
	// SOURCE_DATE_EPOCH, else the clock.
	Now    string
	Strict bool // warnings fail the build
}

// Result reports what a build did.
type Result struct {
	Site        *site.Site
	Diagnostics []*diag.Diagnostic
	Failed      bool
	Pages       int // pages rendered
	Files       int // files written
	Now         time.Time
}

// Run builds the site. Problems come back in Result.Diagnostics, all at
// once; an error is returned only when the build could not run at all.
func Run(opt Options) *Result {
	res := &Result{}
	var l diag.List
	defer func() {
		res.Diagnostics = l.Items()
		res.Failed = l.Failed(opt.Strict)
	}()

	cfg, err := config.Load(opt.Site)
	if err != nil {
		l.Add(err)
		return res
	}
	if opt.BaseURL != "" {
		cfg.BaseURL = opt.BaseURL
		if cfg.BaseURL[len(cfg.BaseURL)-1] != '/' {
			cfg.BaseURL += "/"
		}
	}
	now, err := resolveNow(opt.Now, cfg.Location)
	if err != nil {
		l.Add(err)
		return res
	}
	res.Now = now
	if opt.Dest != "" && opt.SourceDir != "" {
		if err := output.CheckDest(opt.SourceDir, opt.Dest); err != nil {
			l.Add(err)
			return res
		}
	}

	tree, diags := content.Read(opt.Site, cfg)
	l.Add(diags)
	md := markdown.New(markdown.Options{UnsafeHTML: cfg.Markdown.UnsafeHTML})
	s, diags := site.Build(cfg, tree, md, site.Options{Now: now, Drafts: opt.Drafts, Future: opt.Future})
	l.Add(diags)
	res.Site = s
	res.Pages = len(s.Pages)
	theme, err := render.LoadTheme(render.Overlay(sub(opt.Site, render.ThemeDir), opt.Theme))
	l.Add(err)
	if theme == nil || opt.Dest == "" {
		return res
	}

	stage, err := output.NewStage(opt.Dest)
	if err != nil {
		l.Add(err)
		return res
	}
	l.Add(render.Render(s, theme, stage))
	l.Add(copyAttachments(opt.Site, s, stage))
	res.Files = stage.Files()
	if l.Failed(opt.Strict) {
		stage.Abort()
		res.Files = 0
		return res
	}
	l.Add(stage.Commit())
	return res
}

// resolveNow picks the one "now" of a build: --now, else
// SOURCE_DATE_EPOCH, else the clock.
func resolveNow(flag string, loc *time.Location) (time.Time, error) {
	if flag != "" {
		t, err := strictyaml.ParseTime(flag, loc)
		if err != nil {
			return t, fmt.Errorf("--now: %w", err)
		}
		return t, nil
	}
	if epoch := os.Getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970", epoch)
		}
		return time.Unix(sec, 0).In(loc), nil
	}
	return time.Now().In(loc), nil
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

// copyAttachments publishes every page's attachments beside the page.
func copyAttachments(fsys fs.FS, s *site.Site, w render.Writer) error {
	var l diag.List
	for _, p := range s.Pages {
		for _, a := range p.Attachments {
			data, err := fs.ReadFile(fsys, a.Src)
			if err != nil {
				l.Add(&diag.Diagnostic{File: a.Src, Err: err})
				continue
			}
			l.Add(w.WriteFile(a.OutPath, data))
		}
	}
	return l.Err()
}
