package htmlexec

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"sync"
)

// The execution follows text/template's exec.go step by step, so that the
// same values reach the same functions. Wherever text/template would
// report an error, and wherever this package leaves a case out, it panics
// with bail; run recovers and the template runs in html/template instead.

type bail struct{}

// maxDepth bounds nested template calls; deeper runs go to html/template,
// which reports its own limit.
const maxDepth = 10000

type variable struct {
	name  string
	value reflect.Value
}

type state struct {
	buf   *bytes.Buffer
	vars  []variable
	args  []reflect.Value // a stack of call arguments, reused across calls
	base  int             // the first variable of the running template
	depth int
}

var states = sync.Pool{New: func() any { return &state{vars: make([]variable, 0, 16)} }}

// run executes p; false when it had to stop (see bail).
func (p *prog) run(buf *bytes.Buffer, data any) (ok bool) {
	st := states.Get().(*state)
	st.buf, st.vars, st.args, st.base, st.depth = buf, st.vars[:0], st.args[:0], 0, 0
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
		st.buf = nil
		clear(st.vars[:cap(st.vars)])
		clear(st.args[:cap(st.args)])
		states.Put(st)
	}()
	value, isValue := data.(reflect.Value)
	if !isValue {
		value = reflect.ValueOf(data)
	}
	st.vars = append(st.vars, variable{"$", value})
	st.walk(value, p.root)
	return true
}

func (st *state) walk(dot reflect.Value, list []node) {
	for _, n := range list {
		n.exec(st, dot)
	}
}

func (t textNode) exec(st *state, dot reflect.Value) { st.buf.Write(t) }

func (a *actionNode) exec(st *state, dot reflect.Value) {
	if a.esc != nil {
		// The pipeline up to its escaper, then the escaper into the output.
		cmds := a.pipe.cmds
		final := reflect.Value{}
		hasFinal := false
		for _, cmd := range cmds[:len(cmds)-1] {
			final = st.evalCommand(dot, cmd, final, hasFinal)
			hasFinal = true
			if final.Kind() == reflect.Interface && final.Type().NumMethod() == 0 {
				final = final.Elem()
			}
		}
		a.esc.write(st.buf, final)
		return
	}
	v := st.evalPipeline(dot, a.pipe)
	if a.print {
		st.printValue(v)
	}
}

func (n *ifNode) exec(st *state, dot reflect.Value) {
	mark := len(st.vars)
	val := st.evalPipeline(dot, n.pipe)
	truth, ok := isTrue(indirectInterface(val))
	if !ok {
		panic(bail{})
	}
	switch {
	case truth && n.with:
		st.walk(val, n.list)
	case truth:
		st.walk(dot, n.list)
	default:
		st.walk(dot, n.else_)
	}
	st.vars = st.vars[:mark]
}

func (r *rangeNode) exec(st *state, dot reflect.Value) {
	mark := len(st.vars)
	val, _ := indirect(st.evalPipeline(dot, r.pipe))
	inner := len(st.vars)
	decl := r.pipe.decl
	switch val.Kind() {
	case reflect.Array, reflect.Slice:
		n := val.Len()
		for i := 0; i < n; i++ {
			elem := val.Index(i)
			if len(decl) > 0 {
				if r.pipe.assign {
					if len(decl) > 1 {
						st.setVar(decl[0], reflect.ValueOf(i))
					} else {
						st.setVar(decl[0], elem)
					}
				} else {
					st.vars[len(st.vars)-1].value = elem
				}
			}
			if len(decl) > 1 {
				if r.pipe.assign {
					st.setVar(decl[1], elem)
				} else {
					st.vars[len(st.vars)-2].value = reflect.ValueOf(i)
				}
			}
			st.walk(elem, r.list)
			st.vars = st.vars[:inner]
		}
		if n == 0 {
			st.walk(dot, r.else_)
		}
	case reflect.Invalid:
		st.walk(dot, r.else_)
	default:
		panic(bail{}) // maps, channels, integers, iterators: html/template
	}
	st.vars = st.vars[:mark]
}

func (t *templateNode) exec(st *state, dot reflect.Value) {
	if st.depth >= maxDepth {
		panic(bail{})
	}
	if t.pipe != nil {
		dot = st.evalPipeline(dot, t.pipe)
	} else {
		dot = reflect.Value{}
	}
	base, mark := st.base, len(st.vars)
	st.vars = append(st.vars, variable{"$", dot})
	st.base = mark
	st.depth++
	st.walk(dot, t.prog.root)
	st.depth--
	st.base = base
	st.vars = st.vars[:mark]
}

func (st *state) setVar(name string, value reflect.Value) {
	for i := len(st.vars) - 1; i >= st.base; i-- {
		if st.vars[i].name == name {
			st.vars[i].value = value
			return
		}
	}
	panic(bail{})
}

func (st *state) varValue(name string) reflect.Value {
	for i := len(st.vars) - 1; i >= st.base; i-- {
		if st.vars[i].name == name {
			return st.vars[i].value
		}
	}
	panic(bail{})
}

func (st *state) evalPipeline(dot reflect.Value, p *pipeline) reflect.Value {
	var value reflect.Value
	hasFinal := false
	for _, cmd := range p.cmds {
		value = st.evalCommand(dot, cmd, value, hasFinal)
		hasFinal = true
		if value.Kind() == reflect.Interface && value.Type().NumMethod() == 0 {
			value = value.Elem()
		}
	}
	for _, name := range p.decl {
		if p.assign {
			st.setVar(name, value)
		} else {
			st.vars = append(st.vars, variable{name, value})
		}
	}
	return value
}

// notAFunction bails when a non-function word is given arguments.
func notAFunction(args []*operand, hasFinal bool) {
	if len(args) > 0 || hasFinal {
		panic(bail{})
	}
}

func (st *state) evalCommand(dot reflect.Value, cmd *command, final reflect.Value, hasFinal bool) reflect.Value {
	op := cmd.first
	switch op.kind {
	case opField:
		return st.evalFieldChain(dot, dot, op.fields, cmd.args, final, hasFinal)
	case opChain:
		return st.evalFieldChain(dot, st.evalChainReceiver(dot, op), op.fields, cmd.args, final, hasFinal)
	case opFunc:
		return st.evalFunction(dot, op.fn, cmd.args, final, hasFinal)
	case opPipe:
		notAFunction(cmd.args, hasFinal)
		return st.evalPipeline(dot, op.pipe)
	case opVariable:
		value := st.varValue(op.name)
		if len(op.fields) == 0 {
			notAFunction(cmd.args, hasFinal)
			return value
		}
		return st.evalFieldChain(dot, value, op.fields, cmd.args, final, hasFinal)
	}
	notAFunction(cmd.args, hasFinal)
	switch op.kind {
	case opBool, opString:
		return op.value
	case opDot:
		return dot
	case opNumber:
		if op.bad {
			panic(bail{})
		}
		return op.value
	}
	panic(bail{}) // nil is not a command
}

// evalChainReceiver evaluates the operand of (pipeline).Field, as
// text/template's evalArg with no type does.
func (st *state) evalChainReceiver(dot reflect.Value, op *operand) reflect.Value {
	switch op.chain.kind {
	case opDot:
		return dot
	case opField:
		return st.evalFieldChain(dot, dot, op.chain.fields, nil, reflect.Value{}, false)
	case opVariable:
		return st.evalVariable(dot, op.chain)
	case opPipe:
		return st.evalPipeline(dot, op.chain.pipe)
	case opFunc:
		return st.evalFunction(dot, op.chain.fn, nil, reflect.Value{}, false)
	}
	panic(bail{})
}

func (st *state) evalVariable(dot reflect.Value, op *operand) reflect.Value {
	value := st.varValue(op.name)
	if len(op.fields) == 0 {
		return value
	}
	return st.evalFieldChain(dot, value, op.fields, nil, reflect.Value{}, false)
}

func (st *state) evalFieldChain(dot, receiver reflect.Value, fields []*field, args []*operand, final reflect.Value, hasFinal bool) reflect.Value {
	n := len(fields)
	for _, f := range fields[:n-1] {
		receiver = st.evalField(dot, f, nil, reflect.Value{}, false, receiver)
	}
	return st.evalField(dot, fields[n-1], args, final, hasFinal, receiver)
}

// lookup is what a field name resolved to on one receiver type.
type lookup struct {
	typ    reflect.Type // the receiver's type after indirection
	addr   bool         // whether the receiver was addressable
	kind   lookupKind
	fn     reflect.Value // the method as a function taking the receiver first
	ftyp   reflect.Type
	direct *directCall
	idx    []int // struct field index
}

type lookupKind uint8

const (
	lookupMethod lookupKind = iota
	lookupField
	lookupMap
	lookupNone
)

type lookupKey struct {
	typ  reflect.Type
	addr bool
	name string
}

func (f *field) resolve(typ reflect.Type, addr bool) *lookup {
	if l := f.cache.Load(); l != nil && l.typ == typ && l.addr == addr {
		return l
	}
	key := lookupKey{typ, addr, f.name}
	if v, ok := f.set.lookups.Load(key); ok {
		l := v.(*lookup)
		f.cache.Store(l)
		return l
	}
	l := &lookup{typ: typ, addr: addr, kind: lookupNone}
	mt := typ
	if addr && typ.Kind() != reflect.Interface && typ.Kind() != reflect.Pointer {
		mt = reflect.PointerTo(typ)
	}
	if m, ok := mt.MethodByName(f.name); ok {
		l.kind, l.fn, l.ftyp, l.direct = lookupMethod, m.Func, m.Func.Type(), f.set.direct(m.Func)
	} else {
		switch typ.Kind() {
		case reflect.Struct:
			if sf, ok := typ.FieldByName(f.name); ok && sf.IsExported() {
				l.kind, l.idx = lookupField, sf.Index
			}
		case reflect.Map:
			if reflect.TypeFor[string]().AssignableTo(typ.Key()) {
				l.kind = lookupMap
			}
		}
	}
	f.set.lookups.Store(key, l)
	f.cache.Store(l)
	return l
}

func (st *state) evalField(dot reflect.Value, f *field, args []*operand, final reflect.Value, hasFinal bool, receiver reflect.Value) reflect.Value {
	if !receiver.IsValid() {
		return reflect.Value{}
	}
	receiver, isNil := indirect(receiver)
	if isNil {
		panic(bail{})
	}
	addr := receiver.CanAddr()
	l := f.resolve(receiver.Type(), addr)
	switch l.kind {
	case lookupMethod:
		ptr := receiver
		if addr && ptr.Kind() != reflect.Interface && ptr.Kind() != reflect.Pointer {
			ptr = ptr.Addr()
		}
		return st.call(dot, l.fn, l.ftyp, l.direct, ptr, true, args, final, hasFinal)
	case lookupField:
		if len(args) > 0 || hasFinal {
			panic(bail{})
		}
		v, err := receiver.FieldByIndexErr(l.idx)
		if err != nil {
			panic(bail{})
		}
		return v
	case lookupMap:
		if len(args) > 0 || hasFinal {
			panic(bail{})
		}
		return receiver.MapIndex(f.nameVal)
	}
	panic(bail{})
}

var (
	errorType        = reflect.TypeFor[error]()
	fmtStringerType  = reflect.TypeFor[fmt.Stringer]()
	reflectValueType = reflect.TypeFor[reflect.Value]()
)

// call calls fn (a method taking recv first when hasRecv) as text/template's
// evalCall does; through direct when it is not nil.
func (st *state) call(dot, fn reflect.Value, typ reflect.Type, direct *directCall, recv reflect.Value, hasRecv bool, args []*operand, final reflect.Value, hasFinal bool) reflect.Value {
	off := 0
	if hasRecv {
		off = 1
	}
	nIn := typ.NumIn() - off
	numIn := len(args)
	if hasFinal {
		numIn++
	}
	numFixed := len(args)
	if typ.IsVariadic() {
		numFixed = nIn - 1
		if numIn < numFixed {
			panic(bail{})
		}
	} else if numIn != nIn {
		panic(bail{})
	}
	switch typ.NumOut() {
	case 1:
	case 2:
		if typ.Out(1) != errorType {
			panic(bail{})
		}
	default:
		panic(bail{})
	}
	// argv lives on st.args; calls made while evaluating the arguments
	// stack theirs above it.
	base := len(st.args)
	st.args = slices.Grow(st.args, off+numIn)[:base+off+numIn]
	argv := st.args[base : base+off+numIn : base+off+numIn]
	defer func() {
		clear(argv)
		st.args = st.args[:base]
	}()
	if hasRecv {
		argv[0] = recv
	}
	i := 0
	for ; i < numFixed && i < len(args); i++ {
		argv[off+i] = st.evalArg(dot, typ.In(off+i), args[i])
	}
	if typ.IsVariadic() {
		et := typ.In(typ.NumIn() - 1).Elem()
		for ; i < len(args); i++ {
			argv[off+i] = st.evalArg(dot, et, args[i])
		}
	}
	if hasFinal {
		t := typ.In(typ.NumIn() - 1)
		if typ.IsVariadic() {
			if numIn-1 < numFixed {
				t = typ.In(off + numIn - 1)
			} else {
				t = t.Elem()
			}
		}
		argv[off+i] = validateType(final, t)
	}
	var v reflect.Value
	if direct != nil {
		var err error
		v, err = direct.call(direct.fn, argv) // a panic bails, as below
		if err != nil {
			panic(bail{})
		}
	} else {
		out := fn.Call(argv) // a panic bails; html/template then reports it
		if len(out) == 2 && !out[1].IsNil() {
			panic(bail{})
		}
		v = out[0]
	}
	if v.Type() == reflectValueType {
		v = v.Interface().(reflect.Value)
	}
	return v
}

func canBeNil(typ reflect.Type) bool {
	switch typ.Kind() {
	case reflect.Chan, reflect.Func, reflect.Interface, reflect.Map, reflect.Pointer, reflect.Slice:
		return true
	case reflect.Struct:
		return typ == reflectValueType
	}
	return false
}

// validateType converts value for a parameter of type typ (nil: any
// value) as text/template does, bailing where it reports an error.
func validateType(value reflect.Value, typ reflect.Type) reflect.Value {
	if !value.IsValid() {
		if typ == nil {
			return reflect.ValueOf(nil)
		}
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		panic(bail{})
	}
	if typ == reflectValueType && value.Type() != typ {
		return reflect.ValueOf(value)
	}
	if typ != nil && value.Type() != typ && !value.Type().AssignableTo(typ) {
		if value.Kind() == reflect.Interface && !value.IsNil() {
			value = value.Elem()
			if value.Type().AssignableTo(typ) {
				return value
			}
		}
		switch {
		case value.Kind() == reflect.Pointer && value.Type().Elem().AssignableTo(typ):
			value = value.Elem()
			if !value.IsValid() {
				panic(bail{})
			}
		case reflect.PointerTo(value.Type()).AssignableTo(typ) && value.CanAddr():
			value = value.Addr()
		default:
			panic(bail{})
		}
	}
	return value
}

// evalArg evaluates an argument for a parameter of type typ.
func (st *state) evalArg(dot reflect.Value, typ reflect.Type, op *operand) reflect.Value {
	switch op.kind {
	case opDot:
		return validateType(dot, typ)
	case opNil:
		if canBeNil(typ) {
			return reflect.Zero(typ)
		}
		panic(bail{})
	case opField:
		return validateType(st.evalFieldChain(dot, dot, op.fields, nil, reflect.Value{}, false), typ)
	case opVariable:
		return validateType(st.evalVariable(dot, op), typ)
	case opPipe:
		return validateType(st.evalPipeline(dot, op.pipe), typ)
	case opFunc:
		return validateType(st.evalFunction(dot, op.fn, nil, reflect.Value{}, false), typ)
	case opChain:
		return validateType(st.evalFieldChain(dot, st.evalChainReceiver(dot, op), op.fields, nil, reflect.Value{}, false), typ)
	}
	switch typ.Kind() {
	case reflect.String:
		if op.kind != opString {
			panic(bail{})
		}
		if typ == op.value.Type() {
			return op.value
		}
		v := reflect.New(typ).Elem()
		v.SetString(op.text)
		return v
	case reflect.Bool:
		if op.kind != opBool {
			panic(bail{})
		}
		v := reflect.New(typ).Elem()
		v.SetBool(op.value.Bool())
		return v
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if op.kind != opNumber || !op.node.IsInt {
			panic(bail{})
		}
		v := reflect.New(typ).Elem()
		v.SetInt(op.node.Int64)
		return v
	case reflect.Interface:
		if typ.NumMethod() == 0 {
			return st.constant(op)
		}
	case reflect.Struct:
		if typ == reflectValueType {
			return reflect.ValueOf(st.constant(op))
		}
	}
	panic(bail{}) // floats, unsigned and complex parameters: html/template
}

// constant is a constant argument for an empty-interface parameter.
func (st *state) constant(op *operand) reflect.Value {
	if op.kind == opNumber && op.bad || op.kind == opNil {
		panic(bail{})
	}
	return op.value
}

// evalValue evaluates an argument for a reflect.Value parameter (the
// builtins): the value as it is, invalid when it has none.
func (st *state) evalValue(dot reflect.Value, op *operand) reflect.Value {
	switch op.kind {
	case opDot:
		return dot
	case opBool, opString, opNumber, opNil:
		return st.constant(op)
	}
	return st.evalArg(dot, nil, op)
}

func (st *state) evalFunction(dot reflect.Value, fn *function, args []*operand, final reflect.Value, hasFinal bool) reflect.Value {
	switch {
	case fn.esc != nil:
		if len(args) > 0 || !hasFinal {
			panic(bail{})
		}
		return reflect.ValueOf(fn.esc.escape(final))
	case fn.builtin != 0:
		return st.builtin(dot, fn.builtin, args, final, hasFinal)
	}
	return st.call(dot, fn.fn, fn.typ, fn.direct, reflect.Value{}, false, args, final, hasFinal)
}

func indirect(v reflect.Value) (rv reflect.Value, isNil bool) {
	for ; v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface; v = v.Elem() {
		if v.IsNil() {
			return v, true
		}
	}
	return v, false
}

func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() != reflect.Interface {
		return v
	}
	if v.IsNil() {
		return reflect.Value{}
	}
	return v.Elem()
}

func isTrue(val reflect.Value) (truth, ok bool) {
	if !val.IsValid() {
		return false, true
	}
	switch val.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		truth = val.Len() > 0
	case reflect.Bool:
		truth = val.Bool()
	case reflect.Complex64, reflect.Complex128:
		truth = val.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		truth = !val.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		truth = val.Int() != 0
	case reflect.Float32, reflect.Float64:
		truth = val.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		truth = val.Uint() != 0
	case reflect.Struct:
		truth = true
	default:
		return
	}
	return truth, true
}

// printValue writes v as text/template prints an action's value.
func (st *state) printValue(v reflect.Value) {
	if v.Kind() == reflect.String && v.Type() == stringType {
		st.buf.WriteString(v.String())
		return
	}
	iface, ok := printableValue(v)
	if !ok {
		panic(bail{})
	}
	fmt.Fprint(st.buf, iface)
}

func printableValue(v reflect.Value) (any, bool) {
	if v.Kind() == reflect.Pointer {
		v, _ = indirect(v)
	}
	if !v.IsValid() {
		return "<no value>", true
	}
	if !v.Type().Implements(errorType) && !v.Type().Implements(fmtStringerType) {
		if v.CanAddr() && (reflect.PointerTo(v.Type()).Implements(errorType) || reflect.PointerTo(v.Type()).Implements(fmtStringerType)) {
			v = v.Addr()
		} else {
			switch v.Kind() {
			case reflect.Chan, reflect.Func:
				return nil, false
			}
		}
	}
	if !v.CanInterface() {
		return nil, false
	}
	return v.Interface(), true
}
