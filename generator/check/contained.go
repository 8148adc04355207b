package check

import (
	"math"
	"slices"
	"sort"

	"bulletin/generator/parallel"
)

// Containment is a text most of whose shingles are also in a longer text:
// A's text is in B.
type Containment struct {
	A, B int
	// Share is |A ∩ B| / |A| of their shingle sets: how much of A's text
	// appears in B.
	Share float64
	// Others counts further texts that hold about as much of A.
	Others int
}

// Contained is Prepare(texts).Contained(threshold, skip).
func Contained(texts []string, threshold float64, skip func(a, b int) bool) []Containment {
	return Prepare(texts).Contained(threshold, skip)
}

// Contained finds, for every text, the longer text holding the largest
// share of its shingles, when that share is at least threshold, leaving
// out pairs skip accepts (skip may be nil) and pairs alike enough to be
// near-duplicates (Jaccard at least NearDuplicate, which Similar reports).
// Results are sorted by A. Texts with fewer than MinShingles shingles are
// left out. This is what Jaccard misses: a short notice copied whole into a
// long one shares all its text with it, yet the pair's Jaccard similarity
// is no more than the short one's share of the long one's length.
//
// Contained does not compare every pair. Its sample of a text is its
// anchors: runs of anchorSpan tokens (eight Chinese characters, or eight
// words), one in anchorEvery of them chosen by hash, so the same runs in
// every text, and the anchors of A that are in B are the anchors A and B
// share. Runs rather than single shingles, because templated notices share
// their sentences but not the order of them: a run across two sentences
// tells which notice it comes from. An index maps each anchor to the texts
// that have it, leaving out the common ones, anchors of more than
// max(commonAnchorMin, n/commonAnchorShare) of the n texts: the
// boilerplate a site's notices all share ("特此通知", the office's
// address), which tells nothing about which text holds which. A text is
// looked up by its uncommon anchors (at most maxQuery, those with the
// smallest hashes); the texts holding most of them are estimated again
// with all its anchors, common ones included, and those estimated near or
// above what a container would hold (spanShare) are compared exactly. A
// text with fewer than minQuery uncommon anchors is all boilerplate and is
// not looked up.
func (t *Texts) Contained(threshold float64, skip func(a, b int) bool) []Containment {
	idx := newAnchorIndex(t.anchors)
	const chunk = 256
	found := make([][]Containment, (len(t.anchors)+chunk-1)/chunk)
	parallel.For(len(found), func(c int) {
		held := make([]uint16, len(t.anchors)) // looked-up anchors each text holds
		var met []int32                        // the texts with any, reused
		var out []Containment
		for a := c * chunk; a < min(len(t.anchors), (c+1)*chunk); a++ {
			if q := idx.query(a); len(q) >= minQuery {
				if m, ok := bestContainer(a, q, t.anchors, idx, t.sets, held, &met, threshold, skip); ok {
					out = append(out, m)
				}
			}
		}
		found[c] = out
	})
	return slices.Concat(found...)
}

// Anchor sampling. An anchor spans anchorSpan tokens, and one in
// anchorEvery is kept (a power of two); a text is looked up by at most
// maxQuery anchors and needs minQuery uncommon ones.
const (
	anchorSpan        = 8
	anchorEvery       = 8
	maxQuery          = 128
	minQuery          = 6
	commonAnchorMin   = 64
	commonAnchorShare = 64
	// anchorMargin is how far below spanShare the share of looked-up
	// anchors a text holds may be and still be estimated with all of
	// them: the looked-up anchors are a small sample.
	anchorMargin = 0.15
	// estimateContainers bounds the candidates per text estimated with
	// all its anchors, verifyContainers those compared exactly.
	estimateContainers = 32
	verifyContainers   = 8
	// spanPrime is the base of the rolling polynomial hash of an
	// anchor's anchorSpan-1 shingles.
	spanPrime = 0x100000001b3
)

// spanPower is spanPrime to the power anchorSpan-2, wrapping around: the
// factor of the oldest shingle in an anchor's hash, which drops out when
// the next comes.
var spanPower = func() uint64 {
	p := uint64(1)
	for range anchorSpan - 2 {
		p *= spanPrime
	}
	return p
}()

// anchorIndex lists, for each uncommon anchor, the texts that have it, in
// index order, and for each text its uncommon anchors, by their numbers.
type anchorIndex struct {
	texts    [][]int32 // by anchor number
	uncommon [][]int32 // by text, in the order of the anchors' hashes
}

func newAnchorIndex(anchors [][]uint32) *anchorIndex {
	texts := map[uint32]int32{} // how many texts have each anchor
	for _, as := range anchors {
		for _, h := range as {
			texts[h]++
		}
	}
	common := int32(max(commonAnchorMin, len(anchors)/commonAnchorShare))
	number := map[uint32]int32{}
	for h, n := range texts {
		if n <= common {
			number[h] = int32(len(number))
		}
	}
	x := &anchorIndex{texts: make([][]int32, len(number)), uncommon: make([][]int32, len(anchors))}
	for i, as := range anchors {
		for _, h := range as {
			if k, ok := number[h]; ok {
				x.texts[k] = append(x.texts[k], int32(i))
				x.uncommon[i] = append(x.uncommon[i], k)
			}
		}
	}
	return x
}

// query picks the anchors text a is looked up by: its uncommon ones, at
// most maxQuery, those with the smallest hashes. Which anchors have the
// smallest hashes does not depend on the text, so those of a that are in
// another text are a fair sample of all of a's that are.
func (x *anchorIndex) query(a int) []int32 {
	q := x.uncommon[a]
	return q[:min(len(q), maxQuery)]
}

// bestContainer finds the text holding the largest share of text a's
// shingles. held is all zeros and is left so; met is scratch space.
func bestContainer(a int, q []int32, anchors [][]uint32, idx *anchorIndex, sets *setCache, held []uint16, met *[]int32, threshold float64, skip func(a, b int) bool) (Containment, bool) {
	*met = (*met)[:0]
	for _, k := range q {
		for _, b := range idx.texts[k] {
			if held[b] == 0 {
				*met = append(*met, b)
			}
			held[b]++
		}
	}
	held[a] = 0 // a holds all its anchors; it is not its own container
	type cand struct {
		b   int
		est float64
	}
	var cands []cand
	expect := spanShare(threshold)
	need := int((expect-anchorMargin)*float64(len(q)) + 0.999999)
	for _, b32 := range *met {
		b := int(b32)
		n := int(held[b])
		held[b] = 0
		if n >= need && b != a && (skip == nil || !skip(a, b)) {
			cands = append(cands, cand{b, float64(n)})
		}
	}
	byEstimate := func(i, j int) bool {
		if cands[i].est != cands[j].est {
			return cands[i].est > cands[j].est
		}
		return cands[i].b < cands[j].b
	}
	// The texts holding the most of the looked-up anchors are estimated
	// again with all of a's anchors, common ones included: the share of
	// them b has is an unbiased estimate of the share of a's text it has.
	sort.Slice(cands, byEstimate)
	cands = cands[:min(len(cands), estimateContainers)]
	floor := expect - containMargin(expect, len(anchors[a]))
	kept := cands[:0]
	for _, c := range cands {
		est := float64(intersection(anchors[a], anchors[c.b])) / float64(len(anchors[a]))
		if est >= floor {
			kept = append(kept, cand{c.b, est})
		}
	}
	cands = kept
	if len(cands) == 0 {
		return Containment{}, false
	}
	sort.Slice(cands, byEstimate)
	best := Containment{A: a, B: -1}
	alike := 0
	sa := sets.get(a)
	for i, c := range cands {
		if i >= verifyContainers {
			if c.est >= expect {
				alike++
			}
			continue
		}
		sb := sets.get(c.b)
		if len(sb) < len(sa) || len(sb) == len(sa) && c.b > a {
			continue // a holds b rather: reported the other way
		}
		inter := intersection(sa, sb)
		share := float64(inter) / float64(len(sa))
		if share < threshold || float64(inter) >= NearDuplicate*float64(len(sa)+len(sb)-inter) {
			continue
		}
		alike++
		if best.B < 0 || share > best.Share || share == best.Share && c.b < best.B {
			best.B, best.Share = c.b, share
		}
	}
	if best.B < 0 {
		return Containment{}, false
	}
	best.Others = alike - 1
	return best, true
}

// intersection is |a ∩ b| of two sorted sets.
func intersection(a, b []uint32) int {
	n := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// spanShare is the least share of a text's anchors that a text holding
// threshold of its shingles is expected to have. A changed character
// changes two shingles but anchorSpan anchors, so a copy with scattered
// changes keeps fewer of its anchors than of its shingles.
func spanShare(threshold float64) float64 {
	return max(0.2, 1-anchorSpan/2*(1-threshold))
}

// containMargin is how far below an expected share of a text's n anchors
// the share another text has may be and still be compared exactly: three
// standard errors of the estimate, and a little more.
func containMargin(share float64, n int) float64 {
	return 0.02 + 3*math.Sqrt(share*(1-share)/float64(n))
}
