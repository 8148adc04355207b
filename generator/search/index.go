package search

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"bulletin/generator/parallel"
)

// Doc is one page as the index sees it.
type Doc struct {
	URL   string
	Title string
	// Numbers are the document and index numbers, searched with the
	// title's weight.
	Numbers    []string
	Body       string // plain text
	Excerpt    string // shown under a result: the summary, else the body's start
	Date       time.Time
	Department []string
	Category   string
	// State is "" for a page in force, else "expired", "withdrawn" or
	// "superseded"; such pages rank below those in force.
	State string
}

// File is one file of the index, named relative to the index folder.
type File struct {
	Name string
	Data []byte
}

// Tuning of the index. BM25's usual constants; a title (with the
// document's numbers) weighs three times its body; a term shard is cut
// after about 48 KB of postings, 16–32 KB once a web server compresses
// it; records come in files of 16, so showing ten results fetches at most
// ten small files.
const (
	k1          = 1.2
	b           = 0.75
	titleWeight = 3
	shardBytes  = 48 << 10
	recordsPer  = 16
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
	// AvgTitle and AvgBody are the mean field lengths in terms.
	AvgTitle float64 `json:"avg_title"`
	AvgBody  float64 `json:"avg_body"`
	// Shards cover the sorted terms: shard i holds the terms from its
	// First up to the next shard's First.
	Shards []Shard `json:"shards"`
	// Records name the record files: file i holds documents
	// i*RecordsPer up to (i+1)*RecordsPer-1.
	RecordsPer int      `json:"records_per"`
	Records    []string `json:"records"`
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

// posting is one document's weight for one term.
type posting struct {
	doc    int32
	impact int32 // BM25 contribution × 100, title weighted
}

// Build makes the index of docs: the manifest and the files it names.
// The output depends only on docs.
func Build(docs []Doc) (manifest []byte, files []File) {
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
	m := Manifest{Version: 1, Docs: len(docs), RecordsPer: recordsPer}
	// The postings, by term, in one array: a first pass numbers the
	// terms and counts their documents, a second fills each term's part
	// in document order, so no list grows or needs sorting.
	ids := map[string]int32{}
	var terms []string
	var df []int32
	termID := func(t string) int32 {
		id, ok := ids[t]
		if !ok {
			t = strings.Clone(t) // not to keep the whole text it was cut from
			id = int32(len(terms))
			ids[t] = id
			terms = append(terms, t)
			df = append(df, 0)
		}
		df[id]++
		return id
	}
	facets := func(d Doc, each func(prefix, value string)) {
		for _, dept := range d.Department {
			each(facetDept, dept)
		}
		each(facetCategory, d.Category)
		if !d.Date.IsZero() {
			each(facetYear, strconv.Itoa(d.Date.Year()))
		}
	}
	// The first pass counts each document's terms on all cores, a batch
	// at a time, keeping of each document only its term numbers and
	// counts: the counts by term of all documents at once would take
	// several times the index's size.
	counts := make([]docTerms, len(docs))
	seen := map[string]map[string]bool{facetDept: {}, facetCategory: {}, facetYear: {}}
	const batch = 256
	var titleTotal, bodyTotal int
	for lo := 0; lo < len(docs); lo += batch {
		hi := min(lo+batch, len(docs))
		parallel.For(hi-lo, func(k int) { counts[lo+k] = countTerms(docs[lo+k]) })
		for i := lo; i < hi; i++ {
			c := &counts[i]
			c.ids, c.tfs = make([]int32, 0, len(c.tf)), make([]uint32, 0, len(c.tf))
			for t, tf := range c.tf {
				c.ids = append(c.ids, termID(t))
				c.tfs = append(c.tfs, uint32(min(tf[0], 0xffff))<<16|uint32(min(tf[1], 0xffff)))
			}
			c.tf = nil
			facets(docs[i], func(prefix, value string) {
				if value != "" {
					termID(prefix + value)
					seen[prefix][value] = true
				}
			})
			if docs[i].State == "" {
				m.InForce++
			}
			titleTotal += c.titleLen
			bodyTotal += c.bodyLen
		}
	}
	if len(docs) > 0 {
		m.AvgTitle = float64(titleTotal) / float64(len(docs))
		m.AvgBody = float64(bodyTotal) / float64(len(docs))
	}
	start := make([]int32, len(terms)+1)
	for id, n := range df {
		start[id+1] = start[id] + n
	}
	postings := make([]posting, start[len(terms)])
	fill := slices.Clone(start[:len(terms)])
	add := func(id int32, p posting) {
		postings[fill[id]] = p
		fill[id]++
	}
	for i, d := range docs {
		c := &counts[i]
		for j, id := range c.ids {
			tf := c.tfs[j]
			imp := titleWeight*bm25(int(tf>>16), c.titleLen, m.AvgTitle) + bm25(int(tf&0xffff), c.bodyLen, m.AvgBody)
			add(id, posting{int32(i), int32(max(1, math.Round(imp*100)))})
		}
		c.ids, c.tfs = nil, nil
		facets(d, func(prefix, value string) {
			if value != "" {
				add(ids[prefix+value], posting{int32(i), 0})
			}
		})
	}
	m.Facets = Facets{Department: sortedKeys(seen[facetDept]), Category: sortedKeys(seen[facetCategory]), Year: sortedKeys(seen[facetYear])}
	slices.Reverse(m.Facets.Year) // newest first

	order := make([]int32, len(terms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(terms[a], terms[b]) })
	var shard bytes.Buffer
	first := ""
	flush := func() {
		if shard.Len() == 0 {
			return
		}
		name := hashed("t-", ".txt", shard.Bytes())
		files = append(files, File{name, bytes.Clone(shard.Bytes())})
		m.Shards = append(m.Shards, Shard{First: first, File: name})
		shard.Reset()
	}
	var num []byte
	for _, id := range order {
		t := terms[id]
		if shard.Len() == 0 {
			first = t
		}
		shard.WriteString(t)
		shard.WriteByte('\t')
		prev := int32(0)
		for j, p := range postings[start[id]:start[id+1]] {
			if j > 0 {
				shard.WriteByte(',')
			}
			num = strconv.AppendInt(num[:0], int64(p.doc-prev), 36)
			shard.Write(num)
			prev = p.doc
			if p.impact > 0 {
				shard.WriteByte(':')
				num = strconv.AppendInt(num[:0], int64(p.impact), 36)
				shard.Write(num)
			}
		}
		shard.WriteByte('\n')
		if shard.Len() >= shardBytes {
			flush()
		}
	}
	flush()

	for start := 0; start < len(docs); start += recordsPer {
		var recs []Record
		for _, d := range docs[start:min(start+recordsPer, len(docs))] {
			date := ""
			if !d.Date.IsZero() {
				date = d.Date.Format("2006-01-02")
			}
			recs = append(recs, Record{d.URL, d.Title, date, strings.Join(d.Department, "、"), d.Category, d.State, d.Excerpt})
		}
		data, _ := json.Marshal(recs) // strings only: cannot fail
		name := hashed("r-", ".json", data)
		files = append(files, File{name, data})
		m.Records = append(m.Records, name)
	}
	manifest, _ = json.Marshal(m) // plain values: cannot fail
	return manifest, files
}

// docTerms counts one document's terms: by term, how often in the title
// (with the numbers) and in the body.
type docTerms struct {
	tf                map[string][2]int32
	titleLen, bodyLen int
	// The same counts by term number, once the terms are numbered:
	// title count << 16 | body count.
	ids []int32
	tfs []uint32
}

func countTerms(d Doc) docTerms {
	title := appendTokens(nil, d.Title+" "+strings.Join(d.Numbers, " "))
	// About one term per character of Chinese text (three bytes each).
	body := appendTokens(make([]string, 0, len(d.Body)/3+16), d.Body)
	c := docTerms{tf: make(map[string][2]int32, len(body)/2), titleLen: len(title), bodyLen: len(body)}
	for _, t := range title {
		n := c.tf[t]
		n[0]++
		c.tf[t] = n
	}
	for _, t := range body {
		n := c.tf[t]
		n[1]++
		c.tf[t] = n
	}
	return c
}

// bm25 is the BM25 weight of a term found tf times in a field of n terms
// whose mean length is avg, without the term's idf (the reader applies
// it, since it knows which terms a query matched).
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

// hashed names a file by its content, so a browser may cache it forever.
func hashed(prefix, ext string, data []byte) string {
	sum := sha256.Sum256(data)
	return prefix + hex.EncodeToString(sum[:6]) + ext
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Text returns the text of rendered HTML: tags dropped, character
// references decoded. A block's tag separates words; an inline one (a
// link, emphasis) does not, so 请<strong>就地</strong>过年 stays one run of
// characters. Markdown's renderer escapes every '<' of text, so each one
// in its output opens a tag.
func Text(h string) string {
	var sb strings.Builder
	for {
		i := strings.IndexByte(h, '<')
		if i < 0 {
			sb.WriteString(h)
			break
		}
		sb.WriteString(h[:i])
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		if !inline[tagName(h[i+1:i+j])] {
			sb.WriteByte(' ')
		}
		h = h[i+j+1:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(sb.String())), " ")
}

// Excerpt returns the first n characters of text, with an ellipsis when
// it cuts.
func Excerpt(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	return strings.TrimSpace(string(r)) + "…"
}

// inline are the elements that do not separate words.
var inline = map[string]bool{
	"a": true, "abbr": true, "b": true, "cite": true, "code": true, "del": true,
	"em": true, "i": true, "ins": true, "kbd": true, "mark": true, "q": true,
	"s": true, "small": true, "span": true, "strong": true, "sub": true,
	"sup": true, "time": true, "u": true,
}

// tagName returns the lower-case element name of a tag's inside
// ("/a", "a href=…" → "a").
func tagName(tag string) string {
	tag = strings.TrimPrefix(tag, "/")
	end := strings.IndexAny(tag, " \t\n/")
	if end >= 0 {
		tag = tag[:end]
	}
	return strings.ToLower(tag)
}
