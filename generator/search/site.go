package search

import (
	"path"
	"strings"
	"unicode/utf8"

	"bulletin/generator/parallel"
	"bulletin/generator/site"
)

// Writer receives the index's files; see render.Writer.
type Writer interface {
	WriteFile(name string, data []byte) error
}

// Dir is the index's folder in a language's part of the site, where the
// search page also lives.
const Dir = "search/"

// WriteLive writes through w into the folder dir ("search/",
// "en/search/") the files of x its last Write did not write (all of them
// the first time), then its manifest.
func WriteLive(w Writer, dir string, x *Live) error {
	manifest, err := x.Write(func(f File) error { return w.WriteFile(dir+f.Name, f.Data) })
	if err != nil {
		return err
	}
	return w.WriteFile(dir+ManifestName, manifest)
}

// Docs turns pages into documents, on all cores.
func Docs(pages []*site.Page) []Doc {
	docs := make([]Doc, len(pages))
	parallel.For(len(pages), func(i int) { docs[i] = docOf(pages[i]) })
	return docs
}

// WritePages indexes pages and writes the index through w into dir, for
// a build that keeps nothing: each page's text is
// made when its terms are counted and dropped after, so the texts of all
// pages are never in memory at once.
func WritePages(w Writer, dir string, pages []*site.Page) error {
	docs := make([]Doc, len(pages))
	parallel.For(len(pages), func(i int) {
		p := pages[i]
		excerpt := p.Summary
		if excerpt == "" {
			excerpt = leadText(string(p.Body))
		}
		docs[i] = doc(p, "", excerpt)
		docs[i].lazy = func() string { return rawText(string(p.Body)) }
	})
	return WriteLive(w, dir, NewLive(docs))
}

// leadText returns the start of the text of rendered HTML, enough for an
// excerpt: the text of a prefix of it when that is long enough that the
// cut (in a tag, a reference or a character) lies past the excerpt, else
// the whole text.
func leadText(h string) string {
	const prefix = 4 << 10
	if len(h) > prefix {
		if t := Text(h[:prefix]); utf8.RuneCountInString(t) > excerptLen+64 {
			return t
		}
	}
	return Text(h)
}

func docOf(p *site.Page) Doc {
	body := Text(string(p.Body))
	excerpt := p.Summary
	if excerpt == "" {
		excerpt = body
	}
	return doc(p, body, excerpt)
}

func doc(p *site.Page, body, excerpt string) Doc {
	var numbers []string
	for _, n := range []string{p.Front.DocNumber, p.Front.IndexNo} {
		if n != "" {
			numbers = append(numbers, n)
		}
	}
	state := ""
	switch {
	case p.IsWithdrawn:
		state = "withdrawn"
	case p.IsSuperseded && p.Repealed:
		state = "repealed"
	case p.IsSuperseded:
		state = "superseded"
	case p.IsExpired:
		state = "expired"
	}
	return Doc{
		URL: p.URL, Title: p.Title, Numbers: numbers, Body: body,
		Excerpt: Excerpt(excerpt, excerptLen), Date: p.Date,
		Department: p.Front.Department, Category: p.Front.Category, State: state,
	}
}

// IsIndexFile reports whether the output file name (slash-separated,
// relative) is one Write makes, which every build writes anew: the
// manifest, a term shard, a record file or a page of their names in a language's search folder.
func IsIndexFile(name string) bool {
	dir, base := path.Split(name)
	if dir != Dir && !strings.HasSuffix(dir, "/"+Dir) {
		return false
	}
	return base == ManifestName || strings.HasPrefix(base, "t-") || strings.HasPrefix(base, "r-") || strings.HasPrefix(base, "p-")
}
