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
	"strings"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/diag"
	"bulletin/generator/parallel"
	"bulletin/generator/site"
)

// Writer receives output files. name is slash-separated and relative to
// the output folder ("notices/spring/index.html"). It must be safe for
// concurrent use.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Data is what every template receives.
type Data struct {
	Site    *site.Site
	Config  *config.Config
	Lang    *site.Lang
	Kind    string        // the template: "home", "section", "notice", "policy", "page", "404"
	Page    *site.Page    // the page, for notice, policy and page
	Section *site.Section // the section, for section lists
	Pager   *site.Pager   // the list page, for section lists
	Title   string        // this document's title, without the site title
	URL     string        // this document's site-relative URL

	theme *Theme
}

// T returns the UI string key in the document's language, falling back to
// the site's default language and then to the key itself. Extra arguments
// fill %s/%d verbs in the string.
func (d *Data) T(key string, args ...any) string {
	s, ok := d.theme.strings[d.Lang.Code][key]
	if !ok {
		s, ok = d.theme.strings[d.Config.Language][key]
	}
	if !ok {
		s = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// Date formats t as a date in the site's zone and the document's language
// (the "date_format" UI string: 2021年1月20日, 20 January 2021). The zero
// time gives "".
func (d *Data) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.Config.Location).Format(d.T("date_format"))
}

// ISO formats t for machines: RFC 3339 in the site's zone.
func (d *Data) ISO(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(d.Config.Location).Format(time.RFC3339)
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

// IsHome reports whether this document is a home page.
func (d *Data) IsHome() bool { return d.Kind == "home" }

var funcs = template.FuncMap{
	"add": func(a, b int) int { return a + b },
}

// job is one document to render.
type job struct {
	out  string
	data *Data
}

// Render executes the theme over the site and writes every document and
// asset through w. All problems are returned together.
func Render(s *site.Site, th *Theme, w Writer) *diag.List {
	var l diag.List
	jobs := plan(s, th)
	parallel.For(len(jobs), func(i int) {
		j := jobs[i]
		j.data.theme = th
		var buf bytes.Buffer
		buf.Grow(16 << 10)
		if err := th.execute(&buf, j.data); err != nil {
			l.Add(err)
			return
		}
		if err := w.WriteFile(j.out, buf.Bytes()); err != nil {
			l.Add(err)
		}
	})
	for _, a := range th.Assets() {
		if err := w.WriteFile(strings.TrimPrefix(a.URL, "/"), a.Data); err != nil {
			l.Add(err)
		}
	}
	return &l
}

// plan lists every document of the site with its data.
func plan(s *site.Site, th *Theme) []job {
	var jobs []job
	add := func(out string, d *Data) {
		d.Site, d.Config = s, s.Config
		jobs = append(jobs, job{out: out, data: d})
	}
	for _, lg := range s.Langs {
		prefix := strings.TrimPrefix(lg.Prefix+"/", "/")
		add(prefix+"index.html", &Data{Lang: lg, Kind: "home", Title: lg.Title, URL: lg.URL()})
		for _, sec := range lg.Sections {
			for _, pg := range sec.Pagers {
				title := sec.Title
				add(pg.OutPath, &Data{Lang: lg, Kind: "section", Section: sec, Pager: pg, Title: title, URL: pg.URL})
			}
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
		kind := p.Kind
		if !th.Has(kind) {
			kind = "page"
		}
		add(p.OutPath, &Data{Lang: langOf[p.Lang], Kind: kind, Page: p, Title: p.Title, URL: p.URL})
	}
	return jobs
}

func (th *Theme) execute(buf *bytes.Buffer, d *Data) error {
	t := th.kinds[d.Kind]
	if t == nil {
		return &diag.Diagnostic{File: ThemeDir + "/" + d.Kind + ".html", Err: fmt.Errorf("the theme has no template %s.html (needed for %s)", d.Kind, d.URL)}
	}
	if err := t.ExecuteTemplate(buf, "base.html", d); err != nil {
		dd := templateError(d.Kind+".html", err)
		src := d.URL
		if d.Page != nil {
			src = d.Page.File.SourcePath()
		}
		dd.Err = fmt.Errorf("%w (rendering %s)", dd.Err, src)
		return dd
	}
	return nil
}
