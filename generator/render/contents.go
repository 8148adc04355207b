package render

import (
	"bulletin/generator/markdown"
	"bulletin/generator/site"
)

// ContentsMin is how many headings (h2 and h3) a notice or policy needs
// before its page gets a contents list: a short notice reads faster
// without one.
const ContentsMin = 4

// ContentsEntry is one h2 of a body in its contents list, with the h3s
// under it. An h3 before the first h2 is an entry of its own.
type ContentsEntry struct {
	markdown.Heading
	Sub []markdown.Heading
}

// contents returns the contents list of a notice or policy page: its h2
// and h3 headings, nested, linking their IDs (which package markdown keeps
// unique and deterministic, Chinese characters included). Nil for other
// pages and for bodies with fewer than ContentsMin such headings.
func contents(p *site.Page) []ContentsEntry {
	if p == nil || !(p.IsNotice || p.IsPolicy || p.IsNews) {
		return nil
	}
	n := 0
	for _, h := range p.Headings {
		if h.Level == 2 || h.Level == 3 {
			n++
		}
	}
	if n < ContentsMin {
		return nil
	}
	var out []ContentsEntry
	for _, h := range p.Headings {
		switch {
		case h.Level == 2, h.Level == 3 && len(out) == 0:
			out = append(out, ContentsEntry{Heading: h})
		case h.Level == 3:
			last := &out[len(out)-1]
			last.Sub = append(last.Sub, h)
		}
	}
	return out
}
