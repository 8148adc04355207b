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
func linkAttachments(pages []*Page, others []*content.Other, l *diag.List) {
	size := map[string]int64{}
	for _, o := range others {
		size[o.Path] = o.Size
	}
	for _, p := range pages {
		dir := path.Dir(p.File.Path)
		for i, a := range p.Front.Attachments {
			if !content.SafeRelative(a.File) {
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
			clean := strings.Trim(path.Clean("/"+a), "/")
			out := clean + "/index.html"
			url := "/" + clean + "/"
			if strings.HasSuffix(clean, ".html") || strings.HasSuffix(clean, ".htm") {
				out, url = clean, "/"+clean
			}
			p.Aliases = append(p.Aliases, &Alias{URL: url, OutPath: out, Page: p})
		}
	}
}

// claim is one output path and who writes it.
type claim struct {
	what string
	pos  diag.Pos
}

// checkCollisions reports any two things that would write the same output
// file: pages, aliases, attachments, and the lists the generator makes.
func checkCollisions(s *Site, l *diag.List) {
	claims := map[string]claim{}
	for _, lg := range s.Langs {
		for _, out := range generatedOutputs(lg) {
			claims[out] = claim{what: "the generated page /" + strings.TrimSuffix(out, "index.html")}
		}
	}
	claimed := func(out, what string, at diag.Pos) {
		for dir := path.Dir(out); dir != "."; dir = path.Dir(dir) {
			if prev, ok := claims[dir]; ok {
				l.Add(at.Errorf("%s would turn the generated file %s into a folder: choose another slug or alias", what, prev.what))
				return
			}
		}
		if prev, ok := claims[out]; ok {
			l.Add(at.Errorf("%s would overwrite %s (both write %s): choose another slug or alias", what, prev.what, out))
			return
		}
		claims[out] = claim{what: what, pos: at}
	}
	pages := append([]*Page(nil), s.Pages...)
	sort.Slice(pages, func(i, j int) bool { return pages[i].File.Path < pages[j].File.Path })
	for _, p := range pages {
		claimed(p.OutPath, p.File.SourcePath(), p.File.At("slug"))
	}
	for _, p := range pages {
		for i, a := range p.Aliases {
			claimed(a.OutPath, fmt.Sprintf("alias %s of %s", a.URL, p.File.SourcePath()), p.File.At(fmt.Sprintf("aliases.%d", i)))
		}
		for i, a := range p.Attachments {
			claimed(a.OutPath, fmt.Sprintf("attachment %s of %s", a.Name, p.File.SourcePath()), p.File.At(fmt.Sprintf("attachments.%d.file", i)))
		}
	}
}

// generatedOutputs lists the list pages of a language: home, sections,
// taxonomies, terms and archive.
func generatedOutputs(lg *Lang) []string {
	var out []string
	rel := func(url string) string { return strings.TrimPrefix(url, "/") + "index.html" }
	out = append(out, rel(lg.URL()), rel(lg.ArchiveURL))
	// Files written beside the pages: feeds of the language, and for the
	// default language the site-wide files.
	prefix := strings.TrimPrefix(lg.Prefix+"/", "/")
	for _, name := range []string{"feed.xml", "rss.xml", "feed.json"} {
		out = append(out, prefix+name)
	}
	if lg.Default {
		out = append(out, "404.html", "sitemap.xml", "robots.txt")
	}
	for _, sec := range lg.Sections {
		for _, pg := range sec.Pagers {
			out = append(out, pg.OutPath)
		}
	}
	for _, tax := range lg.Taxonomies {
		out = append(out, rel(tax.URL))
		for _, t := range tax.Terms {
			for _, pg := range t.Pagers {
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
