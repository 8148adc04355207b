package render

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"

	"bulletin/generator/site"
)

// Nav is what the site navigation shows for a document. Every notice of a
// section shows the same navigation, so the default theme renders it once
// per distinct Nav with Memo: {{.Memo "site-nav" .Nav}}.
type Nav struct {
	Lang *site.Lang
	L    *map[string]string // the UI strings, as Data.L
	Home bool               // the document is its language's home page
	// Current is the URL of the section the document belongs to (see
	// InSection), "" for none; CurrentAria the aria-current value its link
	// gets: "page" on the section's first list page, else "true".
	Current, CurrentAria string
	About                *site.Page // the about page (PageAt "/about/"), or nil
	AboutCurrent         bool       // the document is the about page
}

func (d *Data) nav(texts *map[string]string) Nav {
	n := Nav{Lang: d.Lang, L: texts, Home: d.IsHome, CurrentAria: "true"}
	switch {
	case d.Section != nil:
		n.Current = d.Section.URL
	case d.Page != nil && d.Page.Section != nil:
		n.Current = d.Page.Section.URL
	}
	if d.Pager != nil && d.Pager.Number == 1 {
		n.CurrentAria = "page"
	}
	if d.Site != nil {
		n.About = d.PageAt("/about/")
		n.AboutCurrent = n.About != nil && n.About.URL == d.URL
	}
	return n
}

// Memo renders the partial name with arg as its data, once per render for
// each distinct arg, and reuses the HTML. The partial sees arg alone (its
// dot and $), so what it shows can depend on nothing else: arg is the
// whole key. arg must be comparable (pointers, strings, numbers, structs
// of those).
func (d *Data) Memo(name string, arg any) (template.HTML, error) {
	if t := reflect.TypeOf(arg); t != nil && !t.Comparable() {
		return "", fmt.Errorf("Memo %q: a %s cannot be a cache key; pass a struct of pointers, strings and numbers", name, t)
	}
	key := memoKey{name, arg}
	if d.memo != nil {
		if v, ok := d.memo.byArg.Load(key); ok {
			return v.(template.HTML), nil
		}
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer buffers.Put(buf)
	buf.Reset()
	if err := d.theme.run(d.theme.partials, buf, name, arg); err != nil {
		return "", err
	}
	out := template.HTML(buf.String())
	if d.memo != nil {
		d.memo.byArg.Store(key, out)
	}
	return out, nil
}

type memoKey struct {
	name string
	arg  any
}
