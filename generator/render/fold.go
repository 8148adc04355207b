package render

import (
	"html/template"
	"strings"
	"text/template/parse"
)

// UI strings as text.
//
// An action that prints one UI string and nothing else, {{.L.key}} or
// {{$.L.key}}, prints the same text on every page of a language, yet
// html/template calls its escaper for it on every page, through
// reflection; that call is most of what an action costs, and a notice
// page of the default theme prints dozens of UI strings. So each language
// gets its own copy of the theme's templates (a langSets), made once, in
// which those actions are text: the UI string as html/template escapes a
// string in HTML text, in a quoted attribute value or in <title>, which
// all escape alike.
//
// The UI strings are the theme's own words (its i18n files), as trusted
// as the template text around them, so taking them as template text gives
// nothing away. What changes is only where a theme prints a UI string in
// a script, a style or a URL: there it is HTML-escaped text like the
// template's own, not escaped for that context. A theme that wants
// html/template's escaping for such a place writes {{print .L.key}}, which
// is not folded. Every other use of .L (arguments, pipelines, with, a key
// no language has) is left as it is.

// foldSet returns a clone of set in which every template's UI string
// actions are text (see foldList).
func foldSet(set *template.Template, texts map[string]string) (*template.Template, error) {
	clone, err := set.Clone()
	if err != nil {
		return nil, err
	}
	for _, t := range clone.Templates() {
		if t.Tree == nil {
			continue
		}
		tree := t.Tree.Copy()
		if foldList(tree.Root, texts) == 0 {
			continue
		}
		if _, err := clone.AddParseTree(t.Name(), tree); err != nil {
			return nil, err
		}
	}
	return clone, nil
}

// foldList replaces in l, and in the lists of its if, range and with
// blocks, each action that prints one UI string of texts by that string
// as escaped text. It returns how many it replaced.
func foldList(l *parse.ListNode, texts map[string]string) (n int) {
	eachList(l, func(l *parse.ListNode) {
		for i, node := range l.Nodes {
			a, ok := node.(*parse.ActionNode)
			if !ok {
				continue
			}
			key, ok := uiString(a.Pipe)
			if !ok {
				continue
			}
			if text, ok := texts[key]; ok {
				l.Nodes[i] = &parse.TextNode{NodeType: parse.NodeText, Pos: a.Pos, Text: []byte(escapeText(text))}
				n++
			}
		}
	})
	return n
}

// eachList calls f with l and with every list in it, the lists of its if,
// range and with blocks at any depth; f may replace the nodes of a list.
func eachList(l *parse.ListNode, f func(*parse.ListNode)) {
	if l == nil {
		return
	}
	f(l)
	for _, node := range l.Nodes {
		switch x := node.(type) {
		case *parse.IfNode:
			eachList(x.List, f)
			eachList(x.ElseList, f)
		case *parse.RangeNode:
			eachList(x.List, f)
			eachList(x.ElseList, f)
		case *parse.WithNode:
			eachList(x.List, f)
			eachList(x.ElseList, f)
		case *parse.ListNode:
			eachList(x, f)
		}
	}
}

// uiString returns key when p is .L.key or $.L.key alone: one command,
// no variables, no pipeline.
func uiString(p *parse.PipeNode) (key string, ok bool) {
	if p == nil || p.IsAssign || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return "", false
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.FieldNode:
		if len(a.Ident) == 2 && a.Ident[0] == "L" {
			return a.Ident[1], true
		}
	case *parse.VariableNode:
		if len(a.Ident) == 3 && a.Ident[0] == "$" && a.Ident[1] == "L" {
			return a.Ident[2], true
		}
	}
	return "", false
}

// printString is html/template printing a string in HTML text.
var printString = template.Must(template.New("").Parse("{{.}}"))

// escapeText returns s as html/template prints a string in HTML text.
func escapeText(s string) string {
	var b strings.Builder
	if err := printString.Execute(&b, s); err != nil {
		panic(err) // a string always prints
	}
	return b.String()
}
