package htmlexec

import (
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"text/template/parse"
)

// prog is one compiled template.
type prog struct {
	root []node
}

// node is a compiled parse.Node of a template body.
type node interface {
	exec(st *state, dot reflect.Value)
}

type textNode []byte

// actionNode is {{pipeline}}. When its last command is an escaper and it
// prints, the escaper writes into the output without making a string.
type actionNode struct {
	pipe  *pipeline
	print bool
	esc   escaper // the last command's escaper, when print
}

// ifNode is {{if}} or {{with}}.
type ifNode struct {
	with        bool
	pipe        *pipeline
	list, else_ []node
}

type rangeNode struct {
	pipe        *pipeline
	list, else_ []node
}

type templateNode struct {
	prog *prog
	pipe *pipeline // nil for {{template "name"}}
}

type pipeline struct {
	decl   []string
	assign bool
	cmds   []*command
}

// command is one word followed by arguments: .Field args..., fn args...,
// $x.Field args..., (pipeline), or a constant.
type command struct {
	first *operand
	args  []*operand
}

type opKind uint8

const (
	opDot opKind = iota
	opNil
	opField    // .A.B
	opVariable // $x.A.B
	opPipe     // (pipeline)
	opFunc     // fn
	opChain    // (pipeline).A.B
	opBool
	opNumber
	opString
)

// operand is a command's first word or one of its arguments.
type operand struct {
	kind   opKind
	fields []*field  // opField, opVariable (after the variable), opChain
	name   string    // opVariable
	pipe   *pipeline // opPipe
	fn     *function // opFunc
	chain  *operand  // opChain: the operand the fields apply to
	value  reflect.Value
	bad    bool // a number that overflows int: an error when used
	node   *parse.NumberNode
	text   string // opString
}

// field is one .Name of a chain, with what it resolved to for the type it
// met last.
type field struct {
	set     *Set
	name    string
	nameVal reflect.Value // for map keys
	cache   atomic.Pointer[lookup]
}

// unsupported marks a template the fast path does not run.
type unsupported struct{ what string }

func (u unsupported) Error() string { return "htmlexec: unsupported " + u.what }

type compiler struct {
	set   *Set
	progs map[string]*prog
}

func (c *compiler) template(name string) (*prog, error) {
	if p, ok := c.progs[name]; ok {
		return p, nil
	}
	t := c.set.tree(name)
	if t == nil || t.Root == nil {
		return nil, unsupported{fmt.Sprintf("template %q (not defined)", name)}
	}
	p := &prog{}
	c.progs[name] = p
	root, err := c.list(t.Root)
	p.root = root
	return p, err
}

func (c *compiler) list(l *parse.ListNode) ([]node, error) {
	if l == nil {
		return nil, nil
	}
	out := make([]node, 0, len(l.Nodes))
	for _, n := range l.Nodes {
		cn, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if cn != nil {
			out = append(out, cn)
		}
	}
	return out, nil
}

func (c *compiler) node(n parse.Node) (node, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		return textNode(n.Text), nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		p, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		a := &actionNode{pipe: p, print: len(n.Pipe.Decl) == 0}
		if last := p.cmds[len(p.cmds)-1]; a.print && last.first.kind == opFunc && last.first.fn.esc != nil {
			a.esc = last.first.fn.esc
		}
		return a, nil
	case *parse.IfNode:
		return c.ifNode(false, &n.BranchNode)
	case *parse.WithNode:
		return c.ifNode(true, &n.BranchNode)
	case *parse.RangeNode:
		p, err := c.pipeline(n.Pipe)
		if err != nil {
			return nil, err
		}
		list, err := c.list(n.List)
		if err != nil {
			return nil, err
		}
		els, err := c.list(n.ElseList)
		return &rangeNode{pipe: p, list: list, else_: els}, err
	case *parse.TemplateNode:
		p, err := c.template(n.Name)
		if err != nil {
			return nil, err
		}
		t := &templateNode{prog: p}
		if n.Pipe != nil {
			t.pipe, err = c.pipeline(n.Pipe)
		}
		return t, err
	}
	return nil, unsupported{fmt.Sprintf("node %s", n)}
}

func (c *compiler) ifNode(with bool, b *parse.BranchNode) (node, error) {
	p, err := c.pipeline(b.Pipe)
	if err != nil {
		return nil, err
	}
	list, err := c.list(b.List)
	if err != nil {
		return nil, err
	}
	els, err := c.list(b.ElseList)
	return &ifNode{with: with, pipe: p, list: list, else_: els}, err
}

func (c *compiler) pipeline(p *parse.PipeNode) (*pipeline, error) {
	if p == nil || len(p.Cmds) == 0 {
		return nil, unsupported{"empty pipeline"}
	}
	out := &pipeline{assign: p.IsAssign}
	for _, v := range p.Decl {
		out.decl = append(out.decl, v.Ident[0])
	}
	for i, cmd := range p.Cmds {
		first, err := c.operand(cmd.Args[0])
		if err != nil {
			return nil, err
		}
		cc := &command{first: first}
		for _, a := range cmd.Args[1:] {
			op, err := c.operand(a)
			if err != nil {
				return nil, err
			}
			cc.args = append(cc.args, op)
		}
		if first.kind == opFunc && first.fn.esc != nil && (len(cc.args) > 0 || i == 0) {
			return nil, unsupported{"escaper with arguments"}
		}
		out.cmds = append(out.cmds, cc)
	}
	return out, nil
}

func (c *compiler) operand(n parse.Node) (*operand, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return &operand{kind: opDot}, nil
	case *parse.NilNode:
		return &operand{kind: opNil}, nil
	case *parse.FieldNode:
		return &operand{kind: opField, fields: c.fields(n.Ident)}, nil
	case *parse.VariableNode:
		return &operand{kind: opVariable, name: n.Ident[0], fields: c.fields(n.Ident[1:])}, nil
	case *parse.PipeNode:
		p, err := c.pipeline(n)
		return &operand{kind: opPipe, pipe: p}, err
	case *parse.IdentifierNode:
		fn, err := c.function(n.Ident)
		return &operand{kind: opFunc, fn: fn}, err
	case *parse.ChainNode:
		switch n.Node.(type) {
		case *parse.FieldNode, *parse.VariableNode, *parse.PipeNode, *parse.IdentifierNode, *parse.DotNode:
		default:
			return nil, unsupported{"chain on " + n.Node.String()}
		}
		inner, err := c.operand(n.Node)
		return &operand{kind: opChain, chain: inner, fields: c.fields(n.Field)}, err
	case *parse.BoolNode:
		return &operand{kind: opBool, value: reflect.ValueOf(n.True)}, nil
	case *parse.StringNode:
		return &operand{kind: opString, text: n.Text, value: reflect.ValueOf(n.Text)}, nil
	case *parse.NumberNode:
		v, ok := idealConstant(n)
		return &operand{kind: opNumber, node: n, value: v, bad: !ok}, nil
	}
	return nil, unsupported{fmt.Sprintf("argument %s", n)}
}

func (c *compiler) fields(idents []string) []*field {
	out := make([]*field, len(idents))
	for i, name := range idents {
		out[i] = &field{set: c.set, name: name, nameVal: reflect.ValueOf(name)}
	}
	return out
}

// function resolves a function name as text/template does: the template's
// functions (the FuncMap, then html/template's escapers) before the
// builtins.
func (c *compiler) function(name string) (*function, error) {
	if fn, ok := c.set.funcs[name]; ok {
		v := reflect.ValueOf(fn)
		if v.Kind() != reflect.Func {
			return nil, unsupported{"function " + name}
		}
		return &function{fn: v, typ: v.Type(), direct: c.set.direct(v)}, nil
	}
	if strings.HasPrefix(name, "_html_template_") {
		if e := escapers[name]; e != nil {
			return &function{esc: e}, nil
		}
		return nil, unsupported{"escaper " + name}
	}
	if b, ok := builtinNames[name]; ok {
		return &function{builtin: b}, nil
	}
	return nil, unsupported{"function " + name}
}

// idealConstant gives a number the type text/template gives it; false when
// it overflows int.
func idealConstant(n *parse.NumberNode) (reflect.Value, bool) {
	switch {
	case n.IsComplex:
		return reflect.ValueOf(n.Complex128), true
	case n.IsFloat && !isHexInt(n.Text) && !isRuneInt(n.Text) && strings.ContainsAny(n.Text, ".eEpP"):
		return reflect.ValueOf(n.Float64), true
	case n.IsInt:
		i := int(n.Int64)
		if int64(i) != n.Int64 {
			return reflect.Value{}, false
		}
		return reflect.ValueOf(i), true
	case n.IsUint:
		return reflect.Value{}, false
	}
	return reflect.Value{}, true
}

func isRuneInt(s string) bool { return len(s) > 0 && s[0] == '\'' }

func isHexInt(s string) bool {
	return len(s) > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && !strings.ContainsAny(s, "pP")
}
