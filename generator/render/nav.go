package render

import (
	"fmt"
	"html/template"
	"reflect"
	"time"

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
	if d.Pager != nil && d.Pager.Number == 1 && !d.InForceOnly {
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
	if v := reflect.ValueOf(arg); v.IsValid() && !v.Comparable() {
		return "", fmt.Errorf("Memo %q: a %s cannot be a cache key; pass a struct of pointers, strings and numbers", name, v.Type())
	}
	key := memoKey{name, arg}
	if d.memo != nil {
		if v, ok := d.memo.byArg.Load(key); ok {
			return v.(template.HTML), nil
		}
	}
	out, err := d.partial(name, arg)
	if err == nil && d.memo != nil {
		d.memo.byArg.Store(key, out)
	}
	return out, err
}

type memoKey struct {
	name string
	arg  any
}

// FeedLinks is what the feed links in a page's head show: the language's
// feeds and, when another feed fits the document better (a section's, a
// department's), that one under Title. Rendered with Memo.
type FeedLinks struct {
	Lang    *site.Lang
	FeedDir string // as Data.FeedDir
	Title   string // the document's title; "" when FeedDir is the language's
}

func (d *Data) feedLinks() FeedLinks {
	f := FeedLinks{Lang: d.Lang, FeedDir: d.FeedDir}
	if d.FeedDir != d.Lang.URL {
		f.Title = d.Title
	}
	return f
}

// Urgent is what the urgent-notice bar shows: the language's urgent
// notices, with the document's URL only when it is one of them (its
// link is marked current). Rendered with Memo.
type Urgent struct {
	Lang *site.Lang
	L    *map[string]string
	URL  string
	loc  *time.Location
}

func (d *Data) urgent(texts *map[string]string) Urgent {
	u := Urgent{Lang: d.Lang, L: texts, loc: d.Config.Location}
	for _, p := range d.Lang.Urgent {
		if p.URL == d.URL {
			u.URL = d.URL
		}
	}
	return u
}

// ISO and Date format t as Data's methods of those names do.
func (u Urgent) ISO(t time.Time) string { return formatIn(t, u.loc, time.RFC3339) }

func (u Urgent) Date(t time.Time) string { return formatIn(t, u.loc, (*u.L)["date_format"]) }

// Crumbs is what the breadcrumbs show: home, then the document's section
// (for a page), taxonomy (for a term page) or the archive (for a year).
// Rendered with Memo.
type Crumbs struct {
	Lang     *site.Lang
	L        *map[string]string
	Section  *site.Section  // the page's section, or nil
	Taxonomy *site.Taxonomy // the term page's taxonomy, or nil
	Year     bool           // an archive year page
}

func (d *Data) crumbs(texts *map[string]string) Crumbs {
	c := Crumbs{Lang: d.Lang, L: texts, Year: d.Year != nil}
	if d.Page != nil {
		c.Section = d.Page.Section
	}
	if d.Term != nil {
		c.Taxonomy = d.Taxonomy
	}
	return c
}

// T returns the UI string key, as Data.T does without arguments.
func (c Crumbs) T(key string) string {
	if s, ok := (*c.L)[key]; ok {
		return s
	}
	return key
}
