package qrsvg

import (
	"fmt"
	"html/template"
	"image"
	"image/color"
	"regexp"
	"strconv"
	"strings"
	"testing"

	qr "github.com/piglig/go-qr"
)

var rect = regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)

// paint reads a path back into the matrix it fills, Size × Size with the
// quiet zone, failing on anything but the rectangles draw writes and on
// a module filled twice.
func paint(t *testing.T, c Code) [][]bool {
	t.Helper()
	m := make([][]bool, c.Size)
	for i := range m {
		m[i] = make([]bool, c.Size)
	}
	for rest := c.Path; rest != ""; {
		g := rect.FindStringSubmatch(rest)
		if g == nil {
			t.Fatalf("not a run at %.40q", rest)
		}
		x, _ := strconv.Atoi(g[1])
		y, _ := strconv.Atoi(g[2])
		n, _ := strconv.Atoi(g[3])
		if g[4] != g[3] || n < 1 || y >= c.Size || x+n > c.Size {
			t.Fatalf("bad run %q in a %d-unit square", g[0], c.Size)
		}
		for i := x; i < x+n; i++ {
			if m[y][i] {
				t.Fatalf("module (%d,%d) filled twice", i, y)
			}
			m[y][i] = true
		}
		rest = rest[len(g[0]):]
	}
	return m
}

func TestDraw(t *testing.T) {
	// A 3 × 2 matrix: ##. / .##
	rows := []string{"##.", ".#"}
	c := draw(3, func(x, y int) bool { return y < len(rows) && x < len(rows[y]) && rows[y][x] == '#' })
	want := "M4 4h2v1h-2zM5 5h1v1h-1z"
	if c.Path != want || c.Size != 11 {
		t.Errorf("draw = %d %q, want 11 %q", c.Size, c.Path, want)
	}
	if string(c.PathAttr) != `d="`+want+`"` {
		t.Errorf("PathAttr = %q, want d=%q", c.PathAttr, want)
	}
	if c := draw(2, func(x, y int) bool { return false }); c.Path != "" || c.Size != 10 {
		t.Errorf("an all-light matrix draws %d %q", c.Size, c.Path)
	}
}

// TestPathAttr: html/template writes PathAttr as it is, and that is what
// it writes for d="{{.Path}}", escaping.
func TestPathAttr(t *testing.T) {
	c, err := Encode("https://notices.example.gov.cn/notices/2021-02-08-urgent-reminder/")
	if err != nil {
		t.Fatal(err)
	}
	var attr, escaped strings.Builder
	if err := template.Must(template.New("").Parse(`<path {{.PathAttr}}/>`)).Execute(&attr, c); err != nil {
		t.Fatal(err)
	}
	if err := template.Must(template.New("").Parse(`<path d="{{.Path}}"/>`)).Execute(&escaped, c); err != nil {
		t.Fatal(err)
	}
	if attr.String() != escaped.String() || len(c.Path) < 1000 {
		t.Errorf("<path {{.PathAttr}}/> gives %.80q…, d=\"{{.Path}}\" %.80q… (%d bytes of path)", attr.String(), escaped.String(), len(c.Path))
	}
}

// TestEncode draws URLs of the lengths a site has and checks the drawing
// against the library's own matrix, the quiet zone, and a round trip
// through a raster image and the library's decoder.
func TestEncode(t *testing.T) {
	for _, tc := range []struct {
		text string
		size int // modules of the symbol, without the quiet zone
	}{
		{"https://a.cn/", 21},
		{"https://notices.example.gov.cn/notices/2021-02-08-urgent-reminder/", 37}, // version 5: 66 bytes, over the 62 of version 4 at level M,
		{"https://notices.example.gov.cn/notices/%E6%98%A5%E8%8A%82%E6%9C%9F%E9%97%B4%E7%96%AB%E6%83%85%E9%98%B2%E6%8E%A7/", 0},
		{"HTTPS://NOTICES.EXAMPLE.GOV.CN/N/42/", 0},
		{"https://x.example/" + strings.Repeat("a", 500), 0},
	} {
		t.Run(fmt.Sprint(len(tc.text)), func(t *testing.T) {
			c, err := Encode(tc.text)
			if err != nil {
				t.Fatal(err)
			}
			sym, err := qr.EncodeText(tc.text, qr.Medium)
			if err != nil {
				t.Fatal(err)
			}
			n := sym.Size()
			if tc.size != 0 && n != tc.size {
				t.Errorf("symbol of %d modules, want %d", n, tc.size)
			}
			if c.Size != n+2*Quiet {
				t.Fatalf("Size = %d for a symbol of %d modules, want %d", c.Size, n, n+2*Quiet)
			}
			m := paint(t, c)
			for y := range c.Size {
				for x := range c.Size {
					in := x >= Quiet && y >= Quiet && x < Quiet+n && y < Quiet+n
					want := in && sym.Module(x-Quiet, y-Quiet)
					if m[y][x] != want {
						t.Fatalf("module (%d,%d) of the drawing is %v, the library's %v (quiet zone: %v)", x, y, m[y][x], want, !in)
					}
				}
			}
			// Round trip: four pixels a module, white where not painted.
			const px = 4
			img := image.NewGray(image.Rect(0, 0, c.Size*px, c.Size*px))
			for y := range c.Size * px {
				for x := range c.Size * px {
					v := uint8(255)
					if m[y/px][x/px] {
						v = 0
					}
					img.SetGray(x, y, color.Gray{Y: v})
				}
			}
			got, err := qr.Decode(img)
			if err != nil {
				t.Fatalf("decoding the drawing: %v", err)
			}
			if got != tc.text {
				t.Errorf("the drawing decodes to %q, want %q", got, tc.text)
			}
		})
	}
}

func TestEncodeTooLong(t *testing.T) {
	if c, err := Encode(strings.Repeat("x", 3000)); err == nil || c.Path != "" {
		t.Errorf("a 3000-byte text gave %d units and err %v, want an error", c.Size, err)
	}
}
