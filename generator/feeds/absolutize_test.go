package feeds

import (
	"html"
	"net/url"
	"regexp"
	"testing"
)

var absolutizeCases = []string{
	"",
	`<p>no links</p>`,
	`<a href="/notices/a/">a</a> <img src="b.png" alt="x"> <a href="https://other.example/">c</a>`,
	`<a href="#fn:1">1</a><a href="?q=1&amp;r=2">q</a><a href="//cdn.example/x">cdn</a>`,
	`<a title=" href="x">title hides a link</a>`,
	`<a	href="tab.pdf">tab</a><a` + "\n" + `src="nl.png"><a` + "\v" + `href="vt">`,
	`<a xhref="no">x</a><a href ="no">x</a><a HREF="no">x</a><a data-src="no">`,
	`<a href="a="b"c">`, `<a href="unterminated`, `<a href="">empty</a>`, `href="start"`,
	`<a href="%zz">bad escape</a><a href="../up/下载.pdf">down</a><a href="mailto:a@b">m</a>`,
	` src="one" src="two"`, ` href=""" href="x"`,
}

// TestAbsolutizeLikeRegexp holds the scan to the regular expression it
// replaced.
func TestAbsolutizeLikeRegexp(t *testing.T) {
	for _, body := range absolutizeCases {
		checkAbsolutize(t, body)
	}
}

func FuzzAbsolutize(f *testing.F) {
	for _, body := range absolutizeCases {
		f.Add(body)
	}
	f.Fuzz(checkAbsolutize)
}

func checkAbsolutize(t *testing.T, body string) {
	const page = "https://x.example/notices/2021-02-05-a/"
	if got, want := absolutize(body, page), absolutizeRegexp(body, page); got != want {
		t.Errorf("absolutize(%q):\n got %q\nwant %q", body, got, want)
	}
}

var linkAttr = regexp.MustCompile(`(\s(?:href|src)=")([^"]*)"`)

// absolutizeRegexp is how absolutize was written before.
func absolutizeRegexp(body, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return body
	}
	return linkAttr.ReplaceAllStringFunc(body, func(m string) string {
		parts := linkAttr.FindStringSubmatch(m)
		ref, err := url.Parse(html.UnescapeString(parts[2]))
		if err != nil || ref.IsAbs() || ref.Host != "" {
			return m
		}
		return parts[1] + html.EscapeString(base.ResolveReference(ref).String()) + `"`
	})
}
