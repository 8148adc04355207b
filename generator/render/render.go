// Package render executes the theme's templates over the site graph and
// hands every output file to a Writer.
//
// Each page kind has its own template file (notice.html, policy.html,
// page.html, home.html, section.html, 404.html), all sharing base.html and
// partials/*.html. Templates receive a *Data: typed values with methods
// (.Page.InForce, .T "label", .Date .Page.Front.Date), never untyped maps.
// Pages render in parallel on all cores.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/parallel"
	"bulletin/generator/qrsvg"
	"bulletin/generator/site"
)

// Writer receives output files. name is slash-separated and relative to
// the output folder ("notices/spring/index.html"). It must be safe for
// concurrent use and must not keep data after returning: the buffer is
// reused.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// A Writer that is also a planner is told, before the first file, how
// many files the render will write (for a progress line).
type planner interface{ Planned(files int) }

// Data is what every template receives.
type Data struct {
	// The fields templates read most come first: text/template finds a
	// field by its name, going through the fields in order, on every
	// read.
	//
	// L holds the UI strings of the document's language, as T gives
	// them without arguments: {{.L.home}} reads a map where {{.T "home"}}
	// calls a method through reflection, on every label of every page.
	L       map[string]string
	Lang    *site.Lang
	Page    *site.Page // the page, for notice, policy and page
	Stamps  Stamps     // the dates of Page, formatted (see stamps)
	Title   string     // this document's title, without the site title
	URL     string     // this document's site-relative URL
	Site    *site.Site
	Config  *config.Config
	Kind    string        // the template: "home", "section", "notice", "policy", "page", "404"
	Section *site.Section // the section, for section lists
	Pager   *site.Pager   // the list page, for section, term and year lists
	// Taxonomy is set for a taxonomy index and its term pages; Term for
	// term pages; Year for archive year pages.
	Taxonomy *site.Taxonomy
	Term     *site.Term
	Year     *site.Year

	// InForceOnly marks the in-force view of a section or term list
	// (Pager is then one of its InForcePagers).
	InForceOnly bool

	// Derived before the document renders (see derive), as fields:
	// templates read them on every page, and text/template calls a method
	// through reflection, several times the cost of reading a field.
	IsHome     bool        // a home page
	FeedDir    string      // the folder of the feed that fits best (see feedDir)
	OGLocale   string      // the language as Open Graph writes it (see ogLocale)
	Alternates []Alternate // this document in other languages (see alternates)
	AbsURL     string      // URL made absolute (see Abs)
	// QR is the page's absolute URL as a QR code, for the printed page
	// (see qr); zero for lists, which are not printed as notices.
	QR qrsvg.Code
	// ForeignLang is the site's default language on a document in
	// another language, else "": what the site's own data (department
	// names, document numbers, terms, filing numbers), written in the
	// default language, is marked with there: <span lang="zh-CN">.
	ForeignLang string
	// Contents is the contents list of a long notice or policy (see
	// contents), nil for other documents.
	Contents []ContentsEntry
	// Filter is the 全部 | 现行有效 switch of a section or term list.
	Filter ListFilter
	// PageLinks are the numbered links of a list's pagination nav, nil
	// gaps between them (see pageLinks); nil for a list of one page.
	PageLinks []*PageLink
	// XDefault is the absolute URL of the document in the default
	// language when it has other languages (see xDefault), else "".
	XDefault string
	Nav      Nav // what the site navigation shows (see nav)
	// What the feed links and the urgent bar show (see Memo).
	FeedLinks FeedLinks
	Urgent    Urgent
	Crumbs    Crumbs

	theme *Theme
	sets  *langSets // the theme's templates in the document's language (see sets.go)
	memo  *memo     // partials rendered once per render (see Item, Once)
}

// text looks up a UI string in lang, then in the default language, then
// falls back to the key.
func (th *Theme) text(lang, fallback, key string) string {
	return th.TextOr(lang, fallback, key, key)
}

// texts returns every UI string as text gives it for lang and fallback:
// lang's strings over the default language's over the key itself (for a
// key only another language has), made once per pair.
func (th *Theme) texts(lang, fallback string) *map[string]string {
	key := [2]string{lang, fallback}
	if m, ok := th.merged.Load(key); ok {
		return m.(*map[string]string)
	}
	m := map[string]string{}
	for _, strs := range th.strings {
		for k := range strs {
			m[k] = k
		}
	}
	maps.Copy(m, th.strings[fallback])
	maps.Copy(m, th.strings[lang])
	v, _ := th.merged.LoadOrStore(key, &m)
	return v.(*map[string]string)
}

// T returns the UI string key in the document's language, falling back to
// the site's default language and then to the key itself. Extra arguments
// fill %s/%d verbs in the string.
func (d *Data) T(key string, args ...any) string {
	s := d.theme.text(d.Lang.Code, d.Config.Language, key)
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Date formats t as a date in the site's zone and the document's language
// (the "date_format" UI string: 2021年1月20日, 20 January 2021). The zero
// time gives "".
func (d *Data) Date(t time.Time) string {
	return formatIn(t, d.Config.Location, d.T("date_format"))
}

// ISO formats t for machines: RFC 3339 in the site's zone.
func (d *Data) ISO(t time.Time) string { return formatIn(t, d.Config.Location, time.RFC3339) }

// formatIn formats t in loc with layout; the zero time gives "".
func formatIn(t time.Time, loc *time.Location, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(layout)
}

// Asset returns the content-hashed URL of a theme asset ("style.css").
func (d *Data) Asset(name string) (string, error) {
	u, ok := d.theme.byName[name]
	if !ok {
		return "", fmt.Errorf("no asset %q in templates/assets/", name)
	}
	return u, nil
}

// Abs turns a site-relative URL into an absolute one with base_url.
func (d *Data) Abs(url string) string {
	return strings.TrimSuffix(d.Config.BaseURL, "/") + url
}

// qr draws the page's absolute URL, its path percent-encoded as in the
// sitemap so that every phone's scanner reads it, as a QR code. A URL too
// long for a QR code (over 2,000 bytes) gets none. With cache, the code
// is kept in the theme for the next render, by the document's URL: a
// theme lives no longer than the configuration (base_url) it was loaded
// with.
func (d *Data) qr(cache bool) qrsvg.Code {
	if cache {
		if c, ok := d.theme.qrs.Load(d.URL); ok {
			return c.(qrsvg.Code)
		}
	}
	code, err := qrsvg.Encode(strings.TrimSuffix(d.Config.BaseURL, "/") + (&url.URL{Path: d.URL}).EscapedPath())
	if err != nil {
		code = qrsvg.Code{}
	}
	if cache {
		d.theme.qrs.Store(d.URL, code)
	}
	return code
}

// derive sets the fields computed from the others, before a document is
// fingerprinted or rendered. cacheQR keeps QR codes in the theme for the
// next render, which fingerprints them again.
func (d *Data) derive(cacheQR bool) {
	d.IsHome = d.Kind == "home"
	d.FeedDir, d.OGLocale, d.Alternates = d.feedDir(), d.ogLocale(), d.alternates()
	if d.Page != nil {
		d.Stamps = d.stamps(d.Page)
		d.Contents = contents(d.Page)
	}
	if d.Pager != nil {
		d.Filter = d.listFilter()
	}
	if d.Config != nil {
		d.AbsURL = d.Abs(d.URL)
		if d.Page != nil {
			d.QR = d.qr(cacheQR)
		}
		if d.Lang != nil && d.Lang.Code != d.Config.Language {
			d.ForeignLang = d.Config.Language
		}
		if d.Lang != nil {
			d.XDefault = d.xDefault()
		}
	}
	if d.Lang != nil && d.Config != nil {
		texts := d.theme.texts(d.Lang.Code, d.Config.Language)
		d.L = *texts
		d.PageLinks = d.pageLinks()
		d.Nav = d.nav(texts)
		d.FeedLinks = d.feedLinks()
		d.Urgent = d.urgent(texts)
		d.Crumbs = d.crumbs(texts)
	}
}

// Stamp is one date formatted the ways the templates show it: ISO for
// machines (RFC 3339, for datetime attributes), Text for people (as Date
// gives it), and for FrontDate alone Gov, for the PubDate meta tag (as
// GovDate). All are empty for a date not set.
type Stamp struct{ ISO, Text, Gov string }

// Stamps are the dates of the document's page, formatted once when it
// renders: a notice page shows most of them two or three ways, and each
// call of ISO or Date from a template goes through reflection.
type Stamps struct {
	Date, Updated Stamp // the page's: publication, last update (or publication)
	// As the front matter gives them.
	FrontDate, FrontUpdated, Written, Effective, Expires Stamp
}

func (d *Data) stamps(p *site.Page) Stamps {
	stamp := func(t time.Time) Stamp { return Stamp{ISO: d.ISO(t), Text: d.Date(t)} }
	fm := p.Front
	st := Stamps{
		Date: stamp(p.Date), Updated: stamp(p.Updated),
		FrontDate: stamp(fm.Date), FrontUpdated: stamp(fm.Updated),
		Written: stamp(fm.Written), Effective: stamp(fm.Effective), Expires: stamp(fm.Expires),
	}
	st.FrontDate.Gov = d.GovDate(fm.Date)
	if !fm.Expires.IsZero() {
		// expires is the last day in force: its datetime is the end of
		// that day (or the very moment, when it has a time of day).
		end := site.ExpiresAt(fm.Expires)
		if !end.Equal(fm.Expires) {
			end = end.Add(-time.Second)
		}
		st.Expires.ISO = d.ISO(end)
	}
	return st
}

// aliasPage redirects an old URL to a page's permanent one. A person
// sees, in the page's language, that the page has moved and a link to it;
// the browser follows the meta refresh to the root-relative URL, so that
// a preview on a staging host stays there; crawlers read the canonical,
// absolute URL.
var aliasPage = template.Must(template.New("alias").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{.Title}}</title><link rel="canonical" href="{{.Canonical}}"><meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url={{.URL}}"></head>
<body><main><h1>{{.Heading}}</h1><p>{{.Text}}<a href="{{.URL}}">{{.PageTitle}}</a></p></main></body></html>
`))

// aliasView is what aliasPage shows.
type aliasView struct {
	Lang, Title, Heading, Text, PageTitle, URL, Canonical string
}

// alias returns what the redirect page of j shows.
func (th *Theme) alias(j *job) aliasView {
	d, p := j.data, j.alias.Page
	return aliasView{
		Lang: d.Lang.Code, Title: d.Title,
		Heading:   th.TextOr(d.Lang.Code, d.Config.Language, "alias_heading", p.Title),
		Text:      th.TextOr(d.Lang.Code, d.Config.Language, "alias_text", ""),
		PageTitle: p.Title, URL: p.URL, Canonical: d.Abs(p.URL),
	}
}

// aliasTitle is the title of a redirect to a page titled title: the
// theme's "alias_title" ("页面已移动：%s"), or the page's title alone
// with a theme that lacks it.
func (th *Theme) aliasTitle(lang, fallback, title string) string {
	if f := th.TextOr(lang, fallback, "alias_title", ""); strings.Count(f, "%s") == 1 && strings.Count(f, "%") == 1 {
		return fmt.Sprintf(f, title)
	}
	return title
}

// TextOr is the UI string key of lang, else of fallback (the site's
// default language), else def: for the strings a site's own theme (made
// before they existed) may lack.
func (th *Theme) TextOr(lang, fallback, key, def string) string {
	if s, ok := th.strings[lang][key]; ok {
		return s
	}
	if s, ok := th.strings[fallback][key]; ok {
		return s
	}
	return def
}

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// buffers recycles render buffers across documents.
var buffers = sync.Pool{New: func() any { return bytes.NewBuffer(make([]byte, 0, 32<<10)) }}

// job is one document to render.
type job struct {
	out   string
	data  *Data
	alias *site.Alias // set for a redirect page
}

// Render executes the theme over the site and writes every document and
// asset through w, for a build that has no next one: it computes no
// fingerprints. All problems are returned together.
func Render(s *site.Site, th *Theme, w Writer) *diag.List {
	_, l := render(s, th, w, nil, nil, false)
	return l
}

// RenderChanged renders and writes only the documents whose fingerprint
// differs from prev's (all of them when prev is nil), and returns what the
// next call needs. Assets are always written.
//
// edit, when not nil, says that s is the site graph prev was made from
// and that only the text of edit's pages changed since (their bodies,
// titles and the other site.TextFields): then only the documents that
// read the changed text are fingerprinted again.
func RenderChanged(s *site.Site, th *Theme, w Writer, prev *Prints, edit *site.TextEdit) (*Prints, *diag.List) {
	return render(s, th, w, prev, edit, true)
}

func render(s *site.Site, th *Theme, w Writer, prev *Prints, edit *site.TextEdit, fingerprint bool) (*Prints, *diag.List) {
	var l diag.List
	jobs := plan(s, th)
	memos := newMemo(s.Pages)
	var pr *printer
	var redo map[string]bool // with an edit: the documents to fingerprint again
	var prevSums Fingerprints
	if fingerprint {
		pr = &printer{th: th}
		if prev != nil {
			prevSums = prev.Sums
			if edit != nil {
				redo = prev.affected(edit.Pages, edit.Retitled)
			}
		}
	}
	if pl, ok := w.(planner); ok {
		pl.Planned(len(jobs) + len(th.Assets()))
	}
	prints := make([]*docPrint, len(jobs))
	failures := make([]*failure, len(jobs))
	var rendered atomic.Int64
	parallel.ForWorkers(len(jobs), parallel.IO(), func(i int) {
		j := &jobs[i]
		j.data.theme = th
		j.data.memo = memos
		if pr != nil {
			old, had := prevSums[j.out]
			if redo != nil && had && !redo[j.out] {
				prints[i] = &docPrint{sum: old}
				return
			}
			if j.alias == nil {
				j.data.derive(true)
			}
			dp := pr.fingerprint(j)
			prints[i] = &dp
			if had && old == dp.sum {
				j.data = nil
				return
			}
		}
		rendered.Add(1)
		buf := buffers.Get().(*bytes.Buffer)
		defer buffers.Put(buf)
		buf.Reset()
		if j.alias != nil {
			err := aliasPage.Execute(buf, th.alias(j))
			if err == nil {
				err = w.WriteFile(j.out, buf.Bytes())
			}
			l.Add(err)
			return
		}
		if pr == nil {
			j.data.derive(false)
		}
		if d := th.execute(buf, j.data); d != nil {
			failures[i] = &failure{d, j.data.source()}
			prints[i] = nil
			return
		}
		if err := w.WriteFile(j.out, buf.Bytes()); err != nil {
			l.Add(err)
		}
		// What was derived for the document (its QR code, dates, contents)
		// is not needed once it is written; a large site would keep it
		// all until the last document.
		j.data = nil
	})
	l.Add(summarise(failures)...)
	if fingerprint && edit == nil {
		// A new graph: the QR code of a URL that went away (a page
		// deleted, a slug changed) is of no more use; a long serve would
		// keep them all. (A page's document has the page's URL.)
		th.qrs.Range(func(url, _ any) bool {
			if pageByURL(s, url.(string)) == nil {
				th.qrs.Delete(url)
			}
			return true
		})
	}
	for _, a := range th.Assets() {
		if err := w.WriteFile(strings.TrimPrefix(a.URL, "/"), a.Data); err != nil {
			l.Add(err)
		}
	}
	if pr == nil {
		return nil, &l
	}
	outs := make([]string, len(jobs))
	for i := range jobs {
		outs[i] = jobs[i].out
	}
	next := keep(outs, prints)
	next.Rendered = int(rendered.Load())
	if redo != nil {
		// The same graph: who reads the text of which page has not
		// changed.
		next.docs, next.texts = prev.docs, prev.texts
	}
	return next, &l
}

// plan lists every document of the site with its data.
func plan(s *site.Site, th *Theme) []job {
	var jobs []job
	rel := func(url string) string { return strings.TrimPrefix(url, "/") + "index.html" }
	add := func(out string, d *Data) {
		d.Site, d.Config = s, s.Config
		jobs = append(jobs, job{out: out, data: d})
	}
	for _, lg := range s.Langs {
		prefix := strings.TrimPrefix(lg.Prefix+"/", "/")
		add(prefix+"index.html", &Data{Lang: lg, Kind: "home", Title: lg.Title, URL: lg.URL})
		for _, sec := range lg.Sections {
			for _, pg := range sec.Pagers {
				title := sec.Title
				add(pg.OutPath, &Data{Lang: lg, Kind: "section", Section: sec, Pager: pg, Title: title, URL: pg.URL})
			}
			for _, pg := range sec.InForcePagers {
				title := fmt.Sprintf(th.text(lg.Code, s.Config.Language, "in_force_title"), sec.Title)
				add(pg.OutPath, &Data{Lang: lg, Kind: "section", Section: sec, Pager: pg, InForceOnly: true, Title: title, URL: pg.URL})
			}
		}
		for _, tax := range lg.Taxonomies {
			add(rel(tax.URL), &Data{Lang: lg, Kind: "taxonomy", Taxonomy: tax, Title: th.text(lg.Code, s.Config.Language, "taxonomy_"+tax.Name), URL: tax.URL})
			for _, t := range tax.Terms {
				for _, pg := range t.Pagers {
					add(pg.OutPath, &Data{Lang: lg, Kind: "term", Taxonomy: tax, Term: t, Pager: pg, Title: t.Name, URL: pg.URL})
				}
				for _, pg := range t.InForcePagers {
					title := fmt.Sprintf(th.text(lg.Code, s.Config.Language, "in_force_title"), t.Name)
					add(pg.OutPath, &Data{Lang: lg, Kind: "term", Taxonomy: tax, Term: t, Pager: pg, InForceOnly: true, Title: title, URL: pg.URL})
				}
			}
		}
		if lg.ConsultationsURL != "" && th.Has("consultations") {
			add(rel(lg.ConsultationsURL), &Data{Lang: lg, Kind: "consultations", Title: th.text(lg.Code, s.Config.Language, "consultations"), URL: lg.ConsultationsURL})
		}
		add(rel(lg.ArchiveURL), &Data{Lang: lg, Kind: "archive", Title: th.text(lg.Code, s.Config.Language, "archive"), URL: lg.ArchiveURL})
		for _, y := range lg.Years {
			for _, pg := range y.Pagers {
				add(pg.OutPath, &Data{Lang: lg, Kind: "year", Year: y, Pager: pg, Title: fmt.Sprint(y.Year), URL: pg.URL})
			}
		}
		if th.Has("search") {
			url := lg.Prefix + "/search/"
			add(rel(url), &Data{Lang: lg, Kind: "search", Title: th.text(lg.Code, s.Config.Language, "search"), URL: url})
		}
		if th.Has("404") && lg.Default {
			add("404.html", &Data{Lang: lg, Kind: "404", Title: "404", URL: "/404.html"})
		}
	}
	langOf := map[string]*site.Lang{}
	for _, lg := range s.Langs {
		langOf[lg.Code] = lg
	}
	for _, p := range s.Pages {
		for _, a := range p.Aliases {
			lg := langOf[p.Lang]
			title := th.aliasTitle(lg.Code, s.Config.Language, p.Title)
			jobs = append(jobs, job{out: a.OutPath, alias: a, data: &Data{Site: s, Config: s.Config, Lang: lg, Title: title, URL: a.URL}})
		}
		kind := p.Kind
		if !th.Has(kind) {
			kind = "page"
		}
		add(p.OutPath, &Data{Lang: langOf[p.Lang], Kind: kind, Page: p, Title: p.Title, URL: p.URL})
	}
	return jobs
}

func (th *Theme) execute(buf *bytes.Buffer, d *Data) *diag.Diagnostic {
	sets, err := d.templates()
	if err != nil {
		return &diag.Diagnostic{File: ThemeDir + "/" + d.Kind + ".html", Err: err}
	}
	entry, ok := sets.entry[d.Kind]
	if !ok {
		return &diag.Diagnostic{File: ThemeDir + "/" + d.Kind + ".html", Err: fmt.Errorf("the theme has no template %s.html", d.Kind)}
	}
	if err := th.run(sets.set, buf, entry, d); err != nil {
		return templateError(d.Kind+".html", unprefixed(err, d.Kind))
	}
	return nil
}

// templates returns the theme's templates in the document's language,
// with its UI strings folded in (see fold.go).
func (d *Data) templates() (*langSets, error) {
	if d.sets != nil {
		return d.sets, nil
	}
	lang, fallback := "", ""
	if d.Lang != nil && d.Config != nil {
		lang, fallback = d.Lang.Code, d.Config.Language
	}
	sets, err := d.theme.setsFor(lang, fallback)
	d.sets = sets
	return sets, err
}

// run executes the template name of set.
func (th *Theme) run(set *template.Template, buf *bytes.Buffer, name string, data any) error {
	return set.ExecuteTemplate(buf, name, data)
}

// source names what a document was rendered from, for error messages.
func (d *Data) source() string {
	if d.Page != nil {
		return d.Page.File.SourcePath()
	}
	return d.URL
}

// failure is a template error while rendering one document.
type failure struct {
	diag   *diag.Diagnostic
	source string
}

// summarise reports each distinct template error once, naming the first
// document it broke and how many more, instead of once per page.
func summarise(failures []*failure) []error {
	type group struct {
		diag    *diag.Diagnostic
		sources []string
	}
	groups := map[string]*group{}
	for _, f := range failures {
		if f == nil {
			continue
		}
		key := f.diag.Error()
		g := groups[key]
		if g == nil {
			g = &group{diag: f.diag}
			groups[key] = g
		}
		g.sources = append(g.sources, f.source)
	}
	var out []error
	for _, g := range groups {
		sort.Strings(g.sources)
		where := g.sources[0]
		if n := len(g.sources) - 1; n > 0 {
			where = fmt.Sprintf("%s and %d more", where, n)
		}
		d := *g.diag
		d.Err = fmt.Errorf("%w (rendering %s)", d.Err, where)
		out = append(out, &d)
	}
	return out
}
