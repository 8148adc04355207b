package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"bulletin/generator/diag"

	"gopkg.in/yaml.v3"
)

// ThemeDir is the folder of a site's own templates; files in it override the
// embedded default theme file by file.
const ThemeDir = "templates"

// Theme is a parsed set of templates, UI strings and assets. Load it once
// per build; it is safe for concurrent use.
type Theme struct {
	// partials is base.html and the partials; kinds holds each page
	// kind's own file, parsed alone ("notice" → notice.html). Neither is
	// executed: each language renders with one set made from them (see
	// sets.go).
	partials *template.Template
	kinds    map[string]*template.Template
	folded   sync.Map                     // [language, fallback] → *setsEntry
	strings  map[string]map[string]string // language → key → text
	merged   sync.Map                     // [language, fallback] → key → text (see texts)
	assets   []Asset
	byName   map[string]string // asset name → hashed URL

	// reads holds what each kind's templates read of their data (see
	// reads.go), nil for a kind whose reads cannot be traced; untraced
	// says why.
	reads    map[string]*node
	untraced map[string]string
	// qrs caches QR codes by document URL across the renders of a Builder,
	// which fingerprints every page and so derives its code each time.
	qrs sync.Map
}

// Asset is a static theme file published under /assets/ with a content hash
// in its name, so browsers may cache it forever.
type Asset struct {
	Name string // "style.css"
	URL  string // "/assets/style.1a2b3c4d5e.css"
	Data []byte
}

// Overlay returns a file system that reads name from site first and falls
// back to theme, so a site overrides the theme file by file.
func Overlay(site, theme fs.FS) fs.FS { return overlay{site, theme} }

type overlay struct{ top, bottom fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.top != nil {
		if f, err := o.top.Open(name); err == nil {
			return f, nil
		}
	}
	return o.bottom.Open(name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	seen := map[string]fs.DirEntry{}
	var firstErr error
	for _, fsys := range []fs.FS{o.bottom, o.top} {
		if fsys == nil {
			continue
		}
		entries, err := fs.ReadDir(fsys, name)
		if err != nil {
			firstErr = err
			continue
		}
		for _, e := range entries {
			seen[e.Name()] = e
		}
	}
	if len(seen) == 0 && firstErr != nil {
		return nil, firstErr
	}
	out := make([]fs.DirEntry, 0, len(seen))
	for _, e := range seen {
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name() < out[j].Name() })
	return out, nil
}

// LoadTheme parses the theme in fsys (rooted at the theme folder):
// base.html and partials/*.html shared by all pages, one template per page
// kind (every other *.html at the top), i18n/<lang>.yaml strings, and
// assets/*.
func LoadTheme(fsys fs.FS) (*Theme, error) {
	var l diag.List
	th := &Theme{kinds: map[string]*template.Template{}, strings: map[string]map[string]string{}, byName: map[string]string{}}

	root := template.New("").Funcs(funcs)
	shared, _ := fs.Glob(fsys, "partials/*.html")
	shared = append([]string{"base.html"}, shared...)
	for _, name := range shared {
		if err := parseFile(root, fsys, name); err != nil {
			l.Add(err)
		}
	}
	th.partials = root
	tops, _ := fs.Glob(fsys, "*.html")
	for _, name := range tops {
		if name == "base.html" {
			continue
		}
		t := template.New("").Funcs(funcs)
		if err := parseFile(t, fsys, name); err != nil {
			l.Add(err)
			continue
		}
		th.kinds[strings.TrimSuffix(name, ".html")] = t
	}
	th.reads, th.untraced = map[string]*node{}, map[string]string{}
	if plain, err := th.foldSets(nil); err != nil { // walked, never executed
		l.Add(err)
	} else {
		for kind, entry := range plain.entry {
			reads, err := analyze(plain.set, entry)
			if err != nil {
				th.untraced[kind] = err.Error()
			}
			th.reads[kind] = reads
		}
	}

	langs, _ := fs.Glob(fsys, "i18n/*.yaml")
	for _, name := range langs {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			l.Add(err)
			continue
		}
		m := map[string]string{}
		if err := decodeStrings(src, m, ThemeDir+"/"+name); err != nil {
			l.Add(err)
		}
		th.strings[strings.TrimSuffix(path.Base(name), ".yaml")] = m
	}

	err := fs.WalkDir(fsys, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		name := strings.TrimPrefix(p, "assets/")
		sum := sha256.Sum256(data)
		ext := path.Ext(name)
		url := "/assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		th.assets = append(th.assets, Asset{Name: name, URL: url, Data: data})
		th.byName[name] = url
		return nil
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		l.Add(err)
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	return th, nil
}

func parseFile(t *template.Template, fsys fs.FS, name string) error {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return &diag.Diagnostic{File: ThemeDir + "/" + name, Err: err}
	}
	if _, err := t.New(name).Parse(string(src)); err != nil {
		return templateError(name, err)
	}
	return nil
}

var templateLine = regexp.MustCompile(`^template: ([^:]+):(\d+):(?:(\d+):)? ?`)

// templateError turns html/template's "template: notice.html:12: msg" into a
// positioned diagnostic.
func templateError(name string, err error) *diag.Diagnostic {
	msg := err.Error()
	d := &diag.Diagnostic{File: ThemeDir + "/" + name}
	if m := templateLine.FindStringSubmatch(msg); m != nil {
		d.File = ThemeDir + "/" + m[1]
		d.Line, _ = strconv.Atoi(m[2])
		if m[3] != "" {
			d.Col, _ = strconv.Atoi(m[3])
		}
		msg = msg[len(m[0]):]
	}
	d.Err = fmt.Errorf("template: %s", msg)
	return d
}

// decodeStrings reads a flat YAML mapping of UI string keys to texts.
func decodeStrings(src []byte, m map[string]string, file string) error {
	var raw map[string]string
	if err := yaml.Unmarshal(src, &raw); err != nil {
		return &diag.Diagnostic{File: file, Err: fmt.Errorf("UI strings must be a flat mapping of keys to texts: %v", err)}
	}
	for k, v := range raw {
		m[k] = v
	}
	return nil
}

// Assets returns the theme's assets sorted by name.
func (th *Theme) Assets() []Asset {
	out := append([]Asset(nil), th.assets...)
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// HasAsset reports whether the theme has the asset name ("emblem.svg").
func (th *Theme) HasAsset(name string) bool { _, ok := th.byName[name]; return ok }

// Untraced returns a note for each page kind whose templates read what
// fingerprints cannot follow (see reads.go), in kind order: serve and
// watch render every document of such a kind after each edit.
func (th *Theme) Untraced() []*diag.Diagnostic {
	var out []*diag.Diagnostic
	for _, kind := range slices.Sorted(maps.Keys(th.untraced)) {
		out = append(out, &diag.Diagnostic{File: ThemeDir + "/" + kind + ".html", Severity: diag.Note,
			Err: fmt.Errorf("serve and watch render every document of this template again after each edit, since %s", th.untraced[kind])})
	}
	return out
}

// Has reports whether the theme has a template for kind.
func (th *Theme) Has(kind string) bool { return th.kinds[kind] != nil }

// Strings returns the UI strings of lang (nil when the theme has none).
func (th *Theme) Strings(lang string) map[string]string { return th.strings[lang] }
