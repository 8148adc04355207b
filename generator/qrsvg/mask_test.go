package qrsvg

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"testing"

	qr "github.com/piglig/go-qr"
)

// maskTexts are texts of every kind and of lengths that reach every
// version bestMask scores (1 to 11) and a few beyond: notice URLs as a
// site has them, percent-encoded Chinese slugs, upper-case texts that go-qr
// encodes alphanumerically, digits, and random bytes.
func maskTexts() []string {
	r := rand.New(rand.NewPCG(1, 2))
	var texts []string
	for i := range 3000 {
		slug := strings.Repeat("spring-festival-", i%9)
		texts = append(texts,
			fmt.Sprintf("https://notices.example.gov.cn/notices/%05d-%selderly-visits/", i, slug),
			fmt.Sprintf("https://x.cn/%d", i))
	}
	for n := 1; n <= 320; n++ {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(256))
		}
		texts = append(texts,
			string(b),
			strings.Repeat("0123456789", n/10+1)[:n],
			"HTTPS://NOTICES.EXAMPLE.GOV.CN/N/"+strings.Repeat("AB12", n/4),
			"https://notices.example.gov.cn/"+strings.Repeat("%E6%98%A5", n/9+1))
	}
	return texts
}

// TestMaskMatchesLibrary holds Encode's choice of mask to go-qr's own,
// which scores each mask module by module: the drawing of every text
// must be the drawing of go-qr's symbol. It also checks that the texts
// choose each of the eight masks, and both sides of maxPacked.
func TestMaskMatchesLibrary(t *testing.T) {
	chosen := map[int]int{}
	large := 0
	for _, text := range maskTexts() {
		c, err := Encode(text)
		if err != nil {
			t.Fatalf("%.60q: %v", text, err)
		}
		sym, err := qr.EncodeText(text, qr.Medium)
		if err != nil {
			t.Fatal(err)
		}
		zero, err := qr.EncodeSegments(mustSegments(t, text), qr.Medium, qr.MinVersion, qr.MaxVersion, 0, true)
		if err != nil {
			t.Fatal(err)
		}
		m := -1
		if u, ok := unmask(zero); ok {
			_, m = u.best()
			chosen[m]++
		} else {
			large++
		}
		if want := draw(sym.Size(), sym.Module); c != want {
			t.Fatalf("%.60q (%d modules): the drawing is not go-qr's (mask %d chosen)", text, sym.Size(), m)
		}
	}
	for m := range 8 {
		if chosen[m] == 0 {
			t.Errorf("no text chose mask %d (chosen: %v)", m, chosen)
		}
	}
	if large == 0 {
		t.Errorf("no text was over %d modules", maxPacked)
	}
}

// TestMaskedMatchesLibrary: the symbol made for a mask from go-qr's
// mask-0 symbol is go-qr's own symbol for that mask, module for module,
// for every version that is packed, every error correction level and
// every mask. Function patterns and format bits depend only on those
// three, and the data modules flip the same way whatever the data, so
// this covers every symbol Encode draws from a derived matrix.
func TestMaskedMatchesLibrary(t *testing.T) {
	segs := mustSegments(t, "x.cn") // fits version 1 at level H
	for v := 1; (v*4 + 17) <= maxPacked; v++ {
		for _, ecl := range []qr.Ecc{qr.Low, qr.Medium, qr.Quartile, qr.High} {
			zero, err := qr.EncodeSegments(segs, ecl, v, v, 0, false)
			if err != nil {
				t.Fatal(err)
			}
			u, ok := unmask(zero)
			if !ok {
				t.Fatalf("version %d: not packed", v)
			}
			for m := range 8 {
				want, err := qr.EncodeSegments(segs, ecl, v, v, m, false)
				if err != nil {
					t.Fatal(err)
				}
				var got lines
				u.masked(m, &got)
				for y := range want.Size() {
					for x := range want.Size() {
						if row, col := got.rows[y]>>x&1 != 0, got.cols[x]>>y&1 != 0; row != want.Module(x, y) || col != row {
							t.Fatalf("version %d, level %v, mask %d: module (%d,%d) is %v (column %v), go-qr's %v", v, ecl, m, x, y, row, col, want.Module(x, y))
						}
					}
				}
			}
		}
	}
}

func mustSegments(t *testing.T, text string) []*qr.QrSegment {
	segs, err := qr.MakeSegments(text)
	if err != nil {
		t.Fatal(err)
	}
	return segs
}

// TestLinePenalty checks the rules of runs and finder-like patterns on
// single lines, the light margin counting as light at both ends.
func TestLinePenalty(t *testing.T) {
	for _, tc := range []struct {
		line string // '#' dark, '.' light; module 0 first
		want int
	}{
		{"...........", 3 + 6}, // one light run of 11
		{"#.#.#.#.#.#", 0},
		{"#####......", 3 + 3 + 1},
		{"#.###.#....", 2 * weightFinder},              // four light or more on both sides: once for each
		{"....#.###.#", 2 * weightFinder},              // the margin after
		{".....#.###.#..#", 3 + weightFinder},          // two light after: once
		{"#.###.#.....#.###.#", 4*weightFinder + 3},    // two patterns, five light between
		{"##..######..##....", 3 + 1 + 2*weightFinder}, // twice the size
		{"#.##.#.#....", 0},                            // 1:1:2:1:1 is no finder
	} {
		var line uint64
		for i, c := range tc.line {
			if c == '#' {
				line |= 1 << i
			}
		}
		if got := linePenalty(line, len(tc.line)); got != tc.want {
			t.Errorf("linePenalty(%s) = %d, want %d", tc.line, got, tc.want)
		}
	}
}

// TestLinePenaltyMatchesRuns: scored on the word, every line of every
// width scores what its runs score (runPenalty, go-qr's way), lines with
// long dark runs (finder-like patterns two and more modules wide)
// included.
func TestLinePenaltyMatchesRuns(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	wide := 0 // lines with a pattern two or more modules wide
	for size := 1; size <= maxPacked; size++ {
		for i := range 20000 {
			var line uint64
			switch i % 4 {
			case 0: // random modules
				line = r.Uint64()
			case 1: // sparse: more light runs and margins
				line = r.Uint64() & r.Uint64()
			default: // runs of random widths, some patterns scaled up
				for x := 0; x < size; {
					n := 1 + r.IntN(4)
					if r.IntN(3) == 0 {
						for _, w := range []int{1, 1, 3, 1, 1} {
							line |= (uint64(1)<<(w*n) - 1) << x
							x += w*n + n
						}
						continue
					}
					if r.IntN(2) == 0 {
						line |= (uint64(1)<<n - 1) << x
					}
					x += n
				}
			}
			if size < 64 {
				line &= uint64(1)<<size - 1
			}
			got, want := linePenalty(line, size), runPenalty(line, size)
			if got != want {
				t.Fatalf("linePenalty(%0*b, %d) = %d, its runs score %d", size, line, size, got, want)
			}
			if line&(line>>1)&(line>>2)&(line>>3)&(line>>4)&(line>>5) != 0 && want >= weightFinder {
				wide++
			}
		}
	}
	if wide < 1000 {
		t.Errorf("only %d lines with long dark runs had a finder-like pattern", wide)
	}
}

func BenchmarkEncode(b *testing.B) {
	texts := maskTexts()[:6000:6000]
	for i := 0; b.Loop(); i++ {
		if _, err := Encode(texts[i%len(texts)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodeLibraryMasks(b *testing.B) {
	texts := maskTexts()[:6000:6000]
	for i := 0; b.Loop(); i++ {
		sym, err := qr.EncodeText(texts[i%len(texts)], qr.Medium)
		if err != nil {
			b.Fatal(err)
		}
		draw(sym.Size(), sym.Module)
	}
}

// runPenalty is linePenalty computed from the line's runs, as go-qr
// scores it (its run history), for TestLinePenaltyMatchesRuns.
func runPenalty(line uint64, size int) int {
	// The runs, light first (of no module when the line starts dark),
	// then alternating.
	var runs [maxPacked + 2]int
	k, start, res := 0, 0, 0
	if line&1 != 0 {
		k = 1
	}
	edges := (line ^ line>>1) & (uint64(1)<<(size-1) - 1) // bit i: module i differs from i+1
	for edges != 0 {
		end := bits.TrailingZeros64(edges) + 1
		edges &= edges - 1
		if n := end - start; n >= 5 {
			res += weightRun + n - 5
		}
		runs[k] = end - start
		k, start = k+1, end
	}
	if n := size - start; n >= 5 {
		res += weightRun + n - 5
	}
	runs[k] = size - start
	runs[0] += size
	if k%2 == 1 { // ends dark: the margin is a light run of its own
		k++
	}
	runs[k] += size
	// A pattern ends at each light run: dark n, light n, dark 3n, light
	// n, dark n before it, light runs around.
	for j := 6; j <= k; j += 2 {
		n := runs[j-1]
		if runs[j-3] != 3*n || runs[j-2] != n || runs[j-4] != n || runs[j-5] != n {
			continue
		}
		before, after := runs[j-6], runs[j]
		if after >= 4*n && before >= n {
			res += weightFinder
		}
		if before >= 4*n && after >= n {
			res += weightFinder
		}
	}
	return res
}
