package check

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"

	"bulletin/generator/diag"
	"bulletin/generator/parallel"
	"bulletin/generator/site"
)

// index answers "does the site have this URL, and which anchors does it
// have?" from the rendered output when there is one, else from the site
// graph.
type index struct {
	base  string                // base_url without its trailing slash
	out   *Output               // nil: use files
	files map[string]bool       // output paths known from the site graph
	pages map[string]*site.Page // by output path
	mu    sync.Mutex
	idsOf map[string]map[string]bool // anchors by output path, filled lazily
}

func newIndex(s *site.Site, out *Output) *index {
	x := &index{
		base:  strings.TrimSuffix(s.Config.BaseURL, "/"),
		out:   out,
		files: map[string]bool{},
		pages: map[string]*site.Page{},
		idsOf: map[string]map[string]bool{},
	}
	for _, p := range s.Pages {
		x.pages[p.OutPath] = p
	}
	if out != nil {
		return x
	}
	add := func(url string) { x.files[outPath(url)] = true }
	for _, p := range s.Pages {
		x.files[p.OutPath] = true
		for _, a := range p.Aliases {
			x.files[a.OutPath] = true
		}
		for _, a := range p.Attachments {
			x.files[a.OutPath] = true
		}
	}
	pagers := func(ps []*site.Pager) {
		for _, pg := range ps {
			x.files[pg.OutPath] = true
		}
	}
	for _, lg := range s.Langs {
		add(lg.URL)
		add(lg.ArchiveURL)
		for _, sec := range lg.Sections {
			pagers(sec.Pagers)
		}
		for _, tax := range lg.Taxonomies {
			add(tax.URL)
			for _, t := range tax.Terms {
				pagers(t.Pagers)
			}
		}
		for _, y := range lg.Years {
			pagers(y.Pagers)
		}
	}
	return x
}

// outPath maps a site path to the file that serves it: "/a/" → "a/index.html",
// "/a.pdf" → "a.pdf".
func outPath(sitePath string) string {
	p := strings.TrimPrefix(sitePath, "/")
	if p == "" || strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	return p
}

// docURL is the URL an output file is served at: "a/index.html" → "/a/".
func docURL(name string) string {
	if name == "index.html" || strings.HasSuffix(name, "/index.html") {
		return "/" + strings.TrimSuffix(name, "index.html")
	}
	return "/" + name
}

func (x *index) has(name string) bool {
	if x.out != nil {
		return x.out.Has(name)
	}
	return x.files[name]
}

// file finds the output file serving a site path; a folder URL written
// without its trailing slash counts, as static servers redirect it.
func (x *index) file(sitePath string) (string, bool) {
	name := outPath(sitePath)
	if x.has(name) {
		return name, true
	}
	if !strings.HasSuffix(sitePath, "/") {
		if alt := outPath(sitePath + "/"); x.has(alt) {
			return alt, true
		}
	}
	return name, false
}

// ids returns the anchors of an output file, and false when they cannot be
// known (a list page without rendered output, a non-HTML file).
func (x *index) ids(name string) (map[string]bool, bool) {
	x.mu.Lock()
	ids, ok := x.idsOf[name]
	x.mu.Unlock()
	if ok {
		return ids, ids != nil
	}
	if p := x.pages[name]; p != nil {
		ids = map[string]bool{}
		for _, h := range p.Headings {
			ids[h.ID] = true
		}
		collectIDs([]byte(p.Body), ids)
	}
	if x.out != nil && strings.HasSuffix(name, ".html") {
		if data := x.out.File(name); data != nil {
			if ids == nil {
				ids = map[string]bool{}
			}
			collectIDs(data, ids)
		}
	}
	x.mu.Lock()
	x.idsOf[name] = ids
	x.mu.Unlock()
	return ids, ids != nil
}

// suggest names the anchor of a file closest to a mistyped one.
func (x *index) suggest(name, frag string) string {
	ids, _ := x.ids(name)
	list := make([]string, 0, len(ids))
	for id := range ids {
		list = append(list, id)
	}
	sort.Strings(list)
	if s := diag.Suggest(frag, list); s != "" {
		return fmt.Sprintf(" (did you mean #%s?)", s)
	}
	return ""
}

func collectIDs(doc []byte, ids map[string]bool) {
	attrs(doc, "id", func(v []byte) { ids[html.UnescapeString(string(v))] = true })
}

// attrs calls fn with the value of every name="…" attribute in an HTML
// document. It reads what templates and the Markdown renderer write
// (double-quoted values after white space), not every HTML there is, and
// does it fast: a big site has hundreds of megabytes of HTML.
func attrs(doc []byte, name string, fn func(value []byte)) {
	pat := []byte(name + `="`)
	for i := 0; ; {
		j := bytes.Index(doc[i:], pat)
		if j < 0 {
			return
		}
		at, start := i+j, i+j+len(pat)
		i = start
		if at == 0 || !isSpace(doc[at-1]) {
			continue // data-href=, or text that looks like an attribute
		}
		end := bytes.IndexByte(doc[start:], '"')
		if end < 0 {
			return
		}
		fn(doc[start : start+end])
		i = start + end + 1
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

// problem says what is wrong with a link; the zero value, nothing.
type problem struct {
	missing bool   // no file serves the URL
	anchor  string // the URL's file has no such anchor
	file    string // the output file the link resolves to
}

// resolve checks a link found in the document at docURL. internal is false
// for links that leave the site (other hosts, mailto:, tel:).
func (x *index) resolve(dest, docURL string) (p problem, internal bool, err error) {
	u, err := url.Parse(strings.TrimSpace(dest))
	if err != nil {
		return p, false, err
	}
	if u.Scheme != "" || u.Host != "" {
		local, ok := x.local(dest)
		if !ok {
			return p, false, nil
		}
		if u, err = url.Parse(local); err != nil {
			return p, false, err
		}
	}
	target := docURL
	if u.Path != "" {
		target = (&url.URL{Path: docURL}).ResolveReference(&url.URL{Path: u.Path}).Path
	}
	name, ok := x.file(target)
	p.file = name
	if !ok {
		p.missing = true
		return p, true, nil
	}
	if u.Fragment == "" {
		return p, true, nil
	}
	if ids, known := x.ids(name); known && !ids[u.Fragment] {
		p.anchor = u.Fragment
	}
	return p, true, nil
}

// local turns an absolute URL on the site's own base_url into a site path.
func (x *index) local(dest string) (string, bool) {
	if x.base == "" {
		return "", false
	}
	if dest == x.base {
		return "/", true
	}
	if strings.HasPrefix(dest, x.base) {
		rest := dest[len(x.base):]
		if strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "#") || strings.HasPrefix(rest, "?") {
			return rest, true
		}
	}
	return "", false
}

// checkLinks checks every Markdown link and image of every page: the URL
// must be served by the site and its #anchor must exist there.
func checkLinks(s *site.Site, x *index, l *diag.List) {
	for _, p := range s.Pages {
		for _, link := range p.Links {
			if link.Image && strings.TrimSpace(link.Alt) == "" {
				l.Add(link.Pos.Warnf("image %q has no alt text: describe it in the brackets, ![…](%s), so screen readers can say what it shows", link.Dest, link.Dest))
			}
			checkLink(p, link.Dest, link.Image, link.Pos, x, l)
		}
	}
}

func checkLink(p *site.Page, dest string, image bool, at diag.Pos, x *index, l *diag.List) {
	target, _, _ := strings.Cut(dest, "#")
	target, _, _ = strings.Cut(target, "?")
	if strings.TrimSpace(dest) == "" || strings.HasSuffix(target, ".md") {
		return // a link to a missing .md file is the build's error already
	}
	what := "link"
	if image {
		what = "image"
	}
	pr, internal, err := x.resolve(dest, p.URL)
	switch {
	case err != nil:
		l.Add(at.Errorf("%s %q is not a valid URL: %v", what, dest, unwrapURLError(err)))
	case !internal:
	case pr.missing:
		hint := ""
		if ext := path.Ext(target); ext != "" && !strings.HasSuffix(target, "/") && ext != ".html" {
			hint = ": a file beside the Markdown is published only when it is listed under attachments"
		}
		l.Add(at.Errorf("%s %q points nowhere: the site has no %s%s", what, dest, docURL(pr.file), hint))
	case pr.anchor != "":
		where := "this page"
		if docURL(pr.file) != p.URL {
			where = docURL(pr.file)
		}
		l.Add(at.Errorf("%s %q points to a missing anchor: %s has no #%s%s", what, dest, where, pr.anchor, x.suggest(pr.file, pr.anchor)))
	}
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// brokenRef is one broken link in the theme's output and the documents it
// appears on.
type brokenRef struct {
	message string
	docs    []string
}

// checkOutputLinks checks the links the theme writes (navigation, lists,
// banners, head links) in every rendered HTML file. Page bodies are left
// out: their links are checked, with positions, by checkLinks. Each broken
// link is reported once with the number of documents it is on.
func checkOutputLinks(x *index, out *Output, l *diag.List) {
	names := out.Names()
	found := make([][]brokenRef, len(names))
	parallel.For(len(names), func(i int) {
		name := names[i]
		if !strings.HasSuffix(name, ".html") {
			return
		}
		doc := out.File(name)
		if p := x.pages[name]; p != nil && len(p.Body) > 0 {
			doc = bytes.Replace(doc, []byte(p.Body), nil, 1)
		}
		seen := map[string]bool{}
		var dests []string
		collect := func(v []byte) {
			if d := html.UnescapeString(string(v)); d != "" && !seen[d] {
				seen[d] = true
				dests = append(dests, d)
			}
		}
		attrs(doc, "href", collect)
		attrs(doc, "src", collect)
		for _, dest := range dests {
			pr, internal, err := x.resolve(dest, docURL(name))
			var msg string
			switch {
			case err != nil:
				msg = fmt.Sprintf("the theme writes a link %q that is not a valid URL: %v", dest, unwrapURLError(err))
			case !internal:
				continue
			case pr.missing:
				msg = fmt.Sprintf("the theme links to %q, but the build writes no %s", dest, docURL(pr.file))
			case pr.anchor != "":
				msg = fmt.Sprintf("the theme links to %q, but %s has no #%s", dest, docURL(pr.file), pr.anchor)
			default:
				continue
			}
			found[i] = append(found[i], brokenRef{message: msg, docs: []string{docURL(name)}})
		}
	})
	byMessage := map[string]*brokenRef{}
	for _, refs := range found {
		for _, r := range refs {
			if b := byMessage[r.message]; b != nil {
				b.docs = append(b.docs, r.docs...)
				continue
			}
			byMessage[r.message] = &r
		}
	}
	for _, b := range byMessage {
		sort.Strings(b.docs)
		where := b.docs[0]
		if n := len(b.docs) - 1; n > 0 {
			where = fmt.Sprintf("%s and %d more", where, n)
		}
		l.Add(&diag.Diagnostic{Err: fmt.Errorf("%s (on %s)", b.message, where)})
	}
}
