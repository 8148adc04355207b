package qrsvg

import (
	"math/bits"
	"sync"

	qr "github.com/piglig/go-qr"
)

// Choosing the mask.
//
// ISO/IEC 18004 asks an encoder to try the eight mask patterns and keep
// the one whose symbol scores the lowest penalty (long runs, 2 × 2
// blocks, finder-like patterns, an unbalanced share of dark modules).
// go-qr does that module by module, and on a site's thousands of printed
// notices that scoring was the largest single cost of a build. Here the
// same eight symbols are scored by the same rules, in the same order
// (ties go to the lower mask, as go-qr's do), on rows and columns packed
// into 64-bit words, every rule counted a word at a time with shifts and
// population counts (see linePenalty).
//
// go-qr encodes the text (segments, error correction, placement) once,
// with mask 0. The other seven symbols are made from that one: a mask
// flips data modules only, so the data modules flip where mask 0 and the
// other mask differ, and the format bits are redrawn for the other mask.
// TestMaskedMatchesLibrary checks that this gives go-qr's own symbol for
// every packed version, error correction level and mask, and
// TestMaskMatchesLibrary that the mask chosen is go-qr's for thousands of
// texts.

// maxPacked is the largest symbol whose rows fit a word: version 11, 61
// modules. Larger symbols (texts over about 250 bytes) are left to go-qr.
const maxPacked = 64

// layout is what the penalty needs to know of one version: where the
// masks flip modules (never on function patterns) and where the format
// bits are, each as rows and as columns.
type layout struct {
	size       int
	flip       [8]lines // flip[m]: the modules mask m inverts
	formatBits []formatBit
}

// lines is a square of modules as rows (bit x of row y is module (x, y))
// and as columns (bit y of column x).
type lines struct {
	rows, cols [maxPacked]uint64
}

func (l *lines) set(x, y int) {
	l.rows[y] |= 1 << x
	l.cols[x] |= 1 << y
}

// formatBit is a module of the format information: bit i of the 15-bit
// format word.
type formatBit struct{ x, y, i int }

var layouts [maxPacked]struct {
	once sync.Once
	l    *layout
}

// layoutOf returns the layout of symbols of size modules (at most
// maxPacked), made once.
func layoutOf(size int) *layout {
	e := &layouts[size-1]
	e.once.Do(func() { e.l = newLayout(size) })
	return e.l
}

func newLayout(size int) *layout {
	version := (size - 17) / 4
	fn := make([]bool, size*size) // function modules
	mark := func(x, y int) {
		if 0 <= x && x < size && 0 <= y && y < size {
			fn[y*size+x] = true
		}
	}
	for i := range size { // timing patterns
		mark(6, i)
		mark(i, 6)
	}
	for _, c := range [][2]int{{3, 3}, {size - 4, 3}, {3, size - 4}} { // finders and separators
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				mark(c[0]+dx, c[1]+dy)
			}
		}
	}
	align := alignmentPositions(version, size)
	for i, ax := range align {
		for j, ay := range align {
			last := len(align) - 1
			if i == 0 && j == 0 || i == 0 && j == last || i == last && j == 0 {
				continue // under a finder
			}
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					mark(ax+dx, ay+dy)
				}
			}
		}
	}
	l := &layout{size: size}
	for i := range 15 { // format information, both copies
		var x1, y1, x2, y2 int
		switch {
		case i < 6:
			x1, y1 = 8, i
		case i < 8:
			x1, y1 = 8, i+1
		case i == 8:
			x1, y1 = 7, 8
		default:
			x1, y1 = 14-i, 8
		}
		if i < 8 {
			x2, y2 = size-1-i, 8
		} else {
			x2, y2 = 8, size-15+i
		}
		l.formatBits = append(l.formatBits, formatBit{x1, y1, i}, formatBit{x2, y2, i})
		mark(x1, y1)
		mark(x2, y2)
	}
	mark(8, size-8)   // the dark module
	if version >= 7 { // version information, both copies
		for i := range 18 {
			mark(size-11+i%3, i/3)
			mark(i/3, size-11+i%3)
		}
	}
	for m := range 8 {
		for y := range size {
			for x := range size {
				if !fn[y*size+x] && maskFlips(m, x, y) {
					l.flip[m].set(x, y)
				}
			}
		}
	}
	return l
}

// alignmentPositions are the centres of a version's alignment patterns
// along each axis.
func alignmentPositions(version, size int) []int {
	if version == 1 {
		return nil
	}
	n := version/7 + 2
	step := (version*4 + n*2 + 1) / (n*2 - 2) * 2
	if version == 32 {
		step = 26
	}
	pos := make([]int, n)
	pos[0] = 6
	for i, p := n-1, size-7; i >= 1; i, p = i-1, p-step {
		pos[i] = p
	}
	return pos
}

// maskFlips reports whether mask m inverts module (x, y).
func maskFlips(m, x, y int) bool {
	switch m {
	case 0:
		return (x+y)%2 == 0
	case 1:
		return y%2 == 0
	case 2:
		return x%3 == 0
	case 3:
		return (x+y)%3 == 0
	case 4:
		return (x/3+y/2)%2 == 0
	case 5:
		return x*y%2+x*y%3 == 0
	case 6:
		return (x*y%2+x*y%3)%2 == 0
	default:
		return ((x+y)%2+x*y%3)%2 == 0
	}
}

// formatWord is the 15-bit format information of an error correction
// level's two bits and a mask, BCH-coded and masked as the standard says.
func formatWord(ecl, mask int) int {
	data := ecl<<3 | mask
	rem := data
	for range 10 {
		rem = rem<<1 ^ (rem>>9)*0x537
	}
	return (data<<10 | rem) ^ 0x5412
}

// unmasked is a symbol go-qr encoded with mask 0, packed, with the mask
// taken off its data modules: what each mask's symbol is made from.
type unmasked struct {
	l    *layout
	data lines
	ecl  int // the error correction level's two format bits
}

// unmask packs sym, which go-qr encoded with mask 0, and takes the mask
// off; false when sym is over maxPacked modules wide.
func unmask(sym *qr.QrCode) (*unmasked, bool) {
	size := sym.Size()
	if size > maxPacked {
		return nil, false
	}
	u := &unmasked{l: layoutOf(size)}
	for y := range size {
		for x := range size {
			if sym.Module(x, y) {
				u.data.set(x, y)
			}
		}
	}
	for _, b := range u.l.formatBits { // the level, read back from the format information
		if b.i >= 13 {
			u.ecl |= int(u.data.rows[b.y]>>b.x&1) << (b.i - 13)
		}
	}
	u.ecl ^= 0x5412 >> 13
	for i := range size {
		u.data.rows[i] ^= u.l.flip[0].rows[i]
		u.data.cols[i] ^= u.l.flip[0].cols[i]
	}
	return u, true
}

// masked writes into s the symbol under mask m, as go-qr would encode it
// with m: the data modules flipped where m says, the format bits m's.
func (u *unmasked) masked(m int, s *lines) {
	for i := range u.l.size {
		s.rows[i] = u.data.rows[i] ^ u.l.flip[m].rows[i]
		s.cols[i] = u.data.cols[i] ^ u.l.flip[m].cols[i]
	}
	word := formatWord(u.ecl, m)
	for _, b := range u.l.formatBits {
		bit := uint64(word>>b.i) & 1
		s.rows[b.y] = s.rows[b.y]&^(1<<b.x) | bit<<b.x
		s.cols[b.x] = s.cols[b.x]&^(1<<b.y) | bit<<b.y
	}
}

// best returns the symbol of the mask with the lowest penalty, and the
// mask.
func (u *unmasked) best() (*lines, int) {
	var s, b lines
	best, least := 0, int(^uint(0)>>1)
	for m := range 8 {
		u.masked(m, &s)
		if p := penalty(&s, u.l.size, least); p < least {
			best, least, b = m, p, s
		}
	}
	return &b, best
}

// The penalty weights of the standard's four rules.
const (
	weightRun    = 3  // a run of five modules of one colour, plus 1 a module beyond
	weightBlock  = 3  // a 2 × 2 block of one colour
	weightFinder = 40 // a finder-like 1:1:3:1:1 pattern with four light modules on a side
	weightDark   = 10 // each 5 % the dark share strays from half, rounded as go-qr does
)

// penalty scores the symbol s of size modules by the four rules, as
// go-qr's getPenaltyScore does, or returns a score of at least least as
// soon as it reaches that (the score only grows, and a mask must score
// lower than least to be chosen).
func penalty(s *lines, size, least int) int {
	all := uint64(1)<<size - 1
	res, dark := 0, 0
	for y := range size {
		row := s.rows[y]
		dark += bits.OnesCount64(row)
		res += linePenalty(row, size)
		if y+1 < size {
			next := s.rows[y+1]
			same := ^(row ^ next) & all          // (x, y) and (x, y+1) alike
			same &= same >> 1                    // … and (x+1, y), (x+1, y+1) alike each other
			same &= ^(row ^ row>>1) & (all >> 1) // … and (x, y) like (x+1, y)
			res += weightBlock * bits.OnesCount64(same)
		}
	}
	total := size * size
	res += ((abs(dark*20-total*10)+total-1)/total - 1) * weightDark
	for x := range size {
		if res >= least {
			break
		}
		res += linePenalty(s.cols[x], size)
	}
	return res
}

// linePenalty scores one row or column (bit i is module i, at most 64
// modules) by the rules of runs and of finder-like patterns, as go-qr
// does: the light margin around the symbol counts as light at both ends,
// and a finder-like pattern (dark n, light n, dark 3n, light n, dark n
// modules) counts once for each side with 4n light modules. All of it is
// counted on the word: bit j of each mask below says something of the
// modules from j.
func linePenalty(line uint64, size int) int {
	// Runs of five or more: modules j to j+4 alike set bit j of five, so
	// a run of n sets n-4 bits in a row, and scores 3 + (n-5) = (n-4) + 2.
	alike := ^(line ^ (line >> 1)) & (uint64(1)<<(size-1) - 1)
	five := alike & (alike >> 1) & (alike >> 2) & (alike >> 3)
	res := bits.OnesCount64(five) + 2*bits.OnesCount64(five&^(five<<1))
	light := ^line // the modules past the line are the margin
	for n := 1; 7*n <= size; n++ {
		dark3 := darkFrom(line, 3*n)
		if dark3 == 0 {
			break // no dark run of 3n: no pattern this wide or wider
		}
		darkN, lightN := darkFrom(line, n), lightFrom(light, n)
		core := darkN & (lightN >> n) & (dark3 >> (2 * n)) & (lightN >> (5 * n)) & (darkN >> (6 * n))
		if core == 0 {
			continue
		}
		// The light before the core and after it (from module j+7n); the
		// dark runs at its ends are exactly n since both are light.
		afterN := lightN>>(7*n) | ^(^uint64(0) >> (7 * n))
		after4N := lightFrom(light, 4*n)>>(7*n) | ^(^uint64(0) >> (7 * n))
		res += weightFinder * (bits.OnesCount64(core&lightBefore(light, 4*n)&afterN) +
			bits.OnesCount64(core&lightBefore(light, n)&after4N))
	}
	return res
}

// darkFrom returns the word whose bit j is set when modules j to j+m-1
// of line are dark.
func darkFrom(line uint64, m int) uint64 {
	r := line
	for have := 1; have < m; {
		step := min(have, m-have)
		r &= r >> step
		have += step
	}
	return r
}

// lightFrom returns the word whose bit j is set when modules j to j+m-1
// are light, light having the line's light modules and the margin after
// it; modules past bit 63 are margin too.
func lightFrom(light uint64, m int) uint64 {
	r := light
	for have := 1; have < m; {
		step := min(have, m-have)
		r &= r>>step | ^(^uint64(0) >> step)
		have += step
	}
	return r
}

// lightBefore returns the word whose bit j is set when the m modules
// before module j are light, the margin before module 0 light.
func lightBefore(light uint64, m int) uint64 {
	r := light<<1 | 1
	for have := 1; have < m; {
		step := min(have, m-have)
		r &= r<<step | (uint64(1)<<step - 1)
		have += step
	}
	return r
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
