package check

import (
	"slices"
	"sort"
	"sync"
	"unicode"

	"bulletin/generator/parallel"
)

// Match is a text's most similar earlier text: B's best match is A < B.
type Match struct {
	A, B       int
	Similarity float64 // Jaccard similarity of their shingle sets
	// Others counts further earlier texts about as alike to B.
	Others int
}

// Texts are bodies prepared for Similar and Contained: each text's MinHash
// signature and anchors, made in one pass over its shingles, and its
// exact shingle set, made when first compared.
type Texts struct {
	sigs    []*signature
	anchors [][]uint32
	sets    *setCache
}

// Prepare reads texts for Similar and Contained.
func Prepare(texts []string) *Texts {
	t := &Texts{sigs: make([]*signature, len(texts)), anchors: make([][]uint32, len(texts)), sets: newSetCache(texts)}
	parallel.For(len(texts), func(i int) { t.sigs[i], t.anchors[i] = sample(texts[i]) })
	return t
}

// Similar is Prepare(texts).Similar(threshold, skip).
func Similar(texts []string, threshold float64, skip func(a, b int) bool) []Match {
	return Prepare(texts).Similar(threshold, skip)
}

// Similar finds, for every text, the most similar earlier text whose
// shingle set has a Jaccard similarity of at least threshold with its own,
// leaving out pairs skip accepts (skip may be nil). Matches are sorted by
// B. Texts with fewer than MinShingles shingles are left out.
//
// A shingle is two adjacent tokens, where a token is one CJK character or
// one word of letters and digits (lowercased): Chinese is compared by
// character bigrams, English by word pairs; punctuation only separates.
//
// Similar does not compare every pair. Each text gets a one-permutation
// MinHash signature of 256 values in 32 bands of 8; texts that agree on all
// values of at least two bands are candidates. A pair at 0.9 becomes a
// candidate with a probability above 99.99%, at 0.85 99.9%, at 0.8 98%, at
// 0.7 56%, at 0.5 0.7%. The share of signature values a candidate pair
// agrees on estimates its similarity (±0.03); candidates estimated clearly
// below the threshold are dropped, and those with the best estimates are
// compared exactly.
func (t *Texts) Similar(threshold float64, skip func(a, b int) bool) []Match {
	sigs := t.sigs
	idx := newBandIndex(sigs)
	const chunk = 256
	found := make([][]Match, (len(sigs)+chunk-1)/chunk)
	parallel.For(len(found), func(c int) {
		shared := make([]uint8, len(sigs)) // bands each text shares with b
		var out []Match
		for b := c * chunk; b < min(len(sigs), (c+1)*chunk); b++ {
			if m, ok := bestMatch(b, sigs, idx, t.sets, shared, threshold, skip); ok {
				out = append(out, m)
			}
		}
		found[c] = out
	})
	return slices.Concat(found...)
}

// estimateMargin is how far below the threshold a candidate's estimate may
// be and still be compared exactly: a little over one standard error of a
// 256-value estimate near 0.8.
const estimateMargin = 0.03

// verifyMax bounds the exact comparisons per text: its candidates with the
// best estimates.
const verifyMax = 32

// minShared is how many bands two texts must agree on to be candidates.
// Two rather than one keeps dense clusters of moderately similar texts
// (templated notices) from making nearly every pair a candidate.
const minShared = 2

// bestMatch finds text b's most similar earlier text. shared is all zeros
// and is left so.
func bestMatch(b int, sigs []*signature, idx *bandIndex, sets *setCache, shared []uint8, threshold float64, skip func(a, b int) bool) (Match, bool) {
	type cand struct {
		a   int
		est float64
	}
	if sigs[b] == nil {
		return Match{}, false
	}
	var met []int
	for band := range bands {
		for _, a := range idx.bucket(band, b) {
			if int(a) >= b {
				break // buckets are in index order
			}
			if shared[a] == 0 {
				met = append(met, int(a))
			}
			shared[a]++
		}
	}
	var cands []cand
	for _, a := range met {
		n := shared[a]
		shared[a] = 0
		if n < minShared {
			continue
		}
		if est, ok := estimateAtLeast(sigs[a], sigs[b], threshold-estimateMargin); ok && (skip == nil || !skip(a, b)) {
			cands = append(cands, cand{a, est})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		if cands[i].est != cands[j].est {
			return cands[i].est > cands[j].est
		}
		return cands[i].a < cands[j].a
	})
	best := Match{A: -1, B: b}
	alike := 0
	for i, c := range cands {
		if i >= verifyMax {
			if c.est >= threshold {
				alike++
			}
			continue
		}
		sim := jaccard(sets.get(c.a), sets.get(b))
		if sim < threshold {
			continue
		}
		alike++
		if best.A < 0 || sim > best.Similarity || sim == best.Similarity && c.a < best.A {
			best.A, best.Similarity = c.a, sim
		}
	}
	if best.A < 0 {
		return Match{}, false
	}
	best.Others = alike - 1
	return best, true
}

// setCache computes each text's exact shingle set once, when first asked.
type setCache struct {
	texts []string
	once  []sync.Once
	sets  [][]uint32
}

func newSetCache(texts []string) *setCache {
	return &setCache{texts: texts, once: make([]sync.Once, len(texts)), sets: make([][]uint32, len(texts))}
}

func (c *setCache) get(i int) []uint32 {
	c.once[i].Do(func() { c.sets[i] = shingleSet(c.texts[i]) })
	return c.sets[i]
}

// bandIndex finds the texts that agree with a text on all values of a
// band: per band, a map from the hash of the band's values to the texts.
type bandIndex struct {
	keys    [][bands]uint64
	buckets []map[uint64][]int32
}

func newBandIndex(sigs []*signature) *bandIndex {
	x := &bandIndex{keys: make([][bands]uint64, len(sigs)), buckets: make([]map[uint64][]int32, bands)}
	parallel.For(len(sigs), func(i int) {
		if sig := sigs[i]; sig != nil {
			for b := range bands {
				key := uint64(b) + 1
				for _, v := range sig[b*rows : (b+1)*rows] {
					key = mix(key ^ v)
				}
				x.keys[i][b] = key
			}
		}
	})
	parallel.For(bands, func(b int) {
		m := map[uint64][]int32{}
		for i, sig := range sigs {
			if sig != nil {
				m[x.keys[i][b]] = append(m[x.keys[i][b]], int32(i))
			}
		}
		x.buckets[b] = m
	})
	return x
}

// bucket returns the texts sharing band b's values with text i (i among
// them), in index order.
func (x *bandIndex) bucket(b, i int) []int32 { return x.buckets[b][x.keys[i][b]] }

// Signature sizes: bands × rows values per text.
const (
	bands     = 32
	rows      = 8
	slots     = bands * rows // 256: the top 8 bits of a hash pick the slot
	slotShift = 56
)

type signature [slots]uint64

// sample makes a text's one-permutation MinHash signature and collects
// its anchors (see Contained), or returns nils when it has fewer than
// MinShingles shingles. For the signature, each shingle hash falls in one
// of the slots by its top bits, each slot keeps its smallest hash, and
// empty slots borrow from the next filled one (rotation densification) so
// short texts still have full signatures.
func sample(text string) (*signature, []uint32) {
	var sig signature
	const empty = ^uint64(0)
	for i := range sig {
		sig[i] = empty
	}
	anchors := make([]uint32, 0, len(text)/(3*anchorEvery)) // a CJK character is 3 bytes
	var window [anchorSpan - 1]uint64                       // the last shingles, a ring
	var run uint64                                          // their polynomial hash
	n := 0
	eachShingle(text, func(h uint64) {
		slot := h >> slotShift
		if v := h & (1<<slotShift - 1); v < sig[slot] {
			sig[slot] = v
		}
		i := n % len(window)
		run = (run-window[i]*spanPower)*spanPrime + h
		window[i] = h
		n++
		if a := mix(run); n >= len(window) && a%anchorEvery == 0 {
			anchors = append(anchors, uint32(a>>32))
		}
	})
	if n < MinShingles {
		return nil, nil
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
	slices.Sort(anchors)
	return &sig, slices.Compact(anchors)
}

// estimateAtLeast is the share of signature values two texts agree on, an
// estimate of their Jaccard similarity, when it is at least floor; it gives
// up as soon as the rest could no longer get there.
func estimateAtLeast(a, b *signature, floor float64) (float64, bool) {
	const block = 32
	need := int(floor*slots + 0.999999)
	same := 0
	for lo := 0; lo < slots; lo += block {
		for i := lo; i < lo+block; i++ {
			same += eq(a[i], b[i])
		}
		if same+slots-lo-block < need {
			return 0, false
		}
	}
	return float64(same) / slots, true
}

// eq is 1 when x == y, else 0, without a branch.
func eq(x, y uint64) int {
	d := x ^ y
	return int(1 ^ ((d | -d) >> 63))
}

// eachShingle calls fn with the hash of every shingle of text, in order.
func eachShingle(text string, fn func(uint64)) {
	const offset, prime = 14695981039346656037, 1099511628211
	var prev uint64
	have := false
	emit := func(tok uint64) {
		if have {
			fn(mix(prev*0x9E3779B97F4A7C15 ^ tok))
		}
		prev, have = tok, true
	}
	word, inWord := uint64(offset), false
	for _, r := range text {
		switch {
		case cjk(r):
			if inWord {
				emit(word)
				word, inWord = offset, false
			}
			emit(uint64(r) * prime)
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'),
			r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			word = (word ^ uint64(r)) * prime
			inWord = true
		case r >= 'A' && r <= 'Z':
			word = (word ^ uint64(r+'a'-'A')) * prime
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
}

// shingleSet returns a text's distinct shingles, sorted, as 32-bit hashes:
// enough to tell a few thousand shingles apart, and half the memory.
func shingleSet(text string) []uint32 {
	var out []uint32
	eachShingle(text, func(h uint64) { out = append(out, uint32(h>>32)) })
	slices.Sort(out)
	return slices.Compact(out)
}

func cjk(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF { // CJK Unified Ideographs, nearly all Chinese text
		return true
	}
	return r >= 0x2E80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul)
}

// jaccard is |a ∩ b| / |a ∪ b| of two sorted sets.
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := intersection(a, b)
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
