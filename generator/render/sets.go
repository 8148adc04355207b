package render

import (
	"errors"
	"html/template"
	"maps"
	"slices"
	"strings"
	"sync"
	"text/template/parse"
)

// The templates a language renders with.
//
// A page kind renders base.html with the templates of its own file
// (notice.html defines "main") over the partials. Each language has one
// html/template set for all of them, with its UI strings folded in (see
// fold.go): the partials under their own names, for base.html of kinds
// that need nothing of their own and for the partials rendered alone
// (Item, Once, Memo); and for each kind, under names prefixed with its
// file ("notice.html/main"), the templates of its file and every partial
// that calls one of them, directly or not, with those calls renamed
// (base.html calls "main", so it is always among them). So the partials
// are copied, folded and escaped once per language, not once per kind.

// langSets are the theme's templates in one language.
type langSets struct {
	set   *template.Template
	entry map[string]string // page kind → the name its base.html has in set
}

// setsEntry makes a language's sets once.
type setsEntry struct {
	once sync.Once
	sets *langSets
	err  error
}

// setsFor returns the templates of lang with fallback's UI strings under
// its own (see texts), made on first use. The theme's own templates are
// never executed: html/template cannot clone a set after it has run.
func (th *Theme) setsFor(lang, fallback string) (*langSets, error) {
	key := [2]string{lang, fallback}
	v, ok := th.folded.Load(key) // once a document, so no entry made to be dropped
	if !ok {
		v, _ = th.folded.LoadOrStore(key, &setsEntry{})
	}
	e := v.(*setsEntry)
	e.once.Do(func() {
		var texts map[string]string
		if lang != "" {
			texts = *th.texts(lang, fallback)
		}
		e.sets, e.err = th.foldSets(texts)
	})
	return e.sets, e.err
}

// foldSets makes the templates of a language whose UI strings are texts
// (none folded when texts is nil).
func (th *Theme) foldSets(texts map[string]string) (*langSets, error) {
	set, err := foldSet(th.partials, texts)
	if err != nil {
		return nil, err
	}
	s := &langSets{set: set, entry: make(map[string]string, len(th.kinds))}
	for _, kind := range slices.Sorted(maps.Keys(th.kinds)) {
		if s.entry[kind], err = addKind(set, th.partials, kind, th.kinds[kind], texts); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// addKind adds to set the templates of kind's own file and the partials
// that call them, their UI strings folded with texts, under names
// prefixed with the file's name, and returns the name base.html has for
// the kind.
func addKind(set, partials *template.Template, kind string, file *template.Template, texts map[string]string) (string, error) {
	prefix := kind + ".html/"
	trees := map[string]*parse.Tree{} // the kind's own templates, by their name in the file
	for _, t := range file.Templates() {
		if t.Tree == nil {
			continue
		}
		if p := partials.Lookup(t.Name()); p != nil && p.Tree != nil && parse.IsEmptyTree(t.Tree.Root) {
			continue // an empty definition does not replace a template (text/template's rule)
		}
		trees[t.Name()] = t.Tree
	}
	for grown := true; grown; {
		grown = false
		for _, t := range partials.Templates() {
			if t.Tree != nil && trees[t.Name()] == nil && calls(t.Tree.Root, trees) {
				trees[t.Name()] = t.Tree
				grown = true
			}
		}
	}
	for name, tree := range trees {
		tree = tree.Copy()
		foldList(tree.Root, texts)
		renameCalls(tree.Root, trees, prefix)
		if _, err := set.AddParseTree(prefix+name, tree); err != nil {
			return "", err
		}
	}
	if trees["base.html"] != nil {
		return prefix + "base.html", nil
	}
	return "base.html", nil
}

// calls reports whether l calls one of the templates in names.
func calls(l *parse.ListNode, names map[string]*parse.Tree) bool {
	found := false
	eachCall(l, func(t *parse.TemplateNode) { found = found || names[t.Name] != nil })
	return found
}

// renameCalls prefixes the name of each call in l to a template in names.
func renameCalls(l *parse.ListNode, names map[string]*parse.Tree, prefix string) {
	eachCall(l, func(t *parse.TemplateNode) {
		if names[t.Name] != nil {
			t.Name = prefix + t.Name
		}
	})
}

// eachCall calls f with each {{template}} in l (see eachList).
func eachCall(l *parse.ListNode, f func(*parse.TemplateNode)) {
	eachList(l, func(l *parse.ListNode) {
		for _, node := range l.Nodes {
			if t, ok := node.(*parse.TemplateNode); ok {
				f(t)
			}
		}
	})
}

// unprefixed takes the kind's prefix (see addKind) off the template names
// in err's message: executing "main", not "notice.html/main".
func unprefixed(err error, kind string) error {
	return errors.New(strings.ReplaceAll(err.Error(), `"`+kind+".html/", `"`))
}
