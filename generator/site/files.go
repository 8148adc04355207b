package site

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"bulletin/generator/content"
	"bulletin/generator/diag"
)

// linkAttachments resolves each page's attachments against the files in
// the content folder. An attachment is published in the page's own folder,
// so the link in the page is just its file name.
func linkAttachments(pages []*Page, others []*content.Other, unsafeHTML bool, l *diag.List) {
	size := map[string]int64{}
	for _, o := range others {
		size[o.Path] = o.Size
	}
	for _, p := range pages {
		dir := path.Dir(p.File.Path)
		for i, a := range p.Front.Attachments {
			if !content.SafeRelative(a.File) || (content.Active(a.File) && !unsafeHTML) {
				continue // reported by package content
			}
			at := p.File.At(fmt.Sprintf("attachments.%d.file", i))
			src := path.Join(dir, a.File)
			n, ok := size[src]
			if !ok {
				l.Add(at.Errorf("attachment %q not found: put the file beside the Markdown (looked for content/%s)", a.File, src))
				continue
			}
			title := a.Title
			if title == "" {
				title = path.Base(a.File)
			}
			out := strings.TrimSuffix(p.OutPath, "index.html") + a.File
			p.Attachments = append(p.Attachments, &Attachment{
				Title:   title,
				Src:     content.Dir + "/" + src,
				Name:    a.File,
				URL:     "/" + out,
				OutPath: out,
				Type:    fileType(a.File),
				Size:    n,
				field:   fmt.Sprintf("attachments.%d.file", i),
			})
		}
	}
}

// fileType names a file's type for people by its extension: "PDF", "XLSX".
func fileType(name string) string {
	ext := strings.TrimPrefix(path.Ext(name), ".")
	if ext == "" {
		return "FILE"
	}
	return strings.ToUpper(ext)
}

// linkAliases makes a redirect for each old URL of a page.
func linkAliases(pages []*Page) {
	for _, p := range pages {
		for _, a := range p.Front.Aliases {
			if content.CheckAlias(a) != nil {
				continue // reported by package content
			}
			clean := strings.Trim(path.Clean("/"+a), "/")
			out := clean + "/index.html"
			url := "/" + clean + "/"
			if strings.HasSuffix(clean, ".html") || strings.HasSuffix(clean, ".htm") {
				out, url = clean, "/"+clean
			}
			p.Aliases = append(p.Aliases, &Alias{Given: a, URL: url, OutPath: out, Page: p})
		}
	}
}

// describe names the alias as the clerk wrote it, and the URL it becomes
// when that differs ("/feed.xml (as /feed.xml/)"), so a message can be
// matched to the front matter.
func (a *Alias) describe() string {
	if a.Given == a.URL {
		return a.URL
	}
	return fmt.Sprintf("%s (as %s)", a.Given, a.URL)
}

// claim is one output path and who writes it: a page, or what says.
// A page's description is worked out only for a message, since every
// rebuild of serve claims every page's path.
type claim struct {
	page *Page
	what string
	pos  diag.Pos
}

func (c claim) describe() string {
	if c.page != nil {
		return c.page.File.SourcePath()
	}
	return c.what
}

func (c claim) position() diag.Pos {
	if c.page != nil {
		return c.page.File.At("slug")
	}
	return c.pos
}

// checkCollisions reports any two things that would write the same output
// file: pages, aliases, attachments, and the lists and feeds the generator
// makes. An alias or attachment that loses is dropped from its page, so
// the failed build does not also trip over it while writing.
//
// A file is also checked against the folders of files claimed before it
// (an alias /notices/b/form.pdf/ of one page, the attachment form.pdf of
// notices/b), so whichever comes first, the clash is a positioned error
// here and not a failed write.
func checkCollisions(s *Site, reserved []string, l *diag.List) {
	claims := make(map[string]claim, 2*len(s.Pages))
	folders := make(map[string]claim, 2*len(s.Pages)) // folder → first claim below it
	for _, out := range reserved {
		claims[out] = claim{what: "the theme file /" + out}
	}
	for _, lg := range s.Langs {
		for _, out := range generatedOutputs(lg) {
			what := "the generated file /" + out
			if rest, ok := strings.CutSuffix(out, "index.html"); ok {
				what = "the generated page /" + rest
			}
			claims[out] = claim{what: what}
		}
	}
	claimed := func(out string, c claim) bool {
		for _, dir := range parents(out) {
			if prev, ok := claims[dir]; ok {
				l.Add(c.position().Errorf("%s would turn %s into a folder: choose another slug or alias", c.describe(), prev.describe()))
				return false
			}
		}
		if prev, ok := claims[out]; ok {
			l.Add(c.position().Errorf("%s would overwrite %s (both write %s): choose another slug or alias", c.describe(), prev.describe(), out))
			return false
		}
		if prev, ok := folders[out]; ok {
			l.Add(c.position().Errorf("%s would be a file where %s needs the folder /%s/: choose another slug or alias", c.describe(), prev.describe(), out))
			return false
		}
		claims[out] = c
		for _, dir := range parents(out) {
			if _, ok := folders[dir]; !ok {
				folders[dir] = c
			}
		}
		return true
	}
	pages := append([]*Page(nil), s.Pages...)
	sort.Slice(pages, func(i, j int) bool { return pages[i].File.Path < pages[j].File.Path })
	for _, p := range pages {
		claimed(p.OutPath, claim{page: p})
	}
	for _, p := range pages {
		aliases := p.Aliases[:0]
		for i, a := range p.Aliases {
			if claimed(a.OutPath, claim{what: fmt.Sprintf("alias %s of %s", a.describe(), p.File.SourcePath()), pos: p.File.At(fmt.Sprintf("aliases.%d", i))}) {
				aliases = append(aliases, a)
			}
		}
		p.Aliases = aliases
		attachments := p.Attachments[:0]
		for _, a := range p.Attachments {
			if claimed(a.OutPath, claim{what: fmt.Sprintf("attachment %s of %s", a.Name, p.File.SourcePath()), pos: p.File.At(a.field)}) {
				attachments = append(attachments, a)
			}
		}
		p.Attachments = attachments
	}
}

// parents lists the folders above an output path, nearest first:
// "a/b/index.html" → "a/b", "a". Output paths are relative, but the walk
// up stops at "/" as at ".", since path.Dir returns either unchanged: a
// path that slipped through with a leading '/' cannot make it spin.
func parents(out string) []string {
	var dirs []string
	for dir := path.Dir(out); dir != "." && dir != "/"; dir = path.Dir(dir) {
		dirs = append(dirs, dir)
	}
	return dirs
}

// URLsFile is the list of published page URLs each build writes for the
// next to compare against (package urls).
const URLsFile = "bulletin-urls.json"

// generatedOutputs lists the list pages of a language (home, sections,
// taxonomies, terms and archive) and the files written beside them: the
// feeds of the language, each section and each department, and for the
// default language the site-wide files.
func generatedOutputs(lg *Lang) []string {
	var out []string
	rel := func(url string) string { return strings.TrimPrefix(url, "/") + "index.html" }
	feeds := func(url string) {
		for _, name := range []string{"feed.xml", "rss.xml", "feed.json"} {
			out = append(out, strings.TrimPrefix(url, "/")+name)
		}
	}
	out = append(out, rel(lg.URL), rel(lg.ArchiveURL))
	if lg.ConsultationsURL != "" {
		out = append(out, rel(lg.ConsultationsURL))
		feeds(lg.ConsultationsURL)
	}
	feeds(lg.URL)
	if lg.Default {
		out = append(out, "404.html", "sitemap.xml", "robots.txt", URLsFile)
	}
	for _, sec := range lg.Sections {
		feeds(sec.URL)
		for _, pg := range sec.Pagers {
			out = append(out, pg.OutPath)
		}
		for _, pg := range sec.InForcePagers {
			out = append(out, pg.OutPath)
		}
	}
	for _, tax := range lg.Taxonomies {
		out = append(out, rel(tax.URL))
		for _, t := range tax.Terms {
			if tax.Name == "department" {
				feeds(t.URL)
			}
			for _, pg := range t.Pagers {
				out = append(out, pg.OutPath)
			}
			for _, pg := range t.InForcePagers {
				out = append(out, pg.OutPath)
			}
		}
	}
	for _, y := range lg.Years {
		for _, pg := range y.Pagers {
			out = append(out, pg.OutPath)
		}
	}
	return out
}
