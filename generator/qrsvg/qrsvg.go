// Package qrsvg draws a QR code as the data of one SVG path, small enough
// to inline in every printed notice: each run of dark modules in a row is
// one rectangle, "M x y h n v1 h-n z", in units of one module, with the
// standard quiet zone of four modules around the symbol.
//
// The symbol itself (segments, error correction, placement, the mask
// patterns) comes from github.com/piglig/go-qr; this package reads its
// module matrix and chooses the mask by the standard's penalty rules
// faster than go-qr does (see mask.go), with the same result.
package qrsvg

import (
	"html/template"
	"math/bits"
	"strconv"
	"sync"

	qr "github.com/piglig/go-qr"
)

// Quiet is the width of the light margin around the symbol, in modules,
// that the QR standard asks for so that scanners find the symbol.
const Quiet = 4

// Code is a QR symbol drawn for SVG: a square of Size × Size units (the
// symbol and its quiet zone), its dark modules filled by the path Path.
// In a template:
//
//	<svg viewBox="0 0 {{.Size}} {{.Size}}"><path {{.PathAttr}}/></svg>
//
// PathAttr is the attribute d="Path": a path holds only the letters
// M, h, v and z, digits, spaces and minus signs, which need no escaping,
// so html/template takes it as it is (d="{{.Path}}" works too, escaping
// a few kilobytes on every page). The zero Code draws nothing.
type Code struct {
	Size     int
	Path     string
	PathAttr template.HTMLAttr
}

// Encode draws text as a QR code with error correction level M (15 % of
// the symbol can be lost), the smallest symbol that holds it, in byte
// mode or a more compact one when the text allows. It fails only for a
// text longer than a QR code holds (about 2,300 bytes at level M).
func Encode(text string) (Code, error) {
	segs, err := qr.MakeSegments(text)
	if err != nil {
		return Code{}, err
	}
	// Mask 0 first: the other seven symbols are made from it to choose
	// the mask (see unmasked); go-qr chooses itself for a symbol too
	// large for that.
	sym, err := qr.EncodeSegments(segs, qr.Medium, qr.MinVersion, qr.MaxVersion, 0, true)
	if err != nil {
		return Code{}, err
	}
	u, ok := unmask(sym)
	if !ok {
		sym, err = qr.EncodeSegments(segs, qr.Medium, qr.MinVersion, qr.MaxVersion, -1, true)
		if err != nil {
			return Code{}, err
		}
		return draw(sym.Size(), sym.Module), nil
	}
	best, _ := u.best()
	return drawRows(u.l.size, best.rows[:]), nil
}

// buffers hold paths while they are drawn: a page's path is a few
// kilobytes, and only the finished string is kept.
var buffers = sync.Pool{New: func() any { return new([]byte) }}

// draw writes the path of a size × size matrix whose dark modules dark
// reports.
func draw(size int, dark func(x, y int) bool) Code {
	pooled, buf := start()
	for y := 0; y < size; y++ {
		for x := 0; x < size; {
			if !dark(x, y) {
				x++
				continue
			}
			n := 1
			for x+n < size && dark(x+n, y) {
				n++
			}
			buf = appendRun(buf, x, y, n)
			x += n
		}
	}
	return finish(size, pooled, buf)
}

// drawRows is draw for a matrix of at most 64 modules a side given as
// rows, bit x of rows[y] dark for module (x, y).
func drawRows(size int, rows []uint64) Code {
	pooled, buf := start()
	for y, row := range rows[:size] {
		for x := 0; row != 0; {
			skip := bits.TrailingZeros64(row) // light modules, then a run of dark ones
			row >>= skip
			n := bits.TrailingZeros64(^row)
			buf = appendRun(buf, x+skip, y, n)
			x += skip + n
			row >>= n
		}
	}
	return finish(size, pooled, buf)
}

// appendRun appends the rectangle of n dark modules from (x, y).
func appendRun(buf []byte, x, y, n int) []byte {
	w := strconv.Itoa(n)
	buf = append(buf, 'M')
	buf = strconv.AppendInt(buf, int64(x+Quiet), 10)
	buf = append(buf, ' ')
	buf = strconv.AppendInt(buf, int64(y+Quiet), 10)
	buf = append(buf, 'h')
	buf = append(buf, w...)
	buf = append(buf, "v1h-"...)
	buf = append(buf, w...)
	return append(buf, 'z')
}

// start returns a pooled buffer to draw a path in, after the opening of
// its attribute (see finish).
func start() (*[]byte, []byte) {
	pooled := buffers.Get().(*[]byte)
	return pooled, append((*pooled)[:0], `d="`...)
}

// finish makes the Code of a path drawn in buf after start, and gives
// buf back to the pool.
func finish(size int, pooled *[]byte, buf []byte) Code {
	attr := string(append(buf, '"'))
	code := Code{Size: size + 2*Quiet, Path: attr[len(`d="`) : len(attr)-1], PathAttr: template.HTMLAttr(attr)}
	*pooled = buf
	buffers.Put(pooled)
	return code
}
