package render

// What the theme's templates read of their data, found once when the
// theme loads by walking the parse trees of its templates: for each page
// kind, a tree of reads (a "trie") rooted at the document's *Data, such
// as .Page.Title, each element of .Pager.Pages and its .Summary, the
// result of .PageAt "/about/". Fingerprints (fingerprint.go) hash the
// values at those reads; a document whose reads give the same values
// renders the same bytes, whatever the theme is, the site's own included.
//
// What cannot be traced (a field of a function's result, a recursive
// partial, a partial given to .Item, .Memo or .Once by a computed name) makes
// the kind untraced: its documents render on every rebuild.

import (
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// stepKind is how a read reaches a part of a value.
type stepKind uint8

const (
	// stepName is .Name: a method without arguments, else a field, else
	// a map key, as text/template resolves it.
	stepName stepKind = iota
	// stepCall is .Name with constant arguments (.PageAt "/about/"): the
	// method is called again to fingerprint its result.
	stepCall
	// stepPure is .Name with arguments that are not all constants (.Date
	// .Page.Date): a method pureMethods lists, whose result depends only
	// on its arguments (read where they come from) and the document's
	// language. Any other method makes the document render every time.
	stepPure
	// stepElem is each element (range, index), with their number.
	stepElem
)

type step struct {
	kind stepKind
	name string
	args string // stepCall: the arguments, printed
}

// node is what templates read of one value: the value itself (truth for
// if and with, value for printing and comparing, length for len) and
// parts of it.
type node struct {
	kids                 map[step]*node
	args                 []reflect.Value // stepCall: the constant arguments
	truth, value, length bool

	// Set by finish:
	order []edge // kids in a fixed order, for a deterministic hash
	id    uint64 // equal for nodes of equal structure: fingerprints cache by it
	// texts has bit g set when a kid is .Name where Name is one of
	// site.TextFields of the group g (textGroup): read of a page, the
	// node reads that text of it.
	texts uint8

	acc atomic.Pointer[access] // how the read resolved last (see get)
}

type edge struct {
	step step
	node *node
}

func (n *node) child(s step) *node {
	if n.kids == nil {
		n.kids = map[step]*node{}
	}
	c := n.kids[s]
	if c == nil {
		c = &node{}
		n.kids[s] = c
	}
	return c
}

// finish orders the kids and gives every node its structural id.
func (n *node) finish() uint64 {
	h := newHasher().num(b2u(n.truth), b2u(n.value), b2u(n.length))
	n.order, n.texts = n.order[:0], 0
	for s, c := range n.kids {
		if g := textGroup[s.name]; s.kind == stepName && g > 0 {
			n.texts |= 1 << (g - 1)
		}
		n.order = append(n.order, edge{s, c})
	}
	slices.SortFunc(n.order, func(a, b edge) int {
		if a.step.kind != b.step.kind {
			return int(a.step.kind) - int(b.step.kind)
		}
		if c := strings.Compare(a.step.name, b.step.name); c != 0 {
			return c
		}
		return strings.Compare(a.step.args, b.step.args)
	})
	for _, e := range n.order {
		h.num(uint64(e.step.kind)).str(e.step.name, e.step.args).num(e.node.finish())
	}
	n.id = h.sum()
	return n.id
}

// val is what the analysis knows of a value in a template.
type val struct {
	nodes []*node       // the reads it stands at (several after and, or)
	entry *entryVal     // an Entry made by .Entry or .Item
	konst reflect.Value // a constant
	// opaque is a value computed by a function or method (.T "home",
	// printf): what it was computed from is read; its parts cannot be.
	opaque bool
}

// entryVal is Entry{Data, Item} as the analysis knows it.
type entryVal struct{ data, item val }

// binding is a template variable.
type binding struct {
	name string
	val  val
}

// analyzer walks the templates of one page kind.
type analyzer struct {
	set      *template.Template // a language's set: the kind's templates and the partials
	root     *node
	untraced string // why the kind is untraced, "" while it is not
	seen     map[string]bool
	depth    int
}

// analyze returns the reads of a page kind, starting at entry, its
// base.html in a language's set (see sets.go), which also holds the
// partials rendered alone, or an error saying why they cannot be traced.
func analyze(set *template.Template, entry string) (*node, error) {
	a := &analyzer{set: set, root: &node{}, seen: map[string]bool{}}
	a.call(entry, val{nodes: []*node{a.root}})
	if a.untraced != "" {
		return nil, fmt.Errorf("%s", a.untraced)
	}
	a.root.finish()
	return a.root, nil
}

func (a *analyzer) fail(format string, args ...any) {
	if a.untraced == "" {
		a.untraced = fmt.Sprintf(format, args...)
	}
}

// call walks the template name of the set with dot.
func (a *analyzer) call(name string, dot val) {
	t := a.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return // executing it fails, and says so
	}
	key := name + "\x00" + dot.identity()
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	if a.depth > 32 {
		a.fail("template %q calls itself with a different value each time", name)
		return
	}
	a.depth++
	vars := []binding{{"$", dot}}
	a.list(t.Tree.Root, dot, &vars)
	a.depth--
}

// identity names what dot stands for, to walk a template once per value.
func (v val) identity() string {
	var b strings.Builder
	for _, n := range v.nodes {
		fmt.Fprintf(&b, "%p,", n)
	}
	if v.entry != nil {
		fmt.Fprintf(&b, "{%s|%s}", v.entry.data.identity(), v.entry.item.identity())
	}
	if v.opaque {
		b.WriteString("?")
	}
	return b.String()
}

func (a *analyzer) list(l *parse.ListNode, dot val, vars *[]binding) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		a.node(n, dot, vars)
	}
}

func (a *analyzer) node(n parse.Node, dot val, vars *[]binding) {
	switch n := n.(type) {
	case *parse.ActionNode:
		v := a.pipe(n.Pipe, dot, vars)
		if len(n.Pipe.Decl) == 0 {
			a.read(v, func(n *node) { n.value = true })
		}
	case *parse.IfNode:
		a.branch(&n.BranchNode, dot, vars, false)
	case *parse.WithNode:
		a.branch(&n.BranchNode, dot, vars, true)
	case *parse.RangeNode:
		mark := len(*vars)
		v := a.cmds(n.Pipe.Cmds, dot, vars)
		elem := a.elem(v)
		switch len(n.Pipe.Decl) {
		case 1:
			*vars = append(*vars, binding{n.Pipe.Decl[0].Ident[0], elem})
		case 2:
			*vars = append(*vars, binding{n.Pipe.Decl[0].Ident[0], val{opaque: true}}, binding{n.Pipe.Decl[1].Ident[0], elem})
		}
		a.list(n.List, elem, vars)
		*vars = (*vars)[:mark]
		a.list(n.ElseList, dot, vars)
		*vars = (*vars)[:mark]
	case *parse.TemplateNode:
		var v val
		if n.Pipe != nil {
			v = a.pipe(n.Pipe, dot, vars)
		}
		a.call(n.Name, v)
	case *parse.ListNode:
		a.list(n, dot, vars)
	}
}

// branch walks an if or a with: the condition is read for its truth.
func (a *analyzer) branch(b *parse.BranchNode, dot val, vars *[]binding, with bool) {
	mark := len(*vars)
	v := a.pipe(b.Pipe, dot, vars)
	a.read(v, func(n *node) { n.truth = true })
	inner := dot
	if with {
		inner = v
	}
	a.list(b.List, inner, vars)
	*vars = (*vars)[:mark]
	a.list(b.ElseList, dot, vars)
	*vars = (*vars)[:mark]
}

// pipe walks a pipeline and binds the variables it declares.
func (a *analyzer) pipe(p *parse.PipeNode, dot val, vars *[]binding) val {
	v := a.cmds(p.Cmds, dot, vars)
	for _, d := range p.Decl {
		name := d.Ident[0]
		if p.IsAssign {
			for i := len(*vars) - 1; i >= 0; i-- {
				if (*vars)[i].name == name {
					(*vars)[i].val = union((*vars)[i].val, v)
					break
				}
			}
			continue
		}
		*vars = append(*vars, binding{name, v})
	}
	return v
}

func (a *analyzer) cmds(cmds []*parse.CommandNode, dot val, vars *[]binding) val {
	var v val
	for i, c := range cmds {
		var final *val
		if i > 0 {
			final = &v
		}
		v = a.cmd(c, dot, vars, final)
	}
	return v
}

// cmd walks one command: a value, a method call or a function call.
// final is the value piped into it.
func (a *analyzer) cmd(c *parse.CommandNode, dot val, vars *[]binding, final *val) val {
	var args []val
	for _, arg := range c.Args[1:] {
		args = append(args, a.arg(arg, dot, vars))
	}
	if final != nil {
		args = append(args, *final)
	}
	if v, ok := a.operand(c.Args[0], dot, vars, args); ok {
		return v
	}
	for _, v := range args { // a value given arguments fails to execute
		a.read(v, func(n *node) { n.value = true })
	}
	return a.arg(c.Args[0], dot, vars)
}

// operand is the value of a field chain, variable or function call, given
// args; ok is false for other nodes.
func (a *analyzer) operand(n parse.Node, dot val, vars *[]binding, args []val) (val, bool) {
	switch n := n.(type) {
	case *parse.FieldNode:
		return a.chain(dot, n.Ident, args), true
	case *parse.VariableNode:
		return a.chain(a.lookup(n.Ident[0], *vars), n.Ident[1:], args), true
	case *parse.ChainNode:
		return a.chain(a.arg(n.Node, dot, vars), n.Field, args), true
	case *parse.IdentifierNode:
		return a.fn(n.Ident, args), true
	}
	return val{}, false
}

// arg is the value of an argument.
func (a *analyzer) arg(n parse.Node, dot val, vars *[]binding) val {
	if v, ok := a.operand(n, dot, vars, nil); ok {
		return v
	}
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.PipeNode:
		return a.pipe(n, dot, vars)
	case *parse.StringNode:
		return val{konst: reflect.ValueOf(n.Text)}
	case *parse.BoolNode:
		return val{konst: reflect.ValueOf(n.True)}
	case *parse.NumberNode:
		switch {
		case n.IsInt:
			return val{konst: reflect.ValueOf(int(n.Int64))}
		case n.IsFloat:
			return val{konst: reflect.ValueOf(n.Float64)}
		}
	}
	return val{opaque: true} // nil, complex numbers
}

func (a *analyzer) lookup(name string, vars []binding) val {
	for i := len(vars) - 1; i >= 0; i-- {
		if vars[i].name == name {
			return vars[i].val
		}
	}
	return val{opaque: true}
}

// chain reads the names one after another from v; the last one is
// called with args when there are any.
func (a *analyzer) chain(v val, names []string, args []val) val {
	for i, name := range names {
		if i == len(names)-1 && len(args) > 0 {
			return a.method(v, name, args)
		}
		v = a.field(v, name)
	}
	return v
}

func (a *analyzer) field(v val, name string) val {
	switch {
	case v.entry != nil && name == "Item":
		return v.entry.item
	case v.entry != nil:
		return a.field(v.entry.data, name)
	case len(v.nodes) == 0 || v.opaque:
		a.fail("a template reads .%s of a value computed by a function", name)
		return val{opaque: true}
	}
	out := val{}
	for _, n := range v.nodes {
		out.nodes = append(out.nodes, n.child(step{kind: stepName, name: name}))
	}
	return out
}

// method reads the result of a method called with args.
func (a *analyzer) method(recv val, name string, args []val) val {
	if data, ok := a.data(recv); ok {
		switch name {
		case "Entry":
			return val{entry: &entryVal{data: data, item: args[0]}}
		case "Item", "Items", "Once", "Memo":
			// Partials rendered once and reused: what they read counts
			// as read by the document.
			partial, ok := constString(args[0])
			if !ok {
				a.fail("%s is given a partial's name that is not a constant", name)
				return val{opaque: true}
			}
			switch {
			case name == "Item" && len(args) == 2:
				a.call(partial, val{entry: &entryVal{data: data, item: args[1]}})
			case name == "Items" && len(args) == 2:
				a.call(partial, val{entry: &entryVal{data: data, item: a.elem(args[1])}})
			case name == "Once":
				a.call(partial, data)
			case name == "Memo" && len(args) == 2:
				a.call(partial, args[1])
			}
			return val{opaque: true}
		}
	}
	if recv.entry != nil {
		recv = recv.entry.data
	}
	if len(recv.nodes) == 0 {
		a.fail("a template calls .%s of a value computed by a function", name)
		return val{opaque: true}
	}
	consts := make([]reflect.Value, 0, len(args))
	for _, arg := range args {
		if !arg.konst.IsValid() {
			break
		}
		consts = append(consts, arg.konst)
	}
	if len(consts) == len(args) {
		s := step{kind: stepCall, name: name, args: fmt.Sprint(consts)}
		out := val{}
		for _, n := range recv.nodes {
			c := n.child(s)
			c.args = consts
			out.nodes = append(out.nodes, c)
		}
		return out
	}
	for _, arg := range args {
		a.read(arg, func(n *node) { n.value = true })
	}
	for _, n := range recv.nodes {
		n.child(step{kind: stepPure, name: name})
	}
	return val{opaque: true}
}

// data returns the document's data that v is or holds (an Entry).
func (a *analyzer) data(v val) (val, bool) {
	if v.entry != nil {
		return a.data(v.entry.data)
	}
	if len(v.nodes) == 1 && v.nodes[0] == a.root {
		return v, true
	}
	return val{}, false
}

func constString(v val) (string, bool) {
	if v.konst.IsValid() && v.konst.Kind() == reflect.String {
		return v.konst.String(), true
	}
	return "", false
}

// fn reads what a function reads of its arguments.
func (a *analyzer) fn(name string, args []val) val {
	valueOf := func(vs []val) {
		for _, v := range vs {
			a.read(v, func(n *node) { n.value = true })
		}
	}
	switch name {
	case "and", "or":
		// The result is one of the arguments.
		out := val{}
		for _, v := range args {
			a.read(v, func(n *node) { n.truth = true })
			out = union(out, v)
		}
		return out
	case "not":
		for _, v := range args {
			a.read(v, func(n *node) { n.truth = true })
		}
		return val{opaque: true}
	case "len":
		for _, v := range args {
			a.read(v, func(n *node) { n.length = true })
		}
		return val{opaque: true}
	case "index":
		if len(args) == 0 {
			return val{opaque: true}
		}
		valueOf(args[1:])
		v := args[0]
		for range args[1:] {
			v = a.elem(v)
		}
		return v
	case "slice":
		if len(args) == 0 {
			return val{opaque: true}
		}
		valueOf(args[1:])
		a.read(args[0], func(n *node) { n.length = true })
		return args[0]
	case "call":
		a.fail("a template uses call")
		return val{opaque: true}
	}
	// Comparisons, printing, escaping, add: the arguments' values.
	valueOf(args)
	return val{opaque: true}
}

// elem is each element of v.
func (a *analyzer) elem(v val) val {
	if v.entry != nil {
		a.fail("a template ranges over an Entry")
		return val{opaque: true}
	}
	if len(v.nodes) == 0 {
		if !v.konst.IsValid() {
			a.fail("a template ranges over a value computed by a function")
		}
		return val{opaque: true}
	}
	out := val{}
	for _, n := range v.nodes {
		out.nodes = append(out.nodes, n.child(step{kind: stepElem}))
	}
	return out
}

// read marks what v stands at as read the way mark says.
func (a *analyzer) read(v val, mark func(*node)) {
	if v.entry != nil {
		a.fail("a template prints or compares an Entry")
		return
	}
	for _, n := range v.nodes {
		mark(n)
	}
}

// union is a value that may be a or b.
func union(a, b val) val {
	if a.entry != nil || b.entry != nil {
		if a.identity() == b.identity() {
			return a
		}
		return val{opaque: true}
	}
	out := val{nodes: slices.Clone(a.nodes), opaque: a.opaque || b.opaque}
	for _, n := range b.nodes {
		if !slices.Contains(out.nodes, n) {
			out.nodes = append(out.nodes, n)
		}
	}
	return out
}
