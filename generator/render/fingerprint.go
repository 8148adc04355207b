package render

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"html/template"
	"math"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"bulletin/generator/config"
	"bulletin/generator/site"
)

// Fingerprints maps each output path to a hash of everything its
// template read of its data (see reads.go): the values at the reads the
// theme's templates make, found from the templates themselves, so it
// holds for the site's own templates as for the default theme. Rendering
// is deterministic, so an unchanged fingerprint means unchanged bytes.
type Fingerprints map[string]uint64

// Prints is what a render leaves for the next one (RenderChanged): the
// fingerprints, and which documents read the text (site.TextFields) of
// which page, so that after an edit of text alone only those are
// fingerprinted again.
type Prints struct {
	Sums Fingerprints
	// docs are the documents fingerprinted, and texts what each read of
	// the pages' text, by group (bodyGroup, titleGroup). The pointers
	// are those of the site graph the fingerprints were made from, which
	// a text edit keeps. A document that read the text of more pages
	// than is worth listing (many), or renders every time, is
	// fingerprinted again after every text edit of that group. Looking
	// through them all after an edit costs far less than inverting them
	// after every render.
	docs  []string
	texts []texts
	// Rendered counts the documents this render rendered.
	Rendered int
}

// The text of a page is read in two groups: its title, which every list,
// neighbour link and related list shows, and the rest of site.TextFields
// (the body, the summary, the front matter), which far fewer documents
// read. A body edit leaves the title alone, so the documents that only
// show the title are not fingerprinted again.
const (
	bodyGroup = iota
	titleGroup
	groups
)

// affected returns the documents whose fingerprint may change when the
// text of pages changes, the site graph staying the same; retitled says
// whether a title is among the changes.
func (p *Prints) affected(pages []*site.Page, retitled bool) map[string]bool {
	edited := make(map[*site.Page]bool, len(pages))
	for _, pg := range pages {
		edited[pg] = true
	}
	out := map[string]bool{}
	for i := range p.texts {
		if p.texts[i].reads(edited, retitled) {
			out[p.docs[i]] = true
		}
	}
	return out
}

// seed keys the fingerprints of this process. They are only ever compared
// within one process (a Builder keeps them in memory), so a random seed is
// fine, and maphash is many times faster than FNV.
var seed = maphash.MakeSeed()

// hasher collects what it is given in a buffer and hashes it at once in
// sum: a fingerprint is made of many small pieces, and one call per piece
// would cost more than the hashing.
type hasher struct{ buf []byte }

var hashers = sync.Pool{New: func() any { return &hasher{buf: make([]byte, 0, 16<<10)} }}

func newHasher() *hasher {
	h := hashers.Get().(*hasher)
	h.buf = h.buf[:0]
	return h
}

func (h *hasher) str(ss ...string) *hasher {
	for _, s := range ss {
		h.buf = binary.LittleEndian.AppendUint64(h.buf, uint64(len(s)))
		if len(s) > 256 { // a body: hashed where it is rather than copied
			h.buf = binary.LittleEndian.AppendUint64(h.buf, maphash.String(seed, s))
			continue
		}
		h.buf = append(h.buf, s...)
	}
	return h
}

func (h *hasher) num(ns ...uint64) *hasher {
	for _, n := range ns {
		h.buf = binary.LittleEndian.AppendUint64(h.buf, n)
	}
	return h
}

// sum returns the hash; the hasher must not be used after.
func (h *hasher) sum() uint64 {
	sum := maphash.Bytes(seed, h.buf)
	if cap(h.buf) <= 1<<20 {
		hashers.Put(h)
	}
	return sum
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// pureMethods are the methods templates call with arguments that are not
// constants whose result depends only on those arguments and on the
// document's language, configuration and theme (each fingerprint hashes
// the language; a change of the others renders everything). A method not
// listed here, called so, makes the document render on every rebuild.
// TestPureMethodsClassified keeps the list complete for *Data.
var pureMethods = map[reflect.Type]map[string]bool{
	reflect.TypeFor[*Data](): {
		"T": true, "TLang": true, "Date": true, "ISO": true, "GovDate": true,
		"Abs": true, "Asset": true, "Join": true, "LangOf": true, "LangName": true,
		"Phones": true, "Phone": true,
	},
	reflect.TypeFor[Urgent](): {"ISO": true, "Date": true},
	reflect.TypeFor[Crumbs](): {"T": true},
}

var (
	pageType = reflect.TypeFor[*site.Page]()
	timeType = reflect.TypeFor[time.Time]()
)

// textGroup gives the group (plus one) of each of site.TextFields, the
// fields of a page a text edit changes; 0 for the other fields.
var textGroup = func() map[string]uint8 {
	m := map[string]uint8{}
	for _, f := range site.TextFields {
		m[f] = 1 + bodyGroup
	}
	m["Title"] = 1 + titleGroup
	return m
}()

// maxTexts is how many pages' text of one group a document may read
// before it is fingerprinted again after every such edit instead of
// being listed.
const maxTexts = 64

// texts are the pages whose text a document (or a part of it) read, by
// group; many[g] when more than maxTexts, and then pages[g] is nil. A
// page may be listed twice (Prints.affected takes each document once).
type texts struct {
	pages [groups][]*site.Page
	many  [groups]bool
}

// allTexts is what a document that renders every time reads: any text.
var allTexts = func() (t texts) {
	for g := range groups {
		t.many[g] = true
	}
	return t
}()

// reads reports whether the text t lists may have changed with an edit
// of the pages edited; retitled when a title is among the changes.
func (t *texts) reads(edited map[*site.Page]bool, retitled bool) bool {
	for g := range groups {
		if g == titleGroup && !retitled {
			continue
		}
		if t.many[g] {
			return true
		}
		for _, pg := range t.pages[g] {
			if edited[pg] {
				return true
			}
		}
	}
	return false
}

func (t *texts) add(g int, p *site.Page) {
	switch {
	case t.many[g]:
	case len(t.pages[g]) >= maxTexts:
		t.pages[g], t.many[g] = nil, true
	default:
		t.pages[g] = append(t.pages[g], p)
	}
}

func (t *texts) merge(o *texts) {
	for g := range groups {
		if o.many[g] {
			t.pages[g], t.many[g] = nil, true
		}
		for _, p := range o.pages[g] {
			t.add(g, p)
		}
	}
}

// printer fingerprints the documents of one render. Parts of the data
// many documents read (a page in lists, a language) are hashed once.
type printer struct {
	th *Theme
	// caches holds maps of cached reads, one per worker in effect (a
	// pool keeps one per processor), so that looking one up takes no
	// lock; two workers may each hash the same part once.
	caches sync.Pool // *readCache
}

type readCache map[cacheKey]*docPrint

func (pr *printer) cache() *readCache {
	if c, ok := pr.caches.Get().(*readCache); ok {
		return c
	}
	c := make(readCache, 1024)
	return &c
}

// cacheKey names a value, by address, and the reads made of it.
type cacheKey struct {
	node uint64 // the node's structural id
	ptr  uintptr
	kind reflect.Kind
}

// docPrint is the fingerprint of one document, or of a part many
// documents read (cached in a readCache), and what it read.
type docPrint struct {
	sum    uint64
	texts  texts
	always bool // untraced: render every time
}

// renders makes fingerprints that match nothing, for documents that must
// render every time.
var renders atomic.Uint64

// fingerprint hashes what the document of j reads of its data. The data
// must be derived.
func (pr *printer) fingerprint(j *job) docPrint {
	d := j.data
	h := newHasher().str(d.Kind, d.URL, d.Title, d.Lang.Code)
	if j.alias != nil { // a redirect, which shows the page's title
		dp := docPrint{sum: h.str(j.alias.Page.URL, j.alias.Page.Title).sum()}
		dp.texts.add(titleGroup, j.alias.Page)
		return dp
	}
	root := pr.th.reads[d.Kind]
	if root == nil {
		h.sum()
		return docPrint{sum: math.MaxUint64 - renders.Add(1), always: true}
	}
	w := walker{pr: pr, cache: pr.cache(), h: h}
	defer pr.caches.Put(w.cache)
	if d.Page != nil {
		w.own = reflect.ValueOf(d.Page).Pointer()
		// Derived fields (the contents list, the feed links' title) show
		// the page's text.
		w.texts.add(bodyGroup, d.Page)
		w.texts.add(titleGroup, d.Page)
	}
	w.walk(reflect.ValueOf(d), root)
	out := docPrint{sum: h.sum(), texts: w.texts, always: w.always}
	if out.always {
		out.sum = math.MaxUint64 - renders.Add(1)
	}
	return out
}

// walker hashes the reads of one document.
type walker struct {
	pr     *printer
	cache  *readCache
	own    uintptr // the document's page
	h      *hasher
	texts  texts
	always bool
}

// walk hashes the reads n of v.
func (w *walker) walk(v reflect.Value, n *node) {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if n.truth {
		w.h.num(b2u(truth(v)))
	}
	if n.value {
		value(w.h, v)
	}
	if n.length {
		w.h.num(uint64(length(v)))
	}
	if len(n.order) == 0 {
		return
	}
	key, ok := w.keyOf(v, n)
	if !ok {
		w.kids(v, n)
		return
	}
	if c, hit := (*w.cache)[key]; hit {
		w.merge(c)
		return
	}
	sub := walker{pr: w.pr, cache: w.cache, h: newHasher(), own: w.own}
	sub.kids(v, n)
	c := &docPrint{sum: sub.h.sum(), texts: sub.texts, always: sub.always}
	(*w.cache)[key] = c
	w.merge(c)
}

func (w *walker) merge(c *docPrint) {
	w.h.num(c.sum)
	w.always = w.always || c.always
	w.texts.merge(&c.texts)
}

// truth is whether if and with take v as true (template.IsTrue), found
// without making an interface of v, which would allocate.
func truth(v reflect.Value) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.Interface, reflect.UnsafePointer:
		return !v.IsNil()
	case reflect.Struct:
		return true
	}
	if v.CanInterface() {
		t, _ := template.IsTrue(v.Interface())
		return t
	}
	return !v.IsZero()
}

// keyOf returns the cache key of v's reads n when v is worth caching: a
// part of the site graph many documents show (a page in lists and links,
// a language, a section, a term) or a map (the UI strings), but not the
// document's own page, which no other document reads the same way.
func (w *walker) keyOf(v reflect.Value, n *node) (cacheKey, bool) {
	if !v.IsValid() {
		return cacheKey{}, false
	}
	switch v.Kind() {
	case reflect.Pointer:
		if t := v.Type(); !(t == pageType || t == langType || t == sectionType || t == termType || t == configType) || v.IsNil() || v.Pointer() == w.own {
			return cacheKey{}, false
		}
	case reflect.Map:
		if v.IsNil() {
			return cacheKey{}, false
		}
	default:
		return cacheKey{}, false
	}
	return cacheKey{node: n.id, kind: v.Kind(), ptr: v.Pointer()}, true
}

// The types of the site graph whose reads fingerprints cache.
var (
	langType    = reflect.TypeFor[*site.Lang]()
	sectionType = reflect.TypeFor[*site.Section]()
	termType    = reflect.TypeFor[*site.Term]()
	configType  = reflect.TypeFor[*config.Config]()
)

func (w *walker) kids(v reflect.Value, n *node) {
	if !v.IsValid() || (v.Kind() == reflect.Pointer && v.IsNil()) {
		w.h.num(0) // nothing: every read of a part fails alike
		return
	}
	// The document's own page was listed when the walk began.
	if n.texts != 0 && v.Type() == pageType && v.CanInterface() && v.Pointer() != w.own {
		page := v.Interface().(*site.Page)
		for g := range groups {
			if n.texts&(1<<g) != 0 {
				w.texts.add(g, page)
			}
		}
	}
	for _, e := range n.order {
		switch e.step.kind {
		case stepName:
			c, ok := get(v, e.node, e.step.name, nil)
			w.h.num(b2u(ok))
			if ok {
				w.walk(c, e.node)
			}
		case stepCall:
			c, ok := get(v, e.node, e.step.name, e.node.args)
			w.h.num(b2u(ok))
			if ok {
				w.walk(c, e.node)
			}
		case stepPure:
			if !pure(v, e.step.name) {
				w.always = true
			}
		case stepElem:
			w.elems(v, e.node)
		}
	}
}

// pure reports whether v's method name is one of pureMethods.
func pure(v reflect.Value, name string) bool {
	if !v.IsValid() {
		return false
	}
	if pureMethods[v.Type()][name] {
		return true
	}
	return v.CanAddr() && pureMethods[reflect.PointerTo(v.Type())][name]
}

// elems hashes the reads n of each element of v, as range visits them.
func (w *walker) elems(v reflect.Value, n *node) {
	v = indirect(v)
	if !v.IsValid() {
		w.h.num(0)
		return
	}
	switch v.Kind() {
	case reflect.Slice, reflect.Array:
		w.h.num(uint64(v.Len()))
		for i := range v.Len() {
			w.walk(v.Index(i), n)
		}
	case reflect.Map:
		keys := v.MapKeys()
		sortKeys(keys)
		w.h.num(uint64(len(keys)))
		for _, k := range keys {
			value(w.h, k)
			w.walk(v.MapIndex(k), n)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.h.num(uint64(v.Int()))
		if len(n.order) > 0 || n.truth || n.value || n.length {
			for i := range v.Int() {
				w.walk(reflect.ValueOf(i).Convert(v.Type()), n)
			}
		}
	default: // iterator functions, channels: not traced
		w.always = true
	}
}

// sortKeys orders map keys as text/template's range does for the kinds
// templates meet: strings and numbers; others by their printed form.
func sortKeys(keys []reflect.Value) {
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		switch a.Kind() {
		case reflect.String:
			return a.String() < b.String()
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			return a.Int() < b.Int()
		}
		return fmt.Sprint(a) < fmt.Sprint(b)
	})
}

func indirect(v reflect.Value) reflect.Value {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return reflect.Value{}
		}
		v = v.Elem()
	}
	return v
}

// get evaluates .name of v, called with args if given, as text/template
// does: a method first, then a field, then a map key. ok is false where
// executing the template would fail. n is the node read, which keeps how
// the name resolves for the last type it met.
func get(v reflect.Value, n *node, name string, args []reflect.Value) (reflect.Value, bool) {
	if !v.IsValid() {
		return v, false
	}
	acc := n.acc.Load()
	if acc == nil || acc.typ != v.Type() || acc.canAddr != v.CanAddr() {
		acc = resolve(v.Type(), v.CanAddr(), name)
		n.acc.Store(acc)
	}
	if acc.method >= 0 {
		recv := v
		if acc.viaAddr {
			recv = v.Addr()
		}
		return call(recv.Method(acc.method), args)
	}
	if len(args) > 0 {
		return reflect.Value{}, false
	}
	v = indirect(v)
	switch {
	case !v.IsValid():
		return v, false
	case acc.field != nil:
		c, err := v.FieldByIndexErr(acc.field)
		return c, err == nil
	case acc.key.IsValid():
		if c := v.MapIndex(acc.key); c.IsValid() {
			return c, true
		}
		return reflect.Zero(v.Type().Elem()), true
	}
	return reflect.Value{}, false
}

// access is how .name resolves on values of one type.
type access struct {
	typ     reflect.Type
	canAddr bool
	method  int  // index in the method set, or -1
	viaAddr bool // the method is the pointer's: call it on the address
	field   []int
	key     reflect.Value // a map key
}

func resolve(t reflect.Type, canAddr bool, name string) *access {
	acc := &access{typ: t, canAddr: canAddr, method: -1}
	mt := t
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && canAddr {
		mt, acc.viaAddr = reflect.PointerTo(t), true
	}
	if m, ok := mt.MethodByName(name); ok {
		acc.method = m.Index
		return acc
	}
	et := t
	for et.Kind() == reflect.Pointer {
		et = et.Elem()
	}
	switch et.Kind() {
	case reflect.Struct:
		if f, ok := et.FieldByName(name); ok && f.IsExported() {
			acc.field = f.Index
		}
	case reflect.Map:
		k := reflect.ValueOf(name)
		switch {
		case k.Type().AssignableTo(et.Key()):
			acc.key = k
		case k.Type().ConvertibleTo(et.Key()):
			acc.key = k.Convert(et.Key())
		}
	}
	return acc
}

// call calls the method m with constant args, converted as text/template
// converts them.
func call(m reflect.Value, args []reflect.Value) (reflect.Value, bool) {
	t := m.Type()
	if t.NumOut() == 0 || (!t.IsVariadic() && len(args) != t.NumIn()) || (t.IsVariadic() && len(args) < t.NumIn()-1) {
		return reflect.Value{}, false
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		var want reflect.Type
		if t.IsVariadic() && i >= t.NumIn()-1 {
			want = t.In(t.NumIn() - 1).Elem()
		} else {
			want = t.In(i)
		}
		switch {
		case a.Type().AssignableTo(want):
			in[i] = a
		case a.Type().ConvertibleTo(want) && want.Kind() != reflect.String:
			in[i] = a.Convert(want)
		default:
			return reflect.Value{}, false
		}
	}
	out := m.Call(in)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, false
	}
	return out[0], true
}

// value hashes v as printing or comparing it would see it. Pointers are
// hashed by address: printing one shows it, and comparing compares it;
// a new site graph (new pointers) then renders such a document again.
func value(h *hasher, v reflect.Value) {
	for v.IsValid() && v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() {
		h.num(0)
		return
	}
	switch v.Kind() {
	case reflect.String:
		h.str(v.String())
	case reflect.Bool:
		h.num(b2u(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.num(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.num(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.num(math.Float64bits(v.Float()))
	case reflect.Slice, reflect.Array:
		h.num(uint64(v.Len()))
		for i := range v.Len() {
			value(h, v.Index(i))
		}
	case reflect.Map:
		keys := v.MapKeys()
		sortKeys(keys)
		h.num(uint64(len(keys)))
		for _, k := range keys {
			value(h, k)
			value(h, v.MapIndex(k))
		}
	case reflect.Struct:
		if v.Type() == timeType {
			t := v.Interface().(time.Time)
			_, offset := t.Zone()
			h.num(uint64(t.UnixNano()), uint64(int64(offset)), b2u(t.IsZero()))
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				value(h, v.Field(i))
			}
		}
	default: // pointers, functions, channels
		h.num(uint64(v.Pointer()))
	}
}

// length is len of v for the kinds len takes, else 0.
func length(v reflect.Value) int {
	v = indirect(v)
	switch {
	case !v.IsValid():
		return 0
	case v.Kind() == reflect.Slice, v.Kind() == reflect.Array, v.Kind() == reflect.Map, v.Kind() == reflect.String, v.Kind() == reflect.Chan:
		return v.Len()
	}
	return 0
}

// keep returns the prints of a render: docs are the outputs and prints
// the fingerprints of each (nil for a document that failed).
func keep(outs []string, prints []*docPrint) *Prints {
	p := &Prints{Sums: make(Fingerprints, len(outs)), docs: make([]string, 0, len(outs)), texts: make([]texts, 0, len(outs))}
	for i, out := range outs {
		dp := prints[i]
		if dp == nil {
			continue
		}
		p.Sums[out] = dp.sum
		t := dp.texts
		if dp.always {
			t = allTexts
		}
		p.docs, p.texts = append(p.docs, out), append(p.texts, t)
	}
	return p
}
