package render_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"bulletin/generator/config"
	"bulletin/generator/render"
)

// The default theme, read from the repository.
var defaultTheme = os.DirFS("../../templates")

// uiLanguages are the languages the default theme must speak completely.
var uiLanguages = []string{"zh-CN", "en"}

// TestThemeStringsComplete checks that the default theme's string files
// have the same keys, that each key has the same %s/%d verbs in both (so
// no language prints "%!s(MISSING)"), and that every key the templates
// and the render code ask for exists in both.
func TestThemeStringsComplete(t *testing.T) {
	th, err := render.LoadTheme(defaultTheme)
	if err != nil {
		t.Fatal(err)
	}
	first := uiLanguages[0]
	for _, lang := range uiLanguages {
		if th.Strings(lang) == nil {
			t.Fatalf("no templates/i18n/%s.yaml", lang)
		}
	}
	for _, lang := range uiLanguages[1:] {
		a, b := th.Strings(first), th.Strings(lang)
		for _, k := range sortedKeys(a) {
			if _, ok := b[k]; !ok {
				t.Errorf("%q is in %s.yaml but not in %s.yaml", k, first, lang)
			} else if va, vb := verbs(a[k]), verbs(b[k]); va != vb {
				t.Errorf("%q takes %q in %s.yaml but %q in %s.yaml", k, va, first, vb, lang)
			}
		}
		for _, k := range sortedKeys(b) {
			if _, ok := a[k]; !ok {
				t.Errorf("%q is in %s.yaml but not in %s.yaml", k, lang, first)
			}
		}
	}

	used := usedKeys(t)
	if len(used) < 20 {
		t.Fatalf("found only %d keys in use; is the pattern still right?", len(used))
	}
	for _, k := range sortedKeys(used) {
		for _, lang := range uiLanguages {
			if _, ok := th.Strings(lang)[k]; !ok {
				t.Errorf("%s asks for %q, which templates/i18n/%s.yaml lacks", used[k], k, lang)
			}
		}
	}
}

var (
	// {{.T "key"}}, {{$.T "key" .X}}, (.T "key"), {{$.L.key}}
	templateKey = regexp.MustCompile(`\.T\s+"([^"]+)"|\.L\.([a-z][a-z0-9_]*)`)
	// {{.T (print "taxonomy_" .Name)}}: one key per taxonomy
	templatePrefix = regexp.MustCompile(`\.T\s+\(print\s+"([^"]+)"`)
	// d.T("date_format"), th.text(lang, fallback, "archive"),
	// strings[code]["lang_name"], and "taxonomy_"+name
	goKey    = regexp.MustCompile(`(?:\bT\(|\btext\([^()"]*)"([a-z0-9_]+)"\s*[,)]|\]\["([a-z0-9_]+)"\]`)
	goPrefix = regexp.MustCompile(`"([a-z0-9_]+_)"\s*\+`)
)

// usedKeys returns every UI string key the default theme's templates and
// package render's code ask for, with where.
func usedKeys(t *testing.T) map[string]string {
	t.Helper()
	used := map[string]string{}
	prefix := func(p, where string) {
		for name := range config.KnownTaxonomies {
			used[p+name] = where
		}
	}
	templates, _ := fs.Glob(defaultTheme, "*.html")
	partials, _ := fs.Glob(defaultTheme, "partials/*.html")
	for _, name := range append(templates, partials...) {
		src, err := fs.ReadFile(defaultTheme, name)
		if err != nil {
			t.Fatal(err)
		}
		where := "templates/" + name
		for _, m := range templateKey.FindAllStringSubmatch(string(src), -1) {
			used[m[1]+m[2]] = where
		}
		for _, m := range templatePrefix.FindAllStringSubmatch(string(src), -1) {
			if m[1] != "taxonomy_" {
				t.Errorf("%s builds keys from %q: teach this test which keys that makes", where, m[1])
			}
			prefix(m[1], where)
		}
	}
	code, _ := filepath.Glob("*.go")
	for _, name := range code {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		where := "generator/render/" + name
		for _, m := range goKey.FindAllStringSubmatch(string(src), -1) {
			used[m[1]+m[2]] = where
		}
		for _, m := range goPrefix.FindAllStringSubmatch(string(src), -1) {
			if m[1] != "taxonomy_" {
				t.Errorf("%s builds keys from %q: teach this test which keys that makes", where, m[1])
			}
			prefix(m[1], where)
		}
	}
	return used
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// verbs lists the fmt verbs of s in order ("%s %d").
func verbs(s string) string { return strings.Join(verb.FindAllString(s, -1), " ") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
