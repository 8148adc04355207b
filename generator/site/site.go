// Package site builds the site graph from parsed content: which pages are in
// this build, their URLs, lifecycle states, relations (supersedes,
// interprets, translations), rendered bodies, and the lists they appear on.
//
// Its product, a *Site, is plain data for the render stage: typed pages with
// methods templates can call (.InForce, .IsSuperseded), never a service bag.
package site

import (
	"fmt"
	"hash/maphash"
	"html/template"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/diag"
	"bulletin/generator/markdown"
	"bulletin/generator/parallel"
)

// Options choose what a build includes.
type Options struct {
	Now    time.Time // the one "now" lifecycle states are computed against
	Drafts bool      // include status: draft pages
	Future bool      // include pages dated after Now
	// Bodies, when set, keeps rendered Markdown between builds so an
	// incremental rebuild converts only the files that changed.
	Bodies *Bodies
	// DropSources lets go of each file's Markdown (File.Body) as soon as
	// its HTML is made, for a build that will not be rebuilt: the sources
	// and the HTML are then never all in memory at once.
	DropSources bool
	// Reserved lists output paths written from elsewhere (the theme's
	// assets), which no page, alias or attachment may overwrite.
	Reserved []string
}

// Site is the graph of one build.
type Site struct {
	Config *config.Config
	Now    time.Time
	// Pages are all pages of the build, sorted by URL.
	Pages []*Page
	Langs []*Lang
	// NextScheduled is the earliest page held back because its date is in
	// the future (nil when none): a rebuild after its date publishes it.
	NextScheduled *content.File
	// Held are the content files left out: drafts, and pages dated after
	// now, unless the build includes them (--drafts, --future).
	Held []*content.File
	// NextExpiry is the page in force that expires first (nil when none
	// will): a rebuild after it expires shows it as expired.
	NextExpiry *Page
	// Until is the next time a page changes state (a scheduled page is
	// published, a notice expires); zero when none will. The graph is
	// valid for any "now" before it.
	Until time.Time

	byPath  map[string]*Page         // pages by content path
	all     map[string]*content.File // every content file, in the build or not
	resolve func(string) (string, bool)
}

// Lang is the part of a site in one language.
type Lang struct {
	Code   string // BCP 47, e.g. "zh-CN"
	Prefix string // "" for the default language, else "/en"
	URL    string // the language's home: "/" or "/en/"
	Title  string // the site title in this language
	// Publisher and Copyright in this language (the site's by default).
	Publisher string
	Copyright string
	// Logo is the site's emblem in this language (nil for none) and
	// Params the config's params with the language's over them.
	Logo    *config.Logo
	Params  map[string]any
	Default bool
	// Pages are this language's pages, newest first.
	Pages    []*Page
	Sections []*Section // by weight, then key (config.SectionOrder)
	Pinned   []*Page    // pinned pages in force, newest first
	Urgent   []*Page    // urgent pages in force, newest first
	// Taxonomies in config order.
	Taxonomies []*Taxonomy
	// Years of the archive, newest first; ArchiveURL lists them.
	Years      []*Year
	ArchiveURL string
	// Consultations are the pages calling for public comment, open ones
	// first (buildConsultations); ConsultationsURL lists them, and is ""
	// when there are none.
	Consultations     []*Page
	ConsultationsURL  string
	OpenConsultations int
}

// Taxonomy returns the taxonomy with the given name, or nil.
func (l *Lang) Taxonomy(name string) *Taxonomy {
	for _, t := range l.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Section returns the section with the given key, or nil.
func (l *Lang) Section(key string) *Section {
	for _, s := range l.Sections {
		if s.Key == key {
			return s
		}
	}
	return nil
}

// Build makes the site graph. All problems are returned together; the Site
// is still returned so callers can report what they can.
func Build(cfg *config.Config, tree *content.Tree, md *markdown.Renderer, opt Options) (*Site, *diag.List) {
	var l diag.List
	s := &Site{Config: cfg, Now: opt.Now}
	all := map[string]*content.File{}
	for _, f := range tree.Files {
		all[f.Path] = f
	}
	byPath := map[string]*Page{}
	for _, f := range tree.Files {
		if f.Front.Status == content.StatusDraft && !opt.Drafts {
			s.Held = append(s.Held, f)
			continue
		}
		if f.Front.Date.After(opt.Now) && !opt.Future {
			if s.NextScheduled == nil || f.Front.Date.Before(s.NextScheduled.Front.Date) {
				s.NextScheduled = f
			}
			s.Held = append(s.Held, f)
			continue
		}
		p := newPage(f, cfg)
		p.Scheduled = f.Front.Date.After(opt.Now)
		byPath[f.Path] = p
		s.Pages = append(s.Pages, p)
	}
	linkTranslations(s.Pages, byPath, all, &l)
	for _, p := range s.Pages {
		p.URL, p.OutPath = pageURL(p, cfg)
	}
	linkAttachments(s.Pages, tree.Others, cfg.Markdown.UnsafeHTML, &l)
	linkAliases(s.Pages)
	linkRelations(s.Pages, byPath, all, &l)
	for _, p := range s.Pages {
		p.setState(state(p, opt.Now))
		if p.State == InForce && !p.Front.Expires.IsZero() && expiresBefore(p, s.NextExpiry) {
			s.NextExpiry = p
		}
	}
	linkConsultations(s.Pages, byPath, all, opt.Now, &l)
	s.byPath, s.all = byPath, all
	s.resolve = resolver(byPath, all, cfg)
	s.Until = until(tree.Files, opt.Now)
	renderBodies(s.Pages, s.resolve, md, opt.Bodies, opt.DropSources, &l)
	sort.Slice(s.Pages, func(i, j int) bool { return s.Pages[i].URL < s.Pages[j].URL })
	s.Langs = buildLangs(s.Pages, cfg)
	for _, lg := range s.Langs {
		buildTaxonomies(lg, lg.Pages, cfg, &l)
		buildArchive(lg, lg.Pages, cfg)
		linkRelated(lg)
		buildConsultations(lg)
	}
	checkCollisions(s, opt.Reserved, &l)
	return s, &l
}

func newPage(f *content.File, cfg *config.Config) *Page {
	p := &Page{File: f, Front: &f.Front, Lang: f.Front.Lang, Title: f.Front.Title, Date: f.Front.Date, Updated: f.Front.Date}
	if f.Front.Updated.After(f.Front.Date) {
		p.Updated = f.Front.Updated
	}
	kind := config.KindPage
	if sec, ok := cfg.Sections[f.Section]; ok {
		kind = sec.Kind
		p.Normative = sec.Normative && f.Front.Interprets == "" // a 解读 explains, it does not regulate
	}
	if n := f.Front.Normative; n != nil {
		p.Normative = *n
	}
	p.setKind(kind)
	p.Draft = f.Front.Status == content.StatusDraft
	p.Slug = f.Front.Slug
	if p.Slug == "" {
		p.Slug = f.Name()
	}
	return p
}

// pageURL places a page: /<section>/<slug>/ or /<slug>/ for pages at the
// top of content/, under /<lang>/ for languages other than the default.
func pageURL(p *Page, cfg *config.Config) (url, out string) {
	parts := []string{}
	if p.Lang != cfg.Language {
		parts = append(parts, p.Lang)
	}
	if p.File.Section != "" {
		parts = append(parts, p.File.Section)
	}
	parts = append(parts, p.Slug)
	rel := strings.Join(parts, "/")
	return "/" + rel + "/", rel + "/index.html"
}

// linkTranslations groups pages joined by translation_of; a translation
// without its own slug takes the slug of the page it translates, so
// /notices/spring/ and /en/notices/spring/ match.
func linkTranslations(pages []*Page, byPath map[string]*Page, all map[string]*content.File, l *diag.List) {
	groups := map[*Page][]*Page{}
	for _, p := range pages {
		target := p.Front.TranslationOf
		if target == "" {
			continue
		}
		at := p.File.At("translation_of")
		if _, ok := all[target]; !ok {
			l.Add(at.Errorf("translation_of: no such page %q (looked for content/%s)", target, target))
			continue
		}
		root := byPath[target]
		if root == nil {
			continue // a draft or scheduled original: nothing to link yet
		}
		if root.Front.TranslationOf != "" {
			l.Add(at.Errorf("translation_of: %q is itself a translation; point to the original %q", target, root.Front.TranslationOf))
			continue
		}
		if root.Lang == p.Lang {
			l.Add(at.Errorf("translation_of: %q is in the same language (%s); set lang on the translation", target, p.Lang))
			continue
		}
		if p.Front.Slug == "" {
			p.Slug = root.Slug
		}
		groups[root] = append(groups[root], p)
	}
	for root, members := range groups {
		group := append([]*Page{root}, members...)
		sort.Slice(group, func(i, j int) bool { return group[i].Lang < group[j].Lang })
		for i := 1; i < len(group); i++ {
			if group[i].Lang == group[i-1].Lang {
				l.Add(group[i].File.At("lang").Errorf("%s and %s are both %s translations of %s", group[i-1].File.SourcePath(), group[i].File.SourcePath(), group[i].Lang, root.File.Path))
			}
		}
		for _, p := range group {
			for _, q := range group {
				if q != p {
					p.Translations = append(p.Translations, q)
				}
			}
		}
	}
}

// linkRelations resolves supersedes and interprets in both directions.
func linkRelations(pages []*Page, byPath map[string]*Page, all map[string]*content.File, l *diag.List) {
	for _, p := range pages {
		for i, target := range p.Front.Supersedes {
			at := p.File.At(fmt.Sprintf("supersedes.%d", i))
			if _, ok := all[target]; !ok {
				l.Add(at.Errorf("supersedes: no such page %q (looked for content/%s)", target, target))
				continue
			}
			if target == p.File.Path {
				l.Add(at.Errorf("supersedes: a notice cannot supersede itself"))
				continue
			}
			old := byPath[target]
			if old == nil {
				continue
			}
			if old.SupersededBy != nil && old.SupersededBy != p {
				l.Add(at.Errorf("supersedes: %q is already superseded by %s", target, old.SupersededBy.File.SourcePath()))
				continue
			}
			old.SupersededBy = p
			old.Repealed = p.Front.Repeal
			p.Supersedes = append(p.Supersedes, old)
		}
		for i, target := range p.Front.Related {
			at := p.File.At(fmt.Sprintf("related.%d", i))
			switch q, ok := byPath[target]; {
			case all[target] == nil:
				l.Add(at.Errorf("related: no such page %q (looked for content/%s)", target, target))
			case target == p.File.Path:
				l.Add(at.Errorf("related: a page cannot be related to itself"))
			case ok && !slices.Contains(p.Picked, q):
				p.Picked = append(p.Picked, q) // a draft left out of this build is left out here too
			}
		}
		if target := p.Front.Interprets; target != "" {
			at := p.File.At("interprets")
			if _, ok := all[target]; !ok {
				l.Add(at.Errorf("interprets: no such page %q (looked for content/%s)", target, target))
				continue
			}
			if target == p.File.Path {
				l.Add(at.Errorf("interprets: a page cannot interpret itself"))
				continue
			}
			if pol := byPath[target]; pol != nil {
				p.Interprets = pol
				pol.Interpretations = append(pol.Interpretations, p)
			}
		}
	}
	for _, p := range pages {
		sortNewestFirst(p.Supersedes)
		sortNewestFirst(p.Interpretations)
	}
}

// ExpiresAt is when a notice with the given expires date stops being in
// force. A date without a time of day (midnight in the site's zone) covers
// that whole day, as 有效期至2021年2月20日 does: the notice expires at the
// next midnight. A time of day is taken as the very moment.
func ExpiresAt(expires time.Time) time.Time {
	if expires.IsZero() {
		return expires
	}
	if h, m, sec := expires.Clock(); h == 0 && m == 0 && sec == 0 && expires.Nanosecond() == 0 {
		return expires.AddDate(0, 0, 1)
	}
	return expires
}

// expiresBefore reports whether page p, which has an expiry, expires
// before q (or q is nil); of two expiring at once, the first by content
// path counts as first.
func expiresBefore(p, q *Page) bool {
	if q == nil {
		return true
	}
	a, b := ExpiresAt(p.Front.Expires), ExpiresAt(q.Front.Expires)
	return a.Before(b) || a.Equal(b) && p.File.Path < q.File.Path
}

// state computes a page's lifecycle state at now. Withdrawal outranks
// replacement, which outranks expiry: the strongest reason a resident
// should not rely on the page is the one shown.
func state(p *Page, now time.Time) State {
	switch {
	case p.Front.Status == content.StatusWithdrawn:
		return Withdrawn
	case p.SupersededBy != nil && !p.SupersededBy.Draft && !p.SupersededBy.Scheduled:
		return Superseded
	case !p.Front.Expires.IsZero() && !now.Before(ExpiresAt(p.Front.Expires)):
		return Expired
	}
	return InForce
}

// renderBodies converts every page's Markdown on all cores, reusing the
// cache's result for a file that has not changed and whose links still
// resolve to the same URLs.
func renderBodies(pages []*Page, resolve func(string) (string, bool), md *markdown.Renderer, cache *Bodies, drop bool, l *diag.List) {
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		e := renderBody(p.File, resolve, md, cache)
		for _, d := range e.diags {
			l.Add(d)
		}
		setBody(p, e)
		if drop {
			p.File.Body = nil
		}
	})
}

// resolver maps a content path to its page URL for Markdown links.
func resolver(byPath map[string]*Page, all map[string]*content.File, cfg *config.Config) func(string) (string, bool) {
	return func(contentPath string) (string, bool) {
		if p, ok := byPath[contentPath]; ok {
			return p.URL, true
		}
		if f, ok := all[contentPath]; ok {
			// The page exists but is left out of this build (a draft or a
			// scheduled page): link to where it will be once published.
			url, _ := pageURL(newPage(f, cfg), cfg)
			return url, true
		}
		return "", false
	}
}

// renderBody converts one file's Markdown, or takes it from the cache.
func renderBody(f *content.File, resolve func(string) (string, bool), md *markdown.Renderer, cache *Bodies) *bodyEntry {
	if e := cache.lookup(f, resolve); e != nil {
		return e
	}
	e := &bodyEntry{file: f, resolved: map[string]string{}}
	record := func(target string) (string, bool) {
		url, ok := resolve(target)
		e.resolved[target] = url
		return url, ok
	}
	e.res, e.diags = md.Render(f.Body, markdown.Doc{File: f.SourcePath(), BodyLine: f.BodyLine, Path: f.Path, Resolve: record, Lang: f.Front.Lang})
	// Converted and hashed once here, not on every rebuild.
	e.html = template.HTML(e.res.HTML)
	e.hash = maphash.String(content.HashSeed, e.res.HTML)
	e.res.HTML = "" // kept once, as e.html
	cache.store(f.Path, e)
	return e
}

func setBody(p *Page, e *bodyEntry) {
	p.Body, p.BodyHash = e.html, e.hash
	p.Headings = e.res.Headings
	p.Links = e.res.Links
	p.Summary = strings.TrimSpace(p.Front.Summary)
	if p.Summary == "" {
		p.Summary = e.res.Summary
	}
}

// until returns the first time after now at which a page changes state.
func until(files []*content.File, now time.Time) time.Time {
	var next time.Time
	for _, f := range files {
		for _, t := range append([]time.Time{f.Front.Date, ExpiresAt(f.Front.Expires)}, consultationTimes(f.Front.Consultation)...) {
			if t.After(now) && (next.IsZero() || t.Before(next)) {
				next = t
			}
		}
	}
	return next
}

// TextFields are the fields of a Page that ReplaceText changes; every
// other field keeps its value. TestReplaceTextChangesTextFields keeps the
// list right.
var TextFields = []string{"File", "Front", "Title", "Body", "BodyHash", "Headings", "Links", "Summary"}

// ReplaceText updates the site for changed files whose front matter has
// the same shape as in the build that made s (content.SameShape): only
// their bodies and the fields that are only shown (title, summary,
// doc_number …) differ, so the graph (URLs, lists, terms, related pages,
// states) stays valid and is not rebuilt. It returns the pages it
// changed, or nil, changing nothing, when a file is not a page of s, its
// front matter changed shape, or its body has problems; the caller then
// builds the site again (which reports them).
func (s *Site) ReplaceText(files []*content.File, md *markdown.Renderer, cache *Bodies) *TextEdit {
	pages := make([]*Page, len(files))
	entries := make([]*bodyEntry, len(files))
	for i, f := range files {
		p := s.byPath[f.Path]
		if p == nil || (p.File.FrontHash != f.FrontHash && !content.SameShape(p.Front, &f.Front)) {
			return nil
		}
		e := renderBody(f, s.resolve, md, cache)
		if len(e.diags) > 0 {
			return nil
		}
		pages[i], entries[i] = p, e
	}
	edit := &TextEdit{Pages: pages}
	for i, f := range files {
		p := pages[i]
		edit.Retitled = edit.Retitled || p.Title != f.Front.Title
		p.File, p.Front, p.Title = f, &f.Front, f.Front.Title
		s.all[f.Path] = f
		setBody(p, entries[i])
	}
	return edit
}

// TextEdit is what ReplaceText changed: the pages whose text it replaced,
// and whether a title was among the changes (far more documents show a
// page's title than its body).
type TextEdit struct {
	Pages    []*Page
	Retitled bool
}

// Bodies caches rendered Markdown across builds of one long-running
// process (serve, watch). A nil *Bodies caches nothing. Entries are keyed
// by the *content.File they came from: the caller passes the same
// *content.File again only when the file did not change.
type Bodies struct {
	mu sync.Mutex
	m  map[string]*bodyEntry
}

type bodyEntry struct {
	file     *content.File
	resolved map[string]string // link target → URL it resolved to ("" when missing)
	res      *markdown.Result
	html     template.HTML // res.HTML
	hash     uint64        // of res.HTML
	diags    []*diag.Diagnostic
}

func (b *Bodies) lookup(f *content.File, resolve func(string) (string, bool)) *bodyEntry {
	if b == nil {
		return nil
	}
	b.mu.Lock()
	e := b.m[f.Path]
	b.mu.Unlock()
	if e == nil || e.file != f {
		return nil
	}
	for target, url := range e.resolved {
		if now, _ := resolve(target); now != url {
			return nil
		}
	}
	return e
}

// Forget drops the entry of a file that was deleted or renamed.
func (b *Bodies) Forget(path string) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.m, path)
}

func (b *Bodies) store(path string, e *bodyEntry) {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.m == nil {
		b.m = map[string]*bodyEntry{}
	}
	b.m[path] = e
}

// buildLangs makes the per-language lists: sections with pagination,
// previous/next links, pinned and urgent pages.
func buildLangs(pages []*Page, cfg *config.Config) []*Lang {
	var langs []*Lang
	byCode := map[string]*Lang{}
	for _, code := range cfg.LanguageKeys() {
		lg := &Lang{Code: code, Title: cfg.Title, Publisher: cfg.Publisher, Copyright: cfg.Copyright, Default: code == cfg.Language}
		extra := &config.Lang{}
		if !lg.Default {
			lg.Prefix = "/" + code
			extra = cfg.Languages[code]
			lg.Title = or(extra.Title, lg.Title)
			lg.Publisher = or(extra.Publisher, lg.Publisher)
			lg.Copyright = or(extra.Copyright, lg.Copyright)
		}
		lg.URL = lg.Prefix + "/"
		lg.Logo, lg.Params = cfg.LangLogo(code), cfg.LangParams(code)
		for _, key := range cfg.SectionOrder() {
			sc := cfg.Sections[key]
			title := or(extra.Sections[key], sc.Title)
			sec := &Section{Key: key, Title: title, Kind: sc.Kind, Lang: code, URL: lg.Prefix + "/" + key + "/"}
			if !lg.Default && extra.Sections[key] == "" {
				sec.TitleLang = cfg.Language
			}
			lg.Sections = append(lg.Sections, sec)
		}
		langs = append(langs, lg)
		byCode[code] = lg
	}
	for _, p := range pages {
		lg := byCode[p.Lang]
		lg.Pages = append(lg.Pages, p)
		if p.File.Section != "" {
			p.Section = lg.Section(p.File.Section)
		}
	}
	for _, lg := range langs {
		sortNewestFirst(lg.Pages)
		for _, p := range lg.Pages {
			if sec := p.Section; sec != nil {
				if p.InForce {
					sec.Pages = append(sec.Pages, p)
				} else {
					sec.Archived = append(sec.Archived, p)
				}
			}
			if p.InForce && p.Front.Pinned {
				lg.Pinned = append(lg.Pinned, p)
			}
			if p.InForce && p.Front.Urgent {
				lg.Urgent = append(lg.Urgent, p)
			}
		}
		for _, sec := range lg.Sections {
			sec.Pagers = Paginate(sec.URL, sec.Pages, cfg.Paginate)
			if hasLifecycle(sec.Kind) {
				sec.InForceURL, sec.InForcePagers = paginateInForce(sec.URL, sec.Pages, cfg.Paginate)
			}
			linkNeighbours(sec.Pages, sec.Archived)
		}
	}
	// An urgent notice concerns every reader: a language without urgent
	// notices of its own shows the default language's.
	for _, lg := range langs[1:] {
		if len(lg.Urgent) == 0 {
			lg.Urgent = langs[0].Urgent
		}
	}
	return langs
}

// or returns a unless it is empty, else b.
func or(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// linkNeighbours sets Prev (older) and Next (newer) over all pages of a
// section, current and archived, by date.
func linkNeighbours(current, archived []*Page) {
	list := append(append([]*Page{}, current...), archived...)
	sortNewestFirst(list)
	for i, p := range list {
		if i > 0 {
			p.Next = list[i-1]
		}
		if i+1 < len(list) {
			p.Prev = list[i+1]
		}
	}
}

// Paginate splits pages into pagers of at most size entries: the first at
// base ("/notices/"), the others at base + "page/N/". An empty list still
// has one (empty) pager.
func Paginate(base string, pages []*Page, size int) []*Pager {
	n := max(1, (len(pages)+size-1)/size)
	pagers := make([]*Pager, n)
	for i := range pagers {
		url := base
		if i > 0 {
			url = fmt.Sprintf("%spage/%d/", base, i+1)
		}
		lo, hi := i*size, min((i+1)*size, len(pages))
		pagers[i] = &Pager{Number: i + 1, Total: n, URL: url, OutPath: strings.TrimPrefix(url, "/") + "index.html", Pages: pages[lo:hi], All: pagers}
	}
	for i, pg := range pagers {
		pg.First = pagers[0]
		if i > 0 {
			pg.Prev = pagers[i-1]
		}
		if i+1 < n {
			pg.Next = pagers[i+1]
		}
	}
	return pagers
}

// sortNewestFirst orders pages by date, newest first, then by content path
// so equal dates keep a stable order.
func sortNewestFirst(pages []*Page) {
	sort.SliceStable(pages, func(i, j int) bool {
		a, b := pages[i], pages[j]
		if !a.Front.Date.Equal(b.Front.Date) {
			return a.Front.Date.After(b.Front.Date)
		}
		return a.File.Path < b.File.Path
	})
}
