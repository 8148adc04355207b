package htmlexec

import "reflect"

// Direct calls the functions and methods of one func type without
// reflect.Value.Call, which costs about a microsecond a call; a theme
// makes hundreds of method calls per page. Give Directs for the hot
// signatures to New. A method's func type takes its receiver first: the
// method T of *Data below has type func(*Data, string, ...any) string.
//
//	htmlexec.New(t, funcs, htmlexec.Fn2V[*Data, string, any, string]())
type Direct struct {
	typ  reflect.Type
	call func(fn any, args []reflect.Value) (reflect.Value, error)
}

// directCall is a function with the Direct for its type.
type directCall struct {
	fn   any
	call func(fn any, args []reflect.Value) (reflect.Value, error)
}

func (s *Set) direct(fn reflect.Value) *directCall {
	d, ok := s.directs[fn.Type()]
	if !ok || !fn.CanInterface() {
		return nil
	}
	return &directCall{fn: fn.Interface(), call: d.call}
}

// Call returns the Direct for functions of type F. call receives the
// function and its arguments, already converted to the parameter types as
// text/template converts them (each variadic argument separately), and
// must only call the function and return its results.
func Call[F any](call func(fn F, args []reflect.Value) (reflect.Value, error)) Direct {
	return Direct{
		typ:  reflect.TypeFor[F](),
		call: func(fn any, args []reflect.Value) (reflect.Value, error) { return call(fn.(F), args) },
	}
}

// Fn1 is the Direct for func(A) O.
func Fn1[A, O any]() Direct {
	return Call(func(f func(A) O, a []reflect.Value) (reflect.Value, error) {
		return result(f(arg[A](a[0]))), nil
	})
}

// Fn2 is the Direct for func(A, B) O.
func Fn2[A, B, O any]() Direct {
	return Call(func(f func(A, B) O, a []reflect.Value) (reflect.Value, error) {
		return result(f(arg[A](a[0]), arg[B](a[1]))), nil
	})
}

// Fn2E is the Direct for func(A, B) (O, error).
func Fn2E[A, B, O any]() Direct {
	return Call(func(f func(A, B) (O, error), a []reflect.Value) (reflect.Value, error) {
		o, err := f(arg[A](a[0]), arg[B](a[1]))
		return result(o), err
	})
}

// Fn3E is the Direct for func(A, B, C) (O, error).
func Fn3E[A, B, C, O any]() Direct {
	return Call(func(f func(A, B, C) (O, error), a []reflect.Value) (reflect.Value, error) {
		o, err := f(arg[A](a[0]), arg[B](a[1]), arg[C](a[2]))
		return result(o), err
	})
}

// Fn2V is the Direct for func(A, B, ...V) O.
func Fn2V[A, B, V, O any]() Direct {
	return Call(func(f func(A, B, ...V) O, a []reflect.Value) (reflect.Value, error) {
		var rest []V
		if len(a) > 2 {
			rest = make([]V, len(a)-2)
			for i, v := range a[2:] {
				rest[i] = arg[V](v)
			}
		}
		return result(f(arg[A](a[0]), arg[B](a[1]), rest...)), nil
	})
}

// arg turns an argument back into a Go value of its parameter's type.
func arg[A any](v reflect.Value) A {
	var x A
	if p, ok := any(&x).(*string); ok && v.Kind() == reflect.String {
		*p = v.String() // without boxing the string
		return x
	}
	x, _ = v.Interface().(A) // a nil interface gives A's zero value
	return x
}

// result is a function's result as reflect.Value.Call returns it: of the
// result type even when that is an interface.
func result[O any](o O) reflect.Value {
	if reflect.TypeFor[O]().Kind() == reflect.Interface {
		return reflect.ValueOf(&o).Elem()
	}
	return reflect.ValueOf(o)
}
