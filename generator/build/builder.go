package build

import (
	"errors"
	"hash/maphash"
	"io/fs"
	"maps"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/diag"
	"bulletin/generator/feeds"
	"bulletin/generator/markdown"
	"bulletin/generator/output"
	"bulletin/generator/parallel"
	"bulletin/generator/render"
	"bulletin/generator/search"
	"bulletin/generator/site"
	"bulletin/generator/sitemap"
	"bulletin/generator/urls"
)

// Builder builds a site again and again in one process (bulletin serve and
// watch), redoing only what a change affects:
//
//   - a changed content file is parsed again, the others are kept;
//   - Markdown is converted again only for changed files, or files whose
//     links now resolve elsewhere;
//   - the site graph is rebuilt (cheap), then only documents whose
//     fingerprint changed are rendered (see render.Fingerprints): the
//     fingerprints hash what the theme's templates read, the site's own
//     templates included, found from the templates themselves;
//   - only files whose bytes changed are written, and files no longer
//     produced are deleted;
//   - config.yaml or a template changing rebuilds everything.
//
// The first build, and every full one, is staged and swapped in like Run;
// incremental ones write into the output folder only after the whole build
// succeeded, so a failed rebuild leaves the last good site in place.
type Builder struct {
	opt Options

	cfg    *config.Config
	theme  *render.Theme
	md     *markdown.Renderer
	files  map[string]*content.File      // content path → parsed file
	diags  map[string][]*diag.Diagnostic // content path → its own problems
	others map[string]*content.Other     // content path → non-Markdown file
	bodies *site.Bodies
	// site is the graph of the last good build, kept for textOnly, and
	// graphDiags the problems site.Build reported for the last graph.
	site       *site.Site
	graphDiags []*diag.Diagnostic
	prints     *render.Prints
	// written maps every output file to the hash of its bytes on disk.
	written map[string]uint64
	// attachments maps the output path of each attachment written to its
	// source file, so a rebuild can skip copying unchanged ones.
	attachments map[string]string
	// setupErr holds config and theme problems until they are fixed.
	setupErr error
	// index keeps the search index current after incremental rebuilds.
	index *indexer
	// resync is set when content/ (or part of it) could not be read: the
	// caches no longer say what is on disk, and the events that would
	// correct them may never come, so the next build reads everything.
	resync bool
}

// NewBuilder prepares a builder; nothing is read until Rebuild.
func NewBuilder(opt Options) *Builder { return &Builder{opt: opt} }

// Rebuild builds the site. changed lists the site-relative paths
// ("content/notices/a.md", "config.yaml", "templates/base.html") that
// changed since the last call; nil means unknown, which reads everything.
func (b *Builder) Rebuild(changed []string) *Result {
	res := &Result{}
	var l diag.List
	defer func() {
		res.Diagnostics = l.Items()
		res.Failed = l.Failed(b.opt.Strict)
	}()
	if b.index != nil {
		l.Add(b.index.takeErr()) // from an update in the background
	}
	b.opt.start(StepRead, 0)
	full := changed == nil || b.cfg == nil || b.setupErr != nil || b.resync
	for _, c := range changed {
		if c == config.FileName || c == render.ThemeDir || strings.HasPrefix(c, render.ThemeDir+"/") {
			full = true
		}
	}
	if full {
		if err := b.setup(); err != nil {
			l.Add(err)
			return res
		}
		for _, d := range b.theme.Untraced() {
			l.Add(d)
		}
	} else {
		b.update(changed)
	}
	// A content/ that vanished, was renamed away or cannot be listed reads,
	// file by file, like every notice deleted; built, that would publish an
	// empty site over the last good one. An existing but empty content/ is
	// a site whose notices were all deleted, and builds.
	if err := content.CheckDir(b.opt.Site, content.Dir); err != nil {
		l.Add(err)
		b.resync = true
		return res
	}
	now, err := resolveNow(b.opt.Now, b.opt.Clock, b.cfg.Location)
	if err != nil {
		l.Add(err)
		return res
	}
	res.Now = now

	s, edit := b.textOnly(changed, full, now)
	if s == nil {
		tree := b.tree(&l)
		var diags *diag.List
		b.opt.start(StepGraph, 0)
		s, diags = site.Build(b.cfg, tree, b.md, b.siteOptions(now, false))
		b.graphDiags = diags.Items()
		l.Add(diags)
		res.URLChanges = compareURLs(b.opt, s, &l)
	} else {
		// The graph's own warnings (a term spelled two ways) still hold.
		for _, d := range b.graphDiags {
			l.Add(d)
		}
	}
	res.Site, res.Pages = s, len(s.Pages)
	if b.opt.Dest == "" {
		if b.opt.Output != nil { // bulletin check: everything, in memory
			b.renderTo(b.opt.Output, s, &l)
		}
		return res
	}
	if full || b.written == nil {
		// The swap replaces the folder an index update writes into.
		l.Add(b.WaitIndex())
		b.writeStaged(s, res, &l)
	} else {
		b.writeChanged(s, res, &l, edit, changed)
	}
	// After a failed build the caches hold edits the last graph lacks, so
	// the next build makes the graph again.
	b.site = nil
	if !l.Failed(b.opt.Strict) {
		b.site = s
	}
	return res
}

// release drops the caches only a next build would use, once a single
// build has made its site graph. (site.Build already let go of each
// Markdown source as its HTML was made: Options.DropSources.)
func (b *Builder) release() {
	b.files, b.bodies = nil, nil
}

// siteOptions are the options of the site graph at now; once drops each
// Markdown source as soon as it is converted (a single build, Run).
func (b *Builder) siteOptions(now time.Time, once bool) site.Options {
	return site.Options{Now: now, Drafts: b.opt.Drafts, Future: b.opt.Future, Bodies: b.bodies, DropSources: once, Reserved: assetPaths(b.theme)}
}

// renderTo renders every document and extra file of s to w, computing
// no fingerprints or hashes, since nothing will be rebuilt: into the
// staging folder for Run (publish), in memory for bulletin check.
func (b *Builder) renderTo(w render.Writer, s *site.Site, l *diag.List) {
	b.opt.start(StepRender, 0)
	l.Add(render.Render(s, b.theme, counting{w, b.opt.Progress}))
	b.opt.start(StepExtras, 0)
	l.Add(writeExtras(b.opt.Site, s, w, nil, nil, false, nil, indexOnce(s)))
}

// publish is Run's last step: it renders s into a staging folder beside
// the output and swaps it in.
func (b *Builder) publish(s *site.Site, res *Result, l *diag.List) {
	b.stageAndSwap(res, l, func(stage *output.Stage) { b.renderTo(stage, s, l) })
}

// stageAndSwap has write fill a staging folder beside the output and
// swaps it in, unless the build failed; it reports whether it did.
func (b *Builder) stageAndSwap(res *Result, l *diag.List, write func(*output.Stage)) bool {
	stage, err := output.NewStage(b.opt.Dest)
	if err != nil {
		l.Add(err)
		return false
	}
	write(stage)
	if l.Failed(b.opt.Strict) {
		stage.Abort()
		return false
	}
	if err := stage.Commit(); err != nil {
		l.Add(err)
		return false
	}
	res.Files = stage.Files()
	return true
}

// textOnly is the fast path for the most common edits, a change to the
// text of notices (the body, the title, the contact line …): when every
// changed file is a page of the last good build whose front matter kept
// its shape (content.SameShape), and no page changed state since, the
// site graph is kept and only the changed text is taken in. It returns
// the graph and what changed in it, or nil when the site must be built
// again.
func (b *Builder) textOnly(changed []string, full bool, now time.Time) (*site.Site, *site.TextEdit) {
	s := b.site
	if full || s == nil || b.written == nil || len(changed) == 0 || (!s.Until.IsZero() && !now.Before(s.Until)) {
		return nil, nil
	}
	files := make([]*content.File, 0, len(changed))
	for _, c := range changed {
		rel := strings.TrimPrefix(c, content.Dir+"/")
		f := b.files[rel]
		if f == nil || len(b.diags[rel]) > 0 || !strings.HasSuffix(c, ".md") || b.graphDiagIn(c) {
			return nil, nil
		}
		files = append(files, f)
	}
	edit := s.ReplaceText(files, b.md, b.bodies)
	if edit == nil {
		return nil, nil
	}
	return s, edit
}

// graphDiagIn reports whether the last graph had a problem in the file
// path: its position may have moved with the edit, so the graph is made
// again, which reports it where it now is.
func (b *Builder) graphDiagIn(path string) bool {
	for _, d := range b.graphDiags {
		if d.File == path {
			return true
		}
	}
	return false
}

// setup (re)loads the configuration and theme and forgets every cache.
func (b *Builder) setup() error {
	*b = Builder{opt: b.opt, written: b.written}
	var l diag.List
	// config.Load takes any failure to read for a missing file; a link
	// out of the site folder deserves its own message.
	if _, err := content.Stat(b.opt.Site, config.FileName); err != nil && !errors.Is(err, fs.ErrNotExist) {
		b.setupErr = err
		return err
	}
	cfg, err := config.Load(b.opt.Site)
	if err != nil {
		b.setupErr = err
		return err
	}
	if b.opt.BaseURL != "" {
		cfg.BaseURL = strings.TrimSuffix(b.opt.BaseURL, "/") + "/"
	}
	if b.opt.Dest != "" && b.opt.SourceDir != "" {
		l.Add(output.CheckDest(b.opt.SourceDir, b.opt.Dest))
	}
	// A theme file the site folder may not read would otherwise be
	// passed over for the default theme's, without a word.
	var theme *render.Theme
	if err := content.CheckLinks(b.opt.Site, render.ThemeDir); err != nil {
		l.Add(err)
	} else {
		theme, err = render.LoadTheme(render.Overlay(sub(b.opt.Site, render.ThemeDir), b.opt.Theme))
		l.Add(err)
	}
	if theme != nil {
		for _, a := range cfg.Assets {
			if !theme.HasAsset(a.Name) {
				l.Add(a.At.Errorf("%s: there is no file templates/assets/%s (in the site's templates/ or the theme)", a.Name, a.Name))
			}
		}
	}
	if err := l.Err(); err != nil {
		b.setupErr = err
		return err
	}
	b.cfg, b.theme = cfg, theme
	b.md = markdown.New(markdown.Options{UnsafeHTML: cfg.Markdown.UnsafeHTML, Labels: markdownLabels(cfg, theme)})
	b.bodies = &site.Bodies{}
	b.files, b.diags, b.others = map[string]*content.File{}, map[string][]*diag.Diagnostic{}, map[string]*content.Other{}
	b.load(content.Dir)
	return nil
}

// markdownLabels are the theme's names for footnote links in each of the
// site's languages, a string the language lacks taken from the site's
// default language. A change of theme or config sets the builder up anew,
// so bodies rendered with them never outlive them.
func markdownLabels(cfg *config.Config, theme *render.Theme) map[string]markdown.Labels {
	langs := []string{cfg.Language}
	for code := range cfg.Languages {
		langs = append(langs, code)
	}
	out := map[string]markdown.Labels{}
	for _, lang := range langs {
		out[lang] = markdown.Labels{
			FootnoteRef:  theme.TextOr(lang, cfg.Language, "footnote_ref", ""),
			FootnoteBack: theme.TextOr(lang, cfg.Language, "footnote_back", ""),
		}
	}
	return out
}

// load reads every file below dir (a folder of the site at or inside
// content/) into the caches.
func (b *Builder) load(dir string) {
	md, others, walkDiags := content.Walk(b.opt.Site, dir)
	// Kept under the content path of the file each is about, so an edit
	// of that file (or a folder above it) clears it.
	for _, d := range walkDiags {
		rel := strings.TrimPrefix(strings.TrimPrefix(d.File, content.Dir), "/")
		b.diags[rel] = append(b.diags[rel], d)
		// What could not be read may hold files the caches still list,
		// or miss, and no event may come to say which.
		if d.Severity == diag.Error {
			b.resync = true
		}
	}
	for _, o := range others {
		b.others[o.Path] = o
	}
	files := make([]*content.File, len(md))
	diags := make([][]*diag.Diagnostic, len(md))
	parallel.For(len(md), func(i int) {
		files[i], diags[i] = content.ReadFile(b.opt.Site, md[i], b.cfg)
	})
	for i, p := range md {
		b.forget(p)
		if files[i] != nil {
			b.files[p] = files[i]
		}
		if len(diags[i]) > 0 {
			b.diags[p] = diags[i]
		}
	}
}

// update applies a list of changed content paths to the caches.
func (b *Builder) update(changed []string) {
	for _, c := range changed {
		if c != content.Dir && !strings.HasPrefix(c, content.Dir+"/") {
			continue
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(c, content.Dir), "/")
		// content.Stat, as the full walk does: a link out of the site is
		// reported, not read, and an attachment's size is its target's.
		info, err := content.Stat(b.opt.Site, c)
		switch {
		case content.Ignored(path.Base(c)) || errors.Is(err, fs.ErrNotExist):
			b.forgetTree(rel)
		case err != nil:
			// Still there but unreadable for now (permissions), or a link
			// out of the site: an error, not a deleted page.
			b.forgetTree(rel)
			b.diags[rel] = []*diag.Diagnostic{err.(*diag.Diagnostic)}
		case info.IsDir():
			b.forgetTree(rel)
			b.load(c)
		case strings.HasSuffix(c, ".md"):
			b.forget(rel)
			f, diags := content.ReadFile(b.opt.Site, rel, b.cfg)
			if f != nil {
				b.files[rel] = f
			}
			if len(diags) > 0 {
				b.diags[rel] = diags
			}
		default:
			b.forget(rel) // a link out of the site that is now a file
			b.others[rel] = &content.Other{Path: rel, Size: info.Size()}
		}
	}
}

func (b *Builder) forget(rel string) {
	delete(b.files, rel)
	delete(b.diags, rel)
	delete(b.others, rel)
	b.bodies.Forget(rel)
}

// forgetTree drops rel and, when it was a folder, everything below it.
func (b *Builder) forgetTree(rel string) {
	b.forget(rel)
	prefix := rel + "/"
	if rel == "" {
		prefix = ""
	}
	for p := range b.files {
		if strings.HasPrefix(p, prefix) {
			delete(b.files, p)
			b.bodies.Forget(p)
		}
	}
	for p := range b.diags {
		if strings.HasPrefix(p, prefix) {
			delete(b.diags, p)
		}
	}
	for p := range b.others {
		if strings.HasPrefix(p, prefix) {
			delete(b.others, p)
		}
	}
}

// tree assembles the cached files in path order and reports their problems.
func (b *Builder) tree(l *diag.List) *content.Tree {
	t := &content.Tree{}
	for _, f := range b.files {
		t.Files = append(t.Files, f)
	}
	for _, o := range b.others {
		t.Others = append(t.Others, o)
	}
	sort.Slice(t.Files, func(i, j int) bool { return t.Files[i].Path < t.Files[j].Path })
	sort.Slice(t.Others, func(i, j int) bool { return t.Others[i].Path < t.Others[j].Path })
	for _, ds := range b.diags {
		for _, d := range ds {
			l.Add(d)
		}
	}
	return t
}

// writeStaged renders everything into a staging folder and swaps it in.
func (b *Builder) writeStaged(s *site.Site, res *Result, l *diag.List) {
	var rec *recorder
	var prints *render.Prints
	var lives map[string]*search.Live
	langs := b.indexer().snapshot(s)
	swapped := b.stageAndSwap(res, l, func(stage *output.Stage) {
		rec = newRecorder(stage, nil)
		var rl *diag.List
		b.opt.start(StepRender, 0)
		prints, rl = render.RenderChanged(s, b.theme, counting{rec, b.opt.Progress}, nil, nil)
		l.Add(rl)
		b.opt.start(StepExtras, 0)
		l.Add(writeExtras(b.opt.Site, s, rec, nil, prints.Sums, false, nil, func(w render.Writer) (err error) {
			lives, err = writeLive(w, langs)
			return err
		}))
	})
	// The indexer updates these indexes after edits, once they are the
	// output's.
	b.indexer().keep(lives, swapped)
	if swapped {
		b.prints, b.written, b.attachments = prints, rec.hashes, attachmentSources(s)
		b.written[output.Marker] = 0
	}
}

// writeChanged renders only documents whose fingerprint changed, then, if
// the build succeeded, writes the files whose bytes changed and deletes
// files no longer produced.
//
// edit, when not nil, names the pages whose text alone changed in the
// graph of the last build (see textOnly).
//
// changed is as for Rebuild; an attachment whose file is not in it and
// that was written from the same file last time is not read again.
func (b *Builder) writeChanged(s *site.Site, res *Result, l *diag.List, edit *site.TextEdit, changed []string) {
	rec := newRecorder(nil, b.written)
	sameGraph := edit != nil
	prints, rl := render.RenderChanged(s, b.theme, rec, b.prints, edit)
	l.Add(rl)
	res.Rendered = prints.Rendered
	kept := b.keptAttachments(changed)
	l.Add(writeExtras(b.opt.Site, s, rec, b.prints.Sums, prints.Sums, sameGraph, kept, nil))
	if l.Failed(b.opt.Strict) {
		return
	}
	if sameGraph {
		// The same documents as last time: what was not written again
		// (sitemap, attachments) keeps its bytes.
		for name, h := range b.written {
			if _, ok := rec.hashes[name]; !ok {
				rec.hashes[name] = h
			}
		}
	}
	// Attachments not read again keep theirs.
	for _, p := range s.Pages {
		for _, a := range p.Attachments {
			if _, ok := rec.hashes[a.OutPath]; !ok && kept(a) {
				rec.hashes[a.OutPath] = b.written[a.OutPath]
			}
		}
	}
	// Documents and feeds skipped for an unchanged fingerprint keep their
	// bytes.
	for out := range prints.Sums {
		if _, ok := rec.hashes[out]; !ok {
			rec.hashes[out] = b.written[out]
		}
	}
	rec.hashes[output.Marker] = 0
	names := slices.Sorted(maps.Keys(rec.pending))
	for _, name := range names {
		if err := output.Replace(b.opt.Dest, name, rec.pending[name]); err != nil {
			l.Add(err)
		}
	}
	var stale []string
	for name := range b.written {
		// The indexer owns the search index's files.
		if _, ok := rec.hashes[name]; !ok && !search.IsIndexFile(name) {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	for _, name := range stale {
		output.Remove(b.opt.Dest, name)
	}
	res.Files = len(names)
	res.Removed = len(stale)
	b.prints, b.written, b.attachments = prints, rec.hashes, attachmentSources(s)
	b.indexer().update(b.indexer().snapshot(s))
	if !b.opt.IndexInBackground {
		written, removed, err := b.indexer().wait()
		l.Add(err)
		res.Files += written
		res.Removed += removed
	}
}

// indexer returns the Builder's indexer, made on first use.
func (b *Builder) indexer() *indexer {
	if b.index == nil {
		b.index = newIndexer(b.opt.Dest)
	}
	return b.index
}

// WaitIndex returns once the search index of the last rebuild is
// written, with its error. Only a Builder with Options.IndexInBackground
// ever has to wait.
func (b *Builder) WaitIndex() error {
	if b.index == nil {
		return nil
	}
	_, _, err := b.index.wait()
	return err
}

// recorder is the render.Writer of a Builder: it remembers the hash of
// every file of the build and either writes through to a stage or keeps
// the files whose bytes changed for writing once the build succeeded.
type recorder struct {
	stage   *output.Stage
	prev    map[string]uint64
	mu      sync.Mutex
	hashes  map[string]uint64
	pending map[string][]byte
}

// outputSeed seeds the hashes of output files; they are compared only
// within one process, so a fast seeded hash serves.
var outputSeed = maphash.MakeSeed()

func newRecorder(stage *output.Stage, prev map[string]uint64) *recorder {
	return &recorder{stage: stage, prev: prev, hashes: map[string]uint64{}, pending: map[string][]byte{}}
}

func (r *recorder) WriteFile(name string, data []byte) error {
	sum := maphash.Bytes(outputSeed, data)
	if r.stage != nil {
		if err := r.stage.WriteFile(name, data); err != nil {
			return err
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.hashes[name] = sum
	if r.stage == nil {
		if old, ok := r.prev[name]; !ok || old != sum {
			r.pending[name] = append([]byte(nil), data...)
		}
	}
	return nil
}

// keptAttachments reports which attachments a rebuild need not copy: the
// output was written from the same source file by the last build and that
// file is not among changed (nil: unknown, so every one is copied). A real
// site may carry hundreds of megabytes of PDFs; a title edit must not read
// them all again.
func (b *Builder) keptAttachments(changed []string) func(*site.Attachment) bool {
	if changed == nil {
		return func(*site.Attachment) bool { return false }
	}
	edited := make(map[string]bool, len(changed))
	for _, c := range changed {
		edited[c] = true
	}
	return func(a *site.Attachment) bool {
		if _, written := b.written[a.OutPath]; !written || b.attachments[a.OutPath] != a.Src {
			return false
		}
		// A changed folder (renamed, replaced) counts for the files in it.
		for p := a.Src; p != "." && p != "/"; p = path.Dir(p) {
			if edited[p] {
				return false
			}
		}
		return true
	}
}

// assetPaths lists the output paths of the theme's assets.
func assetPaths(th *render.Theme) []string {
	var out []string
	for _, a := range th.Assets() {
		out = append(out, strings.TrimPrefix(a.URL, "/"))
	}
	return out
}

// attachmentSources maps each attachment's output path to its source.
func attachmentSources(s *site.Site) map[string]string {
	m := map[string]string{}
	for _, p := range s.Pages {
		for _, a := range p.Attachments {
			m[a.OutPath] = a.Src
		}
	}
	return m
}

// writeExtras writes what is not rendered from templates: feeds, the
// sitemap, robots.txt and attachments. A feed whose fingerprint is the
// same in prev is skipped, as documents are; the fingerprints of all feed
// files go into prints. A nil prints (a single build, which has no next
// one) computes no fingerprints.
// With sameGraph (the site graph of the last build, only text changed)
// the sitemap, robots.txt and attachments are unchanged and not written.
//
// kept, when not nil, names attachments whose output is already on disk
// with the right bytes; they are neither read nor written.
//
// index, when not nil, writes the search index; an incremental rebuild
// leaves the index to its indexer.
func writeExtras(fsys fs.FS, s *site.Site, w render.Writer, prev, prints render.Fingerprints, sameGraph bool, kept func(*site.Attachment) bool, index func(render.Writer) error) error {
	var l diag.List
	plan := feeds.Plan(s)
	cache := feeds.NewCache(s) // the feeds of this build share their entries
	errs := make([]error, len(plan))
	sums := make([]uint64, len(plan))
	parallel.For(len(plan), func(i int) {
		if prints != nil { // a build that will be rebuilt
			sums[i] = plan[i].Fingerprint()
			if unchanged(prev, feedFiles(plan[i]), sums[i]) {
				return
			}
		}
		errs[i] = cache.Write(w, plan[i])
	})
	l.Add(errs...)
	for i, f := range plan {
		if errs[i] == nil && prints != nil {
			for _, name := range feedFiles(f) {
				prints[name] = sums[i]
			}
		}
	}
	if index != nil {
		l.Add(index(w))
	}
	if sameGraph {
		return l.Err()
	}
	l.Add(sitemap.Write(w, s.Config.BaseURL, sitemap.Entries(s)))
	l.Add(w.WriteFile(urls.FileName, urls.Of(s).Encode()))
	l.Add(w.WriteFile("robots.txt", sitemap.Robots(s.Config.BaseURL)))
	for _, p := range s.Pages {
		for _, a := range p.Attachments {
			if kept != nil && kept(a) {
				continue
			}
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

// feedFiles names the output files of a feed.
func feedFiles(f feeds.Feed) []string {
	dir := strings.TrimPrefix(f.Dir, "/")
	return []string{dir + feeds.AtomFile, dir + feeds.RSSFile, dir + feeds.JSONFile}
}

// unchanged reports whether every one of names had the fingerprint sum
// in prev.
func unchanged(prev render.Fingerprints, names []string, sum uint64) bool {
	for _, name := range names {
		if old, ok := prev[name]; !ok || old != sum {
			return false
		}
	}
	return true
}
