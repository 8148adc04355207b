package render

import (
	"reflect"
	"testing"
	"time"

	"bulletin/generator/content"
)

// TestFrontHashesEveryField sets each front-matter field alone and checks
// that the fingerprint of what lists show changes: a field added to
// content.FrontMatter but not to front would leave lists that show it
// stale after an incremental rebuild.
func TestFrontHashesEveryField(t *testing.T) {
	sum := func(fm *content.FrontMatter) uint64 {
		h := newHasher()
		front(h, fm)
		return h.sum()
	}
	zero := sum(&content.FrontMatter{})
	typ := reflect.TypeOf(content.FrontMatter{})
	for i := range typ.NumField() {
		field := typ.Field(i)
		var fm content.FrontMatter
		v := reflect.ValueOf(&fm).Elem().Field(i)
		if !setNonZero(v) {
			t.Errorf("%s: the test cannot set a %s; teach setNonZero", field.Name, field.Type)
			continue
		}
		if sum(&fm) == zero {
			t.Errorf("front matter field %s is not in the fingerprint: add it to front in fingerprint.go", field.Name)
		}
	}
}

// setNonZero gives v a value other than its zero value.
func setNonZero(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x")
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64:
		v.SetInt(1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		m.SetMapIndex(reflect.Zero(v.Type().Key()), reflect.Zero(v.Type().Elem()))
		v.Set(m)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
	case reflect.Struct:
		if v.Type() != reflect.TypeOf(time.Time{}) {
			return false
		}
		v.Set(reflect.ValueOf(time.Date(2021, 1, 20, 9, 0, 0, 0, time.UTC)))
	default:
		return false
	}
	return true
}
