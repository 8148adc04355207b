package search

import (
	"path"
	"strings"

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

// WriteIndex builds the index of docs and writes it through w into the
// folder dir ("search/", "en/search/"), the manifest last.
func WriteIndex(w Writer, dir string, docs []Doc) error {
	return WriteLive(w, dir, NewLive(docs))
}

// WriteLive writes through w into dir the files of x its last Write did
// not write (all of them the first time), then its manifest.
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
	parallel.For(len(pages), func(i int) { docs[i] = doc(pages[i]) })
	return docs
}

func doc(p *site.Page) Doc {
	body := Text(string(p.Body))
	excerpt := p.Summary
	if excerpt == "" {
		excerpt = body
	}
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
