package search

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"hash/fnv"
	"hash/maphash"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"

	"bulletin/generator/parallel"
)

// Tuning of the index. BM25's usual constants; a title (with the
// document's numbers) weighs three times its body. A term shard is cut
// after a term whose hash picks it, once the shard has 32 KB of lines, or
// at 80 KB (12–32 KB once a web server compresses it): cutting where the
// terms say, not where a byte count ends, means an edit that grows one
// shard leaves the next ones as they were. Records come in files of 16,
// so showing ten results fetches at most two small files.
const (
	k1          = 1.2
	b           = 0.75
	titleWeight = 3
	shardMin    = 32 << 10
	shardMax    = 80 << 10
	cutOdds     = 12 // one term in cutOdds may end a shard past shardMin
	recordsPer  = 16
	pagePer     = 256 // record file names per page
	excerptLen  = 160
	// ManifestName is the index's fixed entry point; every other file
	// is named by its content.
	ManifestName = "index.json"
)

// Facet term prefixes: filtering by department, category or year
// intersects with the posting list of a term the tokenizer never makes.
const (
	facetDept     = "~d:"
	facetCategory = "~c:"
	facetYear     = "~y:"
)

// Manifest is the index's entry point: what a browser downloads first.
type Manifest struct {
	Version int `json:"version"`
	// Docs is the number of documents; InForce the number of them in
	// force. Documents are numbered in force first, then newest first,
	// so a lower number wins a tie.
	Docs    int `json:"docs"`
	InForce int `json:"in_force"`
	// AvgTitle and AvgBody are the mean field lengths in terms, rounded
	// to 1/64 of their power of two: the lengths every impact was
	// computed with, which an edit rarely moves.
	AvgTitle float64 `json:"avg_title"`
	AvgBody  float64 `json:"avg_body"`
	// Shards cover the sorted terms: shard i holds the terms from its
	// First up to the next shard's First.
	Shards []Shard `json:"shards"`
	// Record file i holds documents i*RecordsPer up to
	// (i+1)*RecordsPer-1. Its name is entry i%PagePer of the JSON array
	// in the file Pages[i/PagePer]: the names of all record files would
	// make the manifest of a large site large.
	RecordsPer int      `json:"records_per"`
	PagePer    int      `json:"page_per"`
	Pages      []string `json:"record_pages"`
	// Facets are the values the filters offer, sorted.
	Facets Facets `json:"facets"`
}

// Shard is one file of terms.
type Shard struct {
	First string `json:"first"`
	File  string `json:"file"`
}

// Facets are the filter values of an index.
type Facets struct {
	Department []string `json:"department"`
	Category   []string `json:"category"`
	Year       []string `json:"year"`
}

// Record is what a result shows, as a JSON array in a record file:
// [url, title, date (2006-01-02), department, category, state, excerpt].
type Record [7]string

// posting is one document's weight for one term, as the reader holds it.
type posting struct {
	doc    int32
	impact int32 // BM25 contribution × 100, title weighted; 0 for a facet
}

// Build makes the index of docs: the manifest and the files it names.
// The output depends only on docs.
func Build(docs []Doc) (manifest []byte, files []File) {
	manifest, _ = NewLive(docs).Write(func(f File) error {
		files = append(files, f)
		return nil
	})
	return manifest, files
}

// Live is an index kept between builds: after an edit, Update changes
// the postings of the terms the edited documents had or have, and Write
// encodes only the shards and record files those changes reach. What
// Write produces is always what Build makes of the same documents.
type Live struct {
	docs []Doc      // in document order: in force first, then newest first
	lens [][2]int32 // by document: its title's and body's length in terms
	// bodyOnly are each document's impacts for a term found 0, 1, …
	// times in its body and not in its title.
	bodyOnly [][bodyOnlyMax]int32

	// The terms are split into parts by a hash, so that filling their
	// postings runs on all cores; each part numbers its own.
	parts []*part

	titleTotal, bodyTotal int
	avgTitle, avgBody     float64
	inForce               int

	order []ref // the terms with postings, sorted; nil when to sort again

	// What the last Write wrote, and what changed since.
	written  bool
	shards   []shardAt
	records  []string
	pages    []string
	touched  []string     // terms whose postings changed, came or went
	dirtyRec map[int]bool // record files to write again
}

// part is one share of the terms.
type part struct {
	cjk   map[uint64]int32 // a Chinese term by its key (see keyTF)
	words map[string]int32 // any other term, facet terms included
	terms []string
	// post holds each term's postings in document order: for each, the
	// gap from the last document number, then the title and body
	// counts, as uvarints (about three bytes a posting).
	post [][]byte
	last []int32 // the last document of each term, for the gaps while filling
	line []int32 // each term's line's bytes in a shard; -1 unknown
}

// ref names a term: its part and its number there.
type ref struct{ part, id int32 }

func (x *Live) term(r ref) string { return x.parts[r.part].terms[r.id] }

// shardAt is a written shard and the last of its terms.
type shardAt struct {
	Shard
	last string
}

// NewLive indexes docs.
func NewLive(docs []Doc) *Live {
	x := &Live{docs: sortDocs(docs)}
	x.lens = make([][2]int32, len(x.docs))
	nparts := runtime.GOMAXPROCS(0)
	for range nparts {
		x.parts = append(x.parts, &part{cjk: map[uint64]int32{}, words: map[string]int32{}})
	}
	// A batch of documents is counted on all cores, then each part
	// takes the batch's terms that are its own, on all cores too.
	counts := make([]docCount, 512)
	for lo := 0; lo < len(x.docs); lo += len(counts) {
		hi := min(lo+len(counts), len(x.docs))
		parallel.For(hi-lo, func(k int) { countDoc(&counts[k], x.docs[lo+k], nparts) })
		parallel.For(nparts, func(p int) {
			pt := x.parts[p]
			for i := lo; i < hi; i++ {
				c := &counts[i-lo]
				c.eachIn(pt, p, func(id int32, tf tfs) {
					pt.post[id] = appendPosting(pt.post[id], int32(i)-pt.last[id], tf)
					pt.last[id] = int32(i)
				})
			}
		})
		for i := lo; i < hi; i++ {
			n := counts[i-lo].n
			x.lens[i] = n
			x.titleTotal += int(n[0])
			x.bodyTotal += int(n[1])
			if x.docs[i].State == "" {
				x.inForce++
			}
		}
	}
	x.avgTitle, x.avgBody = x.averages(x.titleTotal, x.bodyTotal)
	return x
}

// sortDocs returns docs in document order.
func sortDocs(docs []Doc) []Doc {
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b Doc) int {
		if (a.State == "") != (b.State == "") {
			if a.State == "" {
				return -1
			}
			return 1
		}
		if c := b.Date.Compare(a.Date); c != 0 {
			return c
		}
		return strings.Compare(a.URL, b.URL)
	})
	return docs
}

// averages returns the mean field lengths, rounded.
func (x *Live) averages(titleTotal, bodyTotal int) (title, body float64) {
	if len(x.docs) == 0 {
		return 0, 0
	}
	return roundMean(float64(titleTotal) / float64(len(x.docs))), roundMean(float64(bodyTotal) / float64(len(x.docs)))
}

// roundMean rounds f to 1/64 of its power of two (within 0.8 %): an edit
// that changes one document's length by a few terms rarely changes it,
// and so leaves every other document's impacts as they are.
func roundMean(f float64) float64 {
	frac, exp := math.Frexp(f)
	return math.Ldexp(math.Round(frac*64)/64, exp)
}

// tfs are a term's counts in a document's title and body; a facet term
// has none.
type tfs [2]uint32

// impact is the weight of a term found tf times in a document of n
// terms (title, body): BM25 without the term's idf, which the reader
// applies since it knows which terms a query matched. Facet terms weigh
// nothing.
// It returns the impact's level + 1 (see impactLevels), 0 for a facet.
func (x *Live) impact(tf tfs, n [2]int32) int32 {
	if tf == (tfs{}) {
		return 0
	}
	imp := titleWeight*bm25(int(tf[0]), quantLen(n[0]), x.avgTitle) + bm25(int(tf[1]), quantLen(n[1]), x.avgBody)
	level := math.Round(math.Log(imp*10) / math.Log(impactStep))
	return int32(min(max(level, 0), float64(len(impactLevels)-1))) + 1
}

// An impact is written as one character, its level on a scale of 64
// steps of 7.5 % from 0.1 to 9.5: level l (the l-th character of
// impactLevels) stands for LevelImpact(l)/100. A posting is then its
// level and its document gap, "Kx1", three bytes where a dense term's
// postings are concerned, and a long list compresses to about half.
const (
	impactLevels = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	impactStep   = 1.075
)

// LevelImpact is the impact × 100 that level l stands for; the browser
// script computes it the same way.
func LevelImpact(l int) int { return int(math.Round(10 * math.Pow(impactStep, float64(l)))) }

// quantLen rounds a field length down to its four leading bits (steps of
// 6–12 %), as Lucene keeps lengths in a byte: a sentence added to a
// notice seldom moves it, and then only the terms the edit added,
// removed or recounted change their impact, not every term the notice
// has.
func quantLen(n int32) int {
	if n < 16 {
		return int(n)
	}
	shift := bits.Len32(uint32(n)) - 4
	return int(n >> shift << shift)
}

func bm25(tf, n int, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	norm := 1.0
	if avg > 0 {
		norm = 1 - b + b*float64(n)/avg
	}
	return float64(tf) * (k1 + 1) / (float64(tf) + k1*norm)
}

func appendPosting(buf []byte, gap int32, tf tfs) []byte {
	buf = binary.AppendUvarint(buf, uint64(gap))
	buf = binary.AppendUvarint(buf, uint64(tf[0]))
	return binary.AppendUvarint(buf, uint64(tf[1]))
}

// docCount is one document's terms with their counts, grouped by part:
// those of part p are cjk[cjkAt[p]:cjkAt[p+1]], and the same for words.
type docCount struct {
	cjk            []keyTF
	words          []wordTF
	cjkAt, wordsAt []int32
	n              [2]int32 // title and body length in terms
}

// keyTF is a Chinese term, as its first character << 21 | its second (0
// for a lone character), and its counts.
type keyTF struct {
	key uint64
	tf  tfs
}

// wordTF is any other term and its counts.
type wordTF struct {
	word string
	tf   tfs
}

// counter counts one document's terms at a time; its tables are kept for
// the next document.
type counter struct {
	slots []keyTF // open addressing by key; key 0 is free
	used  []int32 // the slots in use, in the order first seen
	words map[string]int32
	wlist []wordTF
}

var counters = sync.Pool{New: func() any { return &counter{slots: make([]keyTF, 1024), words: map[string]int32{}} }}

func (c *counter) addCJK(key uint64, field int) {
	mask := uint64(len(c.slots) - 1)
	for i := key * 0x9e3779b97f4a7c15 >> 32 & mask; ; i = (i + 1) & mask {
		s := &c.slots[i]
		if s.key == key {
			s.tf[field]++
			return
		}
		if s.key == 0 {
			s.key = key
			s.tf[field]++
			c.used = append(c.used, int32(i))
			if len(c.used)*2 > len(c.slots) {
				c.grow()
			}
			return
		}
	}
}

func (c *counter) grow() {
	old := c.slots
	c.slots = make([]keyTF, 2*len(old))
	mask := uint64(len(c.slots) - 1)
	for j, at := range c.used {
		s := old[at]
		i := s.key * 0x9e3779b97f4a7c15 >> 32 & mask
		for c.slots[i].key != 0 {
			i = (i + 1) & mask
		}
		c.slots[i] = s
		c.used[j] = int32(i)
	}
}

// partOfKey and partOfWord pick the part of a Chinese term's key or a
// word. Which part holds a term changes no output, so the word hash may
// be seeded anew by each process.
func partOfKey(key uint64, nparts int) int {
	return int(key * 0x9e3779b97f4a7c15 >> 40 % uint64(nparts))
}

func partOfWord(w string, nparts int) int {
	return int(maphash.String(partSeed, w) % uint64(nparts))
}

var partSeed = maphash.MakeSeed()

// countDoc counts the terms of d into dc, reusing its lists: its title
// and numbers, its body, and its facet terms.
func countDoc(dc *docCount, d Doc, nparts int) {
	c := counters.Get().(*counter)
	defer counters.Put(c)
	dc.n = [2]int32{}
	for field, text := range [2]string{d.Title + " " + strings.Join(d.Numbers, " "), d.body()} {
		scan(text, func(t string, key uint64) {
			dc.n[field]++
			if key == 0 {
				i, ok := c.words[t]
				if !ok {
					i = int32(len(c.wlist))
					c.words[t] = i
					c.wlist = append(c.wlist, wordTF{word: t})
				}
				c.wlist[i].tf[field]++
				return
			}
			c.addCJK(key, field)
		})
	}
	facets(d, func(t string) {
		if _, ok := c.words[t]; !ok {
			c.words[t] = int32(len(c.wlist))
			c.wlist = append(c.wlist, wordTF{word: t})
		}
	})
	// Group by part, in the order first seen.
	dc.cjk, dc.cjkAt = resize(dc.cjk, len(c.used)), resize(dc.cjkAt, nparts+1)
	for _, at := range c.used {
		dc.cjkAt[partOfKey(c.slots[at].key, nparts)+1]++
	}
	for p := range nparts {
		dc.cjkAt[p+1] += dc.cjkAt[p]
	}
	next := slices.Clone(dc.cjkAt[:nparts])
	for _, at := range c.used {
		s := &c.slots[at]
		p := partOfKey(s.key, nparts)
		dc.cjk[next[p]] = *s
		next[p]++
		*s = keyTF{}
	}
	dc.words, dc.wordsAt = resize(dc.words, len(c.wlist)), resize(dc.wordsAt, nparts+1)
	for _, w := range c.wlist {
		dc.wordsAt[partOfWord(w.word, nparts)+1]++
	}
	for p := range nparts {
		dc.wordsAt[p+1] += dc.wordsAt[p]
	}
	copy(next, dc.wordsAt[:nparts])
	for _, w := range c.wlist {
		p := partOfWord(w.word, nparts)
		dc.words[next[p]] = w
		next[p]++
	}
	c.used, c.wlist = c.used[:0], c.wlist[:0]
	clear(c.words)
}

// resize returns s with length n, zeroed, reusing its array if it can.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	s = s[:n]
	clear(s)
	return s
}

// cjkTerm is the text of a Chinese term's key.
func cjkTerm(key uint64) string {
	r1, r2 := rune(key>>21), rune(key&(1<<21-1))
	if r2 == 0 {
		return string(r1)
	}
	return string([]rune{r1, r2})
}

// facets calls each with the facet terms of d.
func facets(d Doc, each func(term string)) {
	for _, dept := range d.Department {
		if dept != "" {
			each(facetDept + dept)
		}
	}
	if d.Category != "" {
		each(facetCategory + d.Category)
	}
	if !d.Date.IsZero() {
		each(facetYear + strconv.Itoa(d.Date.Year()))
	}
}

// eachIn calls fn with the number in pt (the part numbered p) of each of
// c's terms of that part, numbering new ones, and its counts.
func (c *docCount) eachIn(pt *part, p int, fn func(id int32, tf tfs)) {
	for _, t := range c.cjk[c.cjkAt[p]:c.cjkAt[p+1]] {
		id, ok := pt.cjk[t.key]
		if !ok {
			id = pt.newTerm(cjkTerm(t.key))
			pt.cjk[t.key] = id
		}
		fn(id, t.tf)
	}
	for _, t := range c.words[c.wordsAt[p]:c.wordsAt[p+1]] {
		id, ok := pt.words[t.word]
		if !ok {
			id = pt.newTerm(strings.Clone(t.word)) // not to keep the text it was cut from
			pt.words[pt.terms[id]] = id
		}
		fn(id, t.tf)
	}
}

func (pt *part) newTerm(t string) int32 {
	id := int32(len(pt.terms))
	pt.terms = append(pt.terms, t)
	pt.post = append(pt.post, nil)
	pt.line = append(pt.line, -1)
	pt.last = append(pt.last, 0)
	return id
}

// Update makes the index that of docs, changing only what the documents
// that differ from the last ones changed, and reports whether it could:
// when documents came or went, changed their order (date or state), or
// moved a mean field length, it does nothing and returns false, and the
// caller indexes docs anew.
func (x *Live) Update(docs []Doc) bool {
	docs = sortDocs(docs)
	if len(docs) != len(x.docs) {
		return false
	}
	var changed []int
	for i, d := range docs {
		old := &x.docs[i]
		if d.URL != old.URL || d.State != old.State || !d.Date.Equal(old.Date) {
			return false
		}
		if !sameDoc(d, *old) {
			changed = append(changed, i)
		}
	}
	if len(changed) == 0 {
		return true
	}
	nparts := len(x.parts)
	olds, news := make([]docCount, len(changed)), make([]docCount, len(changed))
	parallel.For(len(changed), func(k int) {
		countDoc(&olds[k], x.docs[changed[k]], nparts)
		countDoc(&news[k], docs[changed[k]], nparts)
	})
	titleTotal, bodyTotal := x.titleTotal, x.bodyTotal
	for k := range changed {
		titleTotal += int(news[k].n[0] - olds[k].n[0])
		bodyTotal += int(news[k].n[1] - olds[k].n[1])
	}
	if t, b := x.averages(titleTotal, bodyTotal); t != x.avgTitle || b != x.avgBody {
		return false
	}
	x.titleTotal, x.bodyTotal = titleTotal, bodyTotal
	if x.dirtyRec == nil {
		x.dirtyRec = map[int]bool{}
	}
	for k, i := range changed {
		doc := int32(i)
		// A new length bucket changes the impact of every term.
		moved := quantLen(news[k].n[0]) != quantLen(olds[k].n[0]) || quantLen(news[k].n[1]) != quantLen(olds[k].n[1])
		x.docs[i] = docs[i]
		x.lens[i] = news[k].n
		if len(x.bodyOnly) == len(x.docs) {
			x.bodyOnlyOf(i)
		}
		x.dirtyRec[i/recordsPer] = true
		for p, pt := range x.parts {
			now := map[int32]bool{}
			news[k].eachIn(pt, p, func(id int32, tf tfs) {
				now[id] = true
				x.set(ref{int32(p), id}, doc, tf, true, moved)
			})
			olds[k].eachIn(pt, p, func(id int32, _ tfs) {
				if !now[id] {
					x.set(ref{int32(p), id}, doc, tfs{}, false, moved)
				}
			})
		}
	}
	return true
}

// set gives term r the counts tf for document doc, or with keep false
// takes doc off its postings; with moved (the document's length bucket
// changed) the term's line changes even if its counts do not.
func (x *Live) set(r ref, doc int32, tf tfs, keep, moved bool) {
	pt := x.parts[r.part]
	ps := pt.post[r.id]
	// Find doc's entry, or where it goes: at, with the document before
	// it prev; the entries after start at rest.
	at, rest, prev, found := len(ps), len(ps), int32(0), false
	var had tfs
	for off := 0; off < len(ps); {
		start := off
		var v [3]uint64
		for k := range v {
			n := 0
			v[k], n = binary.Uvarint(ps[off:])
			off += n
		}
		d := prev + int32(v[0])
		if d >= doc {
			at, rest = start, start
			if d == doc {
				found, rest, had = true, off, tfs{uint32(v[1]), uint32(v[2])}
			}
			break
		}
		prev = d
	}
	if !keep && !found || keep && found && had == tf && !moved {
		return
	}
	out := make([]byte, 0, len(ps)+16)
	out = append(out, ps[:at]...)
	next := prev // what the entry after the edit counts its gap from
	if keep {
		out = appendPosting(out, doc-prev, tf)
		next = doc
	}
	if rest < len(ps) {
		gap, n := binary.Uvarint(ps[rest:])
		d := int32(gap) + prev // the document of the entry after
		if found {
			d = int32(gap) + doc
		}
		out = binary.AppendUvarint(out, uint64(d-next))
		out = append(out, ps[rest+n:]...)
	}
	if len(out) == 0 || len(ps) == 0 { // a term came or went
		x.order = nil
	}
	pt.post[r.id] = out
	pt.line[r.id] = -1
	x.touched = append(x.touched, pt.terms[r.id])
}

// sameDoc reports whether two documents index the same.
func sameDoc(a, b Doc) bool {
	return a.URL == b.URL && a.Title == b.Title && slices.Equal(a.Numbers, b.Numbers) && a.Body == b.Body &&
		a.Excerpt == b.Excerpt && a.Date.Equal(b.Date) && slices.Equal(a.Department, b.Department) &&
		a.Category == b.Category && a.State == b.State
}

// sortTerms sorts the terms that have postings.
func (x *Live) sortTerms() {
	x.order = x.order[:0]
	for p, pt := range x.parts {
		for id, ps := range pt.post {
			if len(ps) > 0 {
				x.order = append(x.order, ref{int32(p), int32(id)})
			}
		}
	}
	slices.SortFunc(x.order, func(a, b ref) int { return strings.Compare(x.term(a), x.term(b)) })
}

// Write calls emit with every file of the index that the last Write did
// not write (all of them the first time), then returns the manifest,
// which names the files of both.
func (x *Live) Write(emit func(File) error) (manifest []byte, err error) {
	if x.order == nil {
		x.sortTerms()
	}
	x.prepareImpacts()
	slices.Sort(x.touched)
	x.touched = slices.Compact(x.touched)
	var shards []shardAt
	if !x.written {
		shards, err = x.writeAllShards(emit)
	} else {
		shards, err = x.writeChangedShards(emit)
	}
	if err != nil {
		return nil, err
	}
	records, err := x.writeRecords(emit)
	if err != nil {
		return nil, err
	}
	pages, err := x.writePages(records, emit)
	if err != nil {
		return nil, err
	}
	m := Manifest{Version: 2, Docs: len(x.docs), InForce: x.inForce, AvgTitle: x.avgTitle, AvgBody: x.avgBody, RecordsPer: recordsPer, PagePer: pagePer, Pages: pages}
	m.Shards = make([]Shard, 0, len(shards)) // [] for an empty index, not null
	for _, s := range shards {
		m.Shards = append(m.Shards, s.Shard)
	}
	m.Facets = Facets{Department: x.facetValues(facetDept), Category: x.facetValues(facetCategory), Year: x.facetValues(facetYear)}
	slices.Reverse(m.Facets.Year) // newest first
	manifest, _ = json.Marshal(m) // plain values: cannot fail
	x.written, x.shards, x.records, x.pages, x.touched, x.dirtyRec = true, shards, records, pages, nil, nil
	return manifest, nil
}

// Names returns the names of the files the last Write's manifest names.
func (x *Live) Names() []string {
	var out []string
	for _, s := range x.shards {
		out = append(out, s.File)
	}
	out = append(out, x.pages...)
	return append(out, x.records...)
}

// cutsBefore reports whether a shard of size bytes ends before a line of
// n bytes that would take it past shardMax: a common term's long line
// then comes with as few others as it can.
func cutsBefore(size, n int) bool {
	return size >= shardMin/2 && size+n > shardMax
}

// cuts reports whether a shard of size bytes ends after term t.
func cuts(size int, t string) bool {
	if size >= shardMax {
		return true
	}
	if size < shardMin {
		return false
	}
	h := fnv.New32a() // the same in every build: cuts are output
	h.Write([]byte(t))
	return h.Sum32()%cutOdds == 0
}

// writeAllShards encodes every term's line, a window of terms at a time
// on all cores, and cuts them into shards.
func (x *Live) writeAllShards(emit func(File) error) ([]shardAt, error) {
	const window = 1 << 12
	workers := runtime.GOMAXPROCS(0)
	bufs := make([][]byte, workers)
	var shards []shardAt
	var shard []byte
	first := 0
	flush := func(last int) error { // the shard of the terms from first to last
		s := shardAt{Shard{x.term(x.order[first]), hashed("t-", ".txt", shard)}, x.term(x.order[last])}
		shards = append(shards, s)
		err := emit(File{s.File, bytes.Clone(shard)})
		shard, first = shard[:0], last+1
		return err
	}
	for lo := 0; lo < len(x.order); lo += window {
		hi := min(lo+window, len(x.order))
		per := (hi - lo + workers - 1) / workers
		parallel.For(workers, func(w int) {
			terms := x.order[min(lo+w*per, hi):min(lo+(w+1)*per, hi)]
			need := 0
			for _, r := range terms {
				need += len(x.term(r)) + 2 + 2*len(x.parts[r.part].post[r.id])
			}
			buf := bufs[w][:0]
			if cap(buf) < need {
				buf = make([]byte, 0, max(need+need/8, 2*cap(buf)))
			}
			for _, r := range terms {
				n := len(buf)
				buf = x.appendLine(buf, r)
				x.parts[r.part].line[r.id] = int32(len(buf) - n)
			}
			bufs[w] = buf
		})
		for w := range workers {
			buf := bufs[w]
			for k := lo + w*per; k < min(lo+(w+1)*per, hi); k++ {
				r := x.order[k]
				n := x.parts[r.part].line[r.id]
				if len(shard) > 0 && cutsBefore(len(shard), int(n)) {
					if err := flush(k - 1); err != nil {
						return nil, err
					}
				}
				shard = append(shard, buf[:n]...)
				buf = buf[n:]
				if cuts(len(shard), x.term(r)) || k == len(x.order)-1 {
					if err := flush(k); err != nil {
						return nil, err
					}
				}
			}
		}
	}
	return shards, nil
}

// writeChangedShards cuts the terms into shards by the lengths of their
// lines, learning those of the terms changed since the last Write, and
// writes the shards that are not as they were.
func (x *Live) writeChangedShards(emit func(File) error) ([]shardAt, error) {
	old := map[string]shardAt{}
	for _, s := range x.shards {
		old[s.First] = s
	}
	var shards []shardAt
	var scratch []byte
	size, first := 0, 0
	flush := func(last int) error { // the shard of the terms from first to last
		s := shardAt{Shard: Shard{First: x.term(x.order[first])}, last: x.term(x.order[last])}
		if prev, ok := old[s.First]; ok && prev.last == s.last && !x.touchedIn(s.First, s.last) {
			s.File = prev.File
		} else {
			var shard []byte
			for _, r := range x.order[first : last+1] {
				shard = x.appendLine(shard, r)
			}
			s.File = hashed("t-", ".txt", shard)
			if err := emit(File{s.File, shard}); err != nil {
				return err
			}
		}
		shards = append(shards, s)
		size, first = 0, last+1
		return nil
	}
	for k, r := range x.order {
		pt := x.parts[r.part]
		if pt.line[r.id] < 0 {
			scratch = x.appendLine(scratch[:0], r)
			pt.line[r.id] = int32(len(scratch))
		}
		n := int(pt.line[r.id])
		if size > 0 && cutsBefore(size, n) {
			if err := flush(k - 1); err != nil {
				return nil, err
			}
		}
		size += n
		if cuts(size, x.term(r)) || k == len(x.order)-1 {
			if err := flush(k); err != nil {
				return nil, err
			}
		}
	}
	return shards, nil
}

// touchedIn reports whether a term from first to last changed.
func (x *Live) touchedIn(first, last string) bool {
	i, _ := slices.BinarySearch(x.touched, first)
	return i < len(x.touched) && x.touched[i] <= last
}

// appendLine appends term r's line: the term, a tab, and its postings,
// separated by commas: each its impact's level (but a facet term's) and
// its base-36 document gap.
func (x *Live) appendLine(buf []byte, r ref) []byte {
	pt := x.parts[r.part]
	buf = append(buf, pt.terms[r.id]...)
	buf = append(buf, '\t')
	ps, doc, sep := pt.post[r.id], int32(0), false
	for len(ps) > 0 {
		var v [3]uint64
		for k := range v {
			n := 0
			v[k], n = binary.Uvarint(ps)
			ps = ps[n:]
		}
		if sep {
			buf = append(buf, ',')
		}
		sep = true
		doc += int32(v[0])
		imp := int32(0)
		if v[1] == 0 && v[2] < uint64(len(x.bodyOnly[doc])) {
			imp = x.bodyOnly[doc][v[2]]
		} else {
			imp = x.impact(tfs{uint32(v[1]), uint32(v[2])}, x.lens[doc])
		}
		if imp > 0 {
			buf = append(buf, impactLevels[imp-1])
		}
		buf = appendBase36(buf, int64(v[0]))
	}
	return append(buf, '\n')
}

// appendBase36 appends v in base 36, as strconv.AppendInt does; the
// small numbers most gaps and impacts are come from a table of its
// answers.
func appendBase36(buf []byte, v int64) []byte {
	if v >= 0 && v < int64(len(base36)) {
		return append(buf, base36[v]...)
	}
	return strconv.AppendInt(buf, v, 36)
}

var base36 = func() []string {
	t := make([]string, 36*36)
	for i := range t {
		t[i] = strconv.FormatInt(int64(i), 36)
	}
	return t
}()

// bodyOnlyMax is how many body counts, with none in the title, have
// their impacts worked out once per document: most postings are one of
// those.
const bodyOnlyMax = 8

// prepareImpacts works out each document's impacts of the common counts.
func (x *Live) prepareImpacts() {
	if len(x.bodyOnly) == len(x.docs) {
		return
	}
	x.bodyOnly = make([][bodyOnlyMax]int32, len(x.docs))
	parallel.For(len(x.docs), func(i int) { x.bodyOnlyOf(i) })
}

func (x *Live) bodyOnlyOf(i int) {
	for tf := range bodyOnlyMax {
		x.bodyOnly[i][tf] = x.impact(tfs{0, uint32(tf)}, x.lens[i])
	}
}

// writeRecords writes the record files that are new or changed.
func (x *Live) writeRecords(emit func(File) error) ([]string, error) {
	records := make([]string, (len(x.docs)+recordsPer-1)/recordsPer)
	data := make([][]byte, len(records))
	parallel.For(len(records), func(i int) {
		if !x.dirtyRec[i] && i < len(x.records) { // unchanged since the last Write
			records[i] = x.records[i]
			return
		}
		var recs []Record
		for _, d := range x.docs[i*recordsPer : min((i+1)*recordsPer, len(x.docs))] {
			date := ""
			if !d.Date.IsZero() {
				date = d.Date.Format("2006-01-02")
			}
			recs = append(recs, Record{d.URL, d.Title, date, strings.Join(d.Department, "、"), d.Category, d.State, d.Excerpt})
		}
		data[i], _ = json.Marshal(recs) // strings only: cannot fail
		records[i] = hashed("r-", ".json", data[i])
	})
	for i, name := range records {
		if data[i] != nil && (i >= len(x.records) || name != x.records[i]) {
			if err := emit(File{name, data[i]}); err != nil {
				return nil, err
			}
		}
	}
	return records, nil
}

// writePages writes the pages of record file names that are new.
func (x *Live) writePages(records []string, emit func(File) error) ([]string, error) {
	had := map[string]bool{}
	for _, name := range x.pages { // none before the first Write
		had[name] = true
	}
	pages := []string{}
	for lo := 0; lo < len(records); lo += pagePer {
		data, _ := json.Marshal(records[lo:min(lo+pagePer, len(records))]) // strings: cannot fail
		name := hashed("p-", ".json", data)
		if !had[name] {
			if err := emit(File{name, data}); err != nil {
				return nil, err
			}
			had[name] = true
		}
		pages = append(pages, name)
	}
	return pages, nil
}

// facetValues returns the values of the facet terms with prefix, sorted.
func (x *Live) facetValues(prefix string) []string {
	i, _ := slices.BinarySearchFunc(x.order, prefix, func(r ref, t string) int { return strings.Compare(x.term(r), t) })
	out := []string{}
	for ; i < len(x.order) && strings.HasPrefix(x.term(x.order[i]), prefix); i++ {
		out = append(out, strings.TrimPrefix(x.term(x.order[i]), prefix))
	}
	return out
}
