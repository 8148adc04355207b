package htmlexec

import (
	"fmt"
	"reflect"
)

// function is a function name in a template.
type function struct {
	fn      reflect.Value // from the FuncMap
	typ     reflect.Type
	builtin builtinID
	esc     escaper
	direct  *directCall // fn's Direct, if New was given one
}

type builtinID uint8

const (
	_ builtinID = iota
	bAnd
	bOr
	bNot
	bEq
	bNe
	bLt
	bLe
	bGt
	bGe
	bLen
	bIndex
	bPrint
)

// builtinNames are the builtins the fast path runs; text/template's
// others (call, html, js, urlquery, slice, printf, println) keep a
// template on the slow path.
var builtinNames = map[string]builtinID{
	"and": bAnd, "or": bOr, "not": bNot,
	"eq": bEq, "ne": bNe, "lt": bLt, "le": bLe, "gt": bGt, "ge": bGe,
	"len": bLen, "index": bIndex, "print": bPrint,
}

// builtin runs a builtin as text/template's funcs.go does; it bails where
// that returns an error.
func (st *state) builtin(dot reflect.Value, id builtinID, args []*operand, final reflect.Value, hasFinal bool) reflect.Value {
	if id == bAnd || id == bOr {
		// Short-circuit: arguments are evaluated only as far as needed.
		if len(args) == 0 && !hasFinal {
			panic(bail{})
		}
		var v reflect.Value
		for _, a := range args {
			v = st.evalValue(dot, a)
			if truth(v) == (id == bOr) {
				return v
			}
		}
		if hasFinal {
			v = final
		}
		return v
	}
	n := len(args)
	if hasFinal {
		n++
	}
	vals := make([]reflect.Value, 0, n)
	for _, a := range args {
		if id == bPrint {
			vals = append(vals, st.evalArg(dot, anyType, a))
		} else {
			vals = append(vals, st.evalValue(dot, a))
		}
	}
	if hasFinal {
		if id == bPrint {
			vals = append(vals, validateType(final, anyType))
		} else {
			vals = append(vals, final)
		}
	}
	switch id {
	case bNot:
		if n != 1 {
			panic(bail{})
		}
		return reflect.ValueOf(!truth(vals[0]))
	case bEq:
		if n < 2 {
			panic(bail{})
		}
		return reflect.ValueOf(eq(vals[0], vals[1:]))
	case bNe:
		if n != 2 {
			panic(bail{})
		}
		return reflect.ValueOf(!eq(vals[0], vals[1:]))
	case bLt, bLe, bGt, bGe:
		if n != 2 {
			panic(bail{})
		}
		a, b := vals[0], vals[1]
		switch id {
		case bLt:
			return reflect.ValueOf(lt(a, b))
		case bLe:
			return reflect.ValueOf(lt(a, b) || eq(a, []reflect.Value{b}))
		case bGt:
			return reflect.ValueOf(!lt(a, b) && !eq(a, []reflect.Value{b}))
		default:
			return reflect.ValueOf(!lt(a, b))
		}
	case bLen:
		if n != 1 {
			panic(bail{})
		}
		item, isNil := indirect(vals[0])
		if isNil {
			panic(bail{})
		}
		switch item.Kind() {
		case reflect.Array, reflect.Chan, reflect.Map, reflect.Slice, reflect.String:
			return reflect.ValueOf(item.Len())
		}
		panic(bail{})
	case bIndex:
		if n < 1 {
			panic(bail{})
		}
		return index(vals[0], vals[1:])
	case bPrint:
		ifaces := make([]any, len(vals))
		for i, v := range vals {
			if v.IsValid() {
				ifaces[i] = v.Interface()
			}
		}
		return reflect.ValueOf(fmt.Sprint(ifaces...))
	}
	panic(bail{})
}

var anyType = reflect.TypeFor[any]()

func truth(v reflect.Value) bool {
	t, _ := isTrue(indirectInterface(v))
	return t
}

type kind int

const (
	invalidKind kind = iota
	boolKind
	intKind
	uintKind
	floatKind
	stringKind
)

// basicKind leaves complex numbers out: comparing them bails.
func basicKind(v reflect.Value) kind {
	switch v.Kind() {
	case reflect.Bool:
		return boolKind
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intKind
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return uintKind
	case reflect.Float32, reflect.Float64:
		return floatKind
	case reflect.String:
		return stringKind
	}
	return invalidKind
}

// eq is text/template's eq for values of basic kinds; anything else bails.
func eq(arg1 reflect.Value, arg2 []reflect.Value) bool {
	arg1 = indirectInterface(arg1)
	k1 := basicKind(arg1)
	if k1 == invalidKind {
		panic(bail{})
	}
	for _, arg := range arg2 {
		arg = indirectInterface(arg)
		k2 := basicKind(arg)
		truth := false
		switch {
		case k1 != k2:
			switch {
			case k1 == intKind && k2 == uintKind:
				truth = arg1.Int() >= 0 && uint64(arg1.Int()) == arg.Uint()
			case k1 == uintKind && k2 == intKind:
				truth = arg.Int() >= 0 && arg1.Uint() == uint64(arg.Int())
			default:
				panic(bail{})
			}
		case k1 == boolKind:
			truth = arg1.Bool() == arg.Bool()
		case k1 == floatKind:
			truth = arg1.Float() == arg.Float()
		case k1 == intKind:
			truth = arg1.Int() == arg.Int()
		case k1 == stringKind:
			truth = arg1.String() == arg.String()
		case k1 == uintKind:
			truth = arg1.Uint() == arg.Uint()
		}
		if truth {
			return true
		}
	}
	return false
}

// lt is text/template's lt; anything it would refuse bails.
func lt(arg1, arg2 reflect.Value) bool {
	arg1, arg2 = indirectInterface(arg1), indirectInterface(arg2)
	k1, k2 := basicKind(arg1), basicKind(arg2)
	if k1 == invalidKind || k2 == invalidKind {
		panic(bail{})
	}
	if k1 != k2 {
		switch {
		case k1 == intKind && k2 == uintKind:
			return arg1.Int() < 0 || uint64(arg1.Int()) < arg2.Uint()
		case k1 == uintKind && k2 == intKind:
			return arg2.Int() >= 0 && arg1.Uint() < uint64(arg2.Int())
		}
		panic(bail{})
	}
	switch k1 {
	case floatKind:
		return arg1.Float() < arg2.Float()
	case intKind:
		return arg1.Int() < arg2.Int()
	case stringKind:
		return arg1.String() < arg2.String()
	case uintKind:
		return arg1.Uint() < arg2.Uint()
	}
	panic(bail{}) // bool
}

// index is text/template's index for arrays, slices and strings; maps bail.
func index(item reflect.Value, indexes []reflect.Value) reflect.Value {
	item = indirectInterface(item)
	if !item.IsValid() {
		panic(bail{})
	}
	for _, ix := range indexes {
		ix = indirectInterface(ix)
		var isNil bool
		if item, isNil = indirect(item); isNil {
			panic(bail{})
		}
		switch item.Kind() {
		case reflect.Array, reflect.Slice, reflect.String:
		default:
			panic(bail{})
		}
		var x int64
		switch ix.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			x = ix.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			x = int64(ix.Uint())
		default:
			panic(bail{})
		}
		if x < 0 || x >= int64(item.Len()) {
			panic(bail{})
		}
		item = item.Index(int(x))
	}
	return item
}
