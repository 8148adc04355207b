package search

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Index reads an index written by Build, as the browser script does: the
// manifest first, then only the shards and record files a query needs.
// Tests query the written files with it.
type Index struct {
	fsys     fs.FS
	dir      string
	Manifest Manifest
	shards   map[string]map[string][]posting
	records  map[string][]Record
	pages    map[string][]string
	// Fetched names the files read so far, the manifest included.
	Fetched []string
}

// Open reads the manifest of the index in dir of fsys.
func Open(fsys fs.FS, dir string) (*Index, error) {
	x := &Index{fsys: fsys, dir: dir, shards: map[string]map[string][]posting{}, records: map[string][]Record{}, pages: map[string][]string{}}
	data, err := x.read(ManifestName)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(data, &x.Manifest); err != nil {
		return nil, fmt.Errorf("%s: %w", ManifestName, err)
	}
	return x, nil
}

func (x *Index) read(name string) ([]byte, error) {
	x.Fetched = append(x.Fetched, name)
	return fs.ReadFile(x.fsys, path.Join(x.dir, name))
}

// Filter narrows a query to one department, category or year; empty
// fields do not filter.
type Filter struct{ Department, Category, Year string }

// Hit is one result: the document's number, how many of the query's
// terms it has, its score and its record.
type Hit struct {
	Doc     int
	Matched int
	Score   float64
	Record  Record
}

// Search returns the documents that have any term of q, those with every
// term first, then in force before not, then by score, then newest
// first; at most limit records are read (all when limit < 0).
func (x *Index) Search(q string, f Filter, limit int) ([]Hit, error) {
	terms := QueryTerms(q)
	if len(terms) == 0 {
		return nil, nil
	}
	hits := map[int]*Hit{}
	n := float64(x.Manifest.Docs)
	for _, t := range terms {
		ps, err := x.postings(t, false)
		if err != nil {
			return nil, err
		}
		df := float64(len(ps))
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for doc, imp := range ps {
			h := hits[doc]
			if h == nil {
				h = &Hit{Doc: doc}
				hits[doc] = h
			}
			h.Matched++
			h.Score += idf * float64(imp) / 100
		}
	}
	for _, facet := range [][2]string{{facetDept, f.Department}, {facetCategory, f.Category}, {facetYear, f.Year}} {
		if facet[1] == "" {
			continue
		}
		ps, err := x.postings(facet[0]+facet[1], true)
		if err != nil {
			return nil, err
		}
		for doc := range hits {
			if _, ok := ps[doc]; !ok {
				delete(hits, doc)
			}
		}
	}
	out := make([]Hit, 0, len(hits))
	for _, h := range hits {
		out = append(out, *h)
	}
	inForce := x.Manifest.InForce
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Matched != b.Matched {
			return a.Matched > b.Matched
		}
		if (a.Doc < inForce) != (b.Doc < inForce) {
			return a.Doc < inForce
		}
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		return a.Doc < b.Doc
	})
	if limit < 0 {
		limit = len(out)
	}
	for i := range out[:min(limit, len(out))] {
		rec, err := x.Record(out[i].Doc)
		if err != nil {
			return nil, err
		}
		out[i].Record = rec
	}
	return out, nil
}

// postings returns, by document, the summed impact of every term that
// starts with t, or of t alone when exact (a facet term).
func (x *Index) postings(t string, exact bool) (map[int]int, error) {
	out := map[int]int{}
	for _, i := range x.shardsFor(t) {
		terms, err := x.shard(i)
		if err != nil {
			return nil, err
		}
		for term, ps := range terms {
			if term == t || !exact && strings.HasPrefix(term, t) {
				for _, p := range ps {
					out[int(p.doc)] += int(p.impact)
				}
			}
		}
	}
	return out, nil
}

// shardsFor returns the shards that may hold terms starting with t: from
// the last shard whose first term is not after t, up to the first one
// whose first term no longer starts with t.
func (x *Index) shardsFor(t string) []int {
	sh := x.Manifest.Shards
	i := sort.Search(len(sh), func(i int) bool { return sh[i].First > t }) - 1
	i = max(i, 0)
	var out []int
	for ; i < len(sh); i++ {
		if len(out) > 0 && !strings.HasPrefix(sh[i].First, t) {
			break
		}
		out = append(out, i)
	}
	return out
}

func (x *Index) shard(i int) (map[string][]posting, error) {
	name := x.Manifest.Shards[i].File
	if terms, ok := x.shards[name]; ok {
		return terms, nil
	}
	data, err := x.read(name)
	if err != nil {
		return nil, err
	}
	terms := map[string][]posting{}
	for line := range strings.Lines(string(data)) {
		term, list, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if !ok {
			return nil, fmt.Errorf("%s: a line without a tab", name)
		}
		doc, facet := 0, strings.HasPrefix(term, "~")
		for _, p := range strings.Split(list, ",") {
			weight := 0
			if !facet && p != "" {
				level := strings.IndexByte(impactLevels, p[0])
				if level < 0 {
					return nil, fmt.Errorf("%s: %q: no impact level", name, p)
				}
				weight, p = LevelImpact(level), p[1:]
			}
			delta, err := strconv.ParseInt(p, 36, 64)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			doc += int(delta)
			terms[term] = append(terms[term], posting{int32(doc), int32(weight)})
		}
	}
	x.shards[name] = terms
	return terms, nil
}

// Record returns the record of document doc.
func (x *Index) Record(doc int) (Record, error) {
	per, file := x.Manifest.RecordsPer, doc/x.Manifest.RecordsPer
	if file/x.Manifest.PagePer >= len(x.Manifest.Pages) {
		return Record{}, fmt.Errorf("no record %d", doc)
	}
	page := x.Manifest.Pages[file/x.Manifest.PagePer]
	names, err := readJSON(x, page, x.pages)
	if err != nil {
		return Record{}, err
	}
	if file%x.Manifest.PagePer >= len(names) {
		return Record{}, fmt.Errorf("%s: no record file %d", page, file)
	}
	name := names[file%x.Manifest.PagePer]
	recs, err := readJSON(x, name, x.records)
	if err != nil {
		return Record{}, err
	}
	if doc%per >= len(recs) {
		return Record{}, fmt.Errorf("%s: no record %d", name, doc)
	}
	return recs[doc%per], nil
}

// readJSON returns the JSON array in the file name, read once into cache.
func readJSON[T any](x *Index, name string, cache map[string][]T) ([]T, error) {
	if v, ok := cache[name]; ok {
		return v, nil
	}
	data, err := x.read(name)
	if err != nil {
		return nil, err
	}
	var v []T
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cache[name] = v
	return v, nil
}
