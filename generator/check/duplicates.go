package check

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"bulletin/generator/diag"
	"bulletin/generator/parallel"
	"bulletin/generator/site"
)

// NearDuplicate is the Jaccard similarity of two bodies' shingle sets from
// which they are reported as near-duplicates.
const NearDuplicate = 0.8

// MinShingles is how many shingles a body needs to be compared at all:
// short bodies ("详见附件。") are alike by nature.
const MinShingles = 40

// checkDuplicates reports notices and policies with the same title in the
// same language, and bodies that share most of their text.
func checkDuplicates(s *site.Site, rel *relations, l *diag.List) {
	docs := documents(s)
	sameTitle := titleDuplicates(docs, rel)
	for _, m := range nearDuplicates(docs, rel) {
		newer, older := m.newer, m.older
		msg := fmt.Sprintf("near-duplicate of %s (%s similar)", older.File.SourcePath(), percent(m.similarity))
		if sameTitle[newer] == older {
			msg = fmt.Sprintf("duplicate of %s: same title and %s similar text", older.File.SourcePath(), percent(m.similarity))
			delete(sameTitle, newer)
		}
		if m.more > 0 {
			msg += fmt.Sprintf(" (and like %d more)", m.more)
		}
		l.Add(newer.File.At("").Warnf("%s; if both are meant to be published, add params: {%s: %s} to one of them", msg, DuplicateOf, older.File.Path))
	}
	for newer, older := range sameTitle {
		l.Add(newer.File.At("title").Warnf("same title as %s: tell the two apart in the title, or accept the pair with params: {%s: %s}", older.File.SourcePath(), DuplicateOf, older.File.Path))
	}
}

// titleDuplicates maps each page whose title an older page of the same
// language already has to the oldest such page, leaving out known pairs.
func titleDuplicates(docs []*site.Page, rel *relations) map[*site.Page]*site.Page {
	out := map[*site.Page]*site.Page{}
	groups := map[string][]*site.Page{} // oldest first, as docs
	for _, p := range docs {
		key := p.Lang + "\x00" + foldTitle(p.Title)
		for _, q := range groups[key] {
			if !rel.related(p, q) {
				out[p] = q
				break
			}
		}
		groups[key] = append(groups[key], p)
	}
	return out
}

// foldTitle is a title's identity: full-width forms folded, letters
// lowercased, all white space dropped.
func foldTitle(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r) || r == '\u3000':
			continue
		case r >= '\uFF01' && r <= '\uFF5E':
			r -= 0xFEE0
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// match is a near-duplicate pair.
type match struct {
	newer, older *site.Page
	similarity   float64
	more         int // further older pages the newer one is as alike to
}

// nearDuplicates finds pairs of bodies whose shingle sets have a Jaccard
// similarity of at least NearDuplicate. MinHash signatures and LSH banding
// propose candidates in time linear in the number of pages; only those are
// compared exactly. Each newer page is reported once, with its most similar
// older page. docs must be oldest first.
func nearDuplicates(docs []*site.Page, rel *relations) []match {
	texts := make([]string, len(docs))
	for i, p := range docs {
		texts[i] = bodyText(string(p.Body))
	}
	pairs := Similar(texts, NearDuplicate)
	best := map[int]*match{}
	for _, pr := range pairs {
		older, newer := docs[pr.A], docs[pr.B] // A < B: A is older
		if rel.related(newer, older) {
			continue
		}
		m := best[pr.B]
		switch {
		case m == nil:
			best[pr.B] = &match{newer: newer, older: older, similarity: pr.Similarity}
		case pr.Similarity > m.similarity:
			m.older, m.similarity = older, pr.Similarity
			m.more++
		default:
			m.more++
		}
	}
	out := make([]match, 0, len(best))
	for _, m := range best {
		out = append(out, *m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].newer.File.Path < out[j].newer.File.Path })
	return out
}

var (
	tag       = regexp.MustCompile(`<[^>]*>`)
	footnotes = regexp.MustCompile(`(?s)<div class="footnotes".*`)
)

// bodyText is the readable text of a rendered body: tags dropped, entities
// decoded.
func bodyText(body string) string {
	body = footnotes.ReplaceAllString(body, "")
	return html.UnescapeString(tag.ReplaceAllString(body, " "))
}

// Pair is two texts found alike: indexes A < B and their Jaccard
// similarity.
type Pair struct {
	A, B       int
	Similarity float64
}

// Similar returns the pairs of texts whose shingle sets have a Jaccard
// similarity of at least threshold, sorted by A then B. Texts with fewer
// than MinShingles shingles are left out.
//
// It does not compare every pair: each text gets a one-permutation MinHash
// signature of 256 values in 32 bands of 8; texts that agree on all values
// of any band are candidates. A pair at 0.8 becomes a candidate with a
// probability above 99.5%, at 0.7 about 85%, at 0.5 about 12%, at 0.3
// under 0.5%. A candidate whose signatures agree on clearly fewer values
// than the threshold asks for is dropped; the rest are compared exactly.
func Similar(texts []string, threshold float64) []Pair {
	sigs := make([]*signature, len(texts))
	parallel.For(len(texts), func(i int) {
		if sh := shingles(texts[i]); len(sh) >= MinShingles {
			sigs[i] = sign(sh)
		}
	})
	var cands [][2]int
	for _, c := range candidates(sigs) {
		if estimate(sigs[c[0]], sigs[c[1]]) >= threshold-0.15 {
			cands = append(cands, c)
		}
	}
	var need []int
	sets := map[int][]uint64{}
	for _, c := range cands {
		for _, i := range c {
			if _, ok := sets[i]; !ok {
				sets[i] = nil
				need = append(need, i)
			}
		}
	}
	computed := make([][]uint64, len(need))
	parallel.For(len(need), func(k int) { computed[k] = shingles(texts[need[k]]) })
	for k, i := range need {
		sets[i] = computed[k]
	}
	sims := make([]float64, len(cands))
	parallel.For(len(cands), func(k int) { sims[k] = jaccard(sets[cands[k][0]], sets[cands[k][1]]) })
	var out []Pair
	for k, c := range cands {
		if sims[k] >= threshold {
			out = append(out, Pair{A: c[0], B: c[1], Similarity: sims[k]})
		}
	}
	return out
}

// Signature sizes: bands × rows values per text.
const (
	bands     = 32
	rows      = 8
	slots     = bands * rows // 256: the top 8 bits of a hash pick the slot
	slotShift = 56
)

type signature [slots]uint64

// sign makes a one-permutation MinHash signature: each shingle hash falls in
// one of the slots by its top bits, each slot keeps its smallest hash, and
// empty slots borrow from the next filled one (rotation densification) so
// short texts still have full signatures.
func sign(shingles []uint64) *signature {
	var sig signature
	const empty = ^uint64(0)
	for i := range sig {
		sig[i] = empty
	}
	for _, h := range shingles {
		h = mix(h)
		slot := h >> slotShift
		if v := h & (1<<slotShift - 1); v < sig[slot] {
			sig[slot] = v
		}
	}
	for i := range sig {
		if sig[i] != empty {
			continue
		}
		for d := 1; d < slots; d++ {
			if v := sig[(i+d)%slots]; v != empty && v < 1<<slotShift {
				sig[i] = v + uint64(d)<<slotShift
				break
			}
		}
	}
	return &sig
}

// estimate is the share of signature values two texts agree on: an
// estimate of their Jaccard similarity.
func estimate(a, b *signature) float64 {
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / slots
}

// candidates returns the pairs of texts (i < j) whose signatures agree on
// all rows of at least one band, sorted.
func candidates(sigs []*signature) [][2]int {
	keys := make([][bands]uint64, len(sigs)) // each text's band hashes
	parallel.For(len(sigs), func(i int) {
		if sig := sigs[i]; sig != nil {
			for b := range bands {
				key := uint64(b) + 1
				for _, v := range sig[b*rows : (b+1)*rows] {
					key = mix(key ^ v)
				}
				keys[i][b] = key
			}
		}
	})
	buckets := make([]map[uint64][]int32, bands) // per band: key → texts
	parallel.For(bands, func(b int) {
		m := map[uint64][]int32{}
		for i, sig := range sigs {
			if sig != nil {
				m[keys[i][b]] = append(m[keys[i][b]], int32(i))
			}
		}
		buckets[b] = m
	})
	// mark[j] == i says j is already a candidate of i.
	mark := make([]int32, len(sigs))
	for i := range mark {
		mark[i] = -1
	}
	var out [][2]int
	for i, sig := range sigs {
		if sig == nil {
			continue
		}
		start := len(out)
		for b := range bands {
			for _, j := range buckets[b][keys[i][b]] {
				if int(j) > i && mark[j] != int32(i) {
					mark[j] = int32(i)
					out = append(out, [2]int{i, int(j)})
				}
			}
		}
		mine := out[start:]
		sort.Slice(mine, func(x, y int) bool { return mine[x][1] < mine[y][1] })
	}
	return out
}

// shingles returns the sorted, distinct hashes of a text's shingles: every
// two adjacent tokens, where a token is one CJK character or one word of
// letters and digits (lowercased). Punctuation and spaces only separate.
func shingles(text string) []uint64 {
	var out []uint64
	var prev uint64
	have := false
	emit := func(tok uint64) {
		if have {
			out = append(out, mix(prev*0x9E3779B97F4A7C15^tok))
		}
		prev, have = tok, true
	}
	const offset, prime = 14695981039346656037, 1099511628211
	word, inWord := uint64(offset), false
	for _, r := range text {
		switch {
		case cjk(r):
			if inWord {
				emit(word)
				word, inWord = offset, false
			}
			emit(uint64(r) * prime)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = (word ^ uint64(unicode.ToLower(r))) * prime
			inWord = true
		default:
			if inWord {
				emit(word)
				word, inWord = offset, false
			}
		}
	}
	if inWord {
		emit(word)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func cjk(r rune) bool {
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			inter++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// mix is a 64-bit finaliser (splitmix64) that spreads hash bits.
func mix(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}
