package urls

import (
	"strings"
	"testing"
)

func TestEncodeDecode(t *testing.T) {
	for _, m := range []Manifest{
		{Version: version, Pages: []Entry{}},
		{Version: version, Pages: []Entry{{Source: "content/notices/a.md", URL: "/notices/a/"}, {Source: "content/notices/就地过年.md", URL: "/notices/%E5%B0%B1/"}}},
	} {
		data := m.Encode()
		got, err := Decode("x", data)
		if err != nil {
			t.Fatalf("%s: %v", data, err)
		}
		if len(got.Pages) != len(m.Pages) {
			t.Fatalf("%s: read back %d pages, want %d", data, len(got.Pages), len(m.Pages))
		}
		for i := range m.Pages {
			if got.Pages[i] != m.Pages[i] {
				t.Errorf("page %d read back as %v, want %v", i, got.Pages[i], m.Pages[i])
			}
		}
		lines := 4 // {, version, pages: [], }
		if len(m.Pages) > 0 {
			lines = 5 + len(m.Pages) // pages: [ and ] on lines of their own
		}
		if strings.Count(string(data), "\n") != lines {
			t.Errorf("not one page per line:\n%s", data)
		}
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"", "public/bulletin-urls.json: not a list of page URLs written by bulletin"},
		{"<html>", "not a list of page URLs"},
		{`{"version": 2, "pages": []}`, "in format 2, this bulletin reads format 1; delete it"},
		{`{"pages": []}`, "in format 0"},
		{`{"version": 1, "pages": [{"source": "content/a.md"}]}`, "page 1 has no source file or no URL"},
		{`{"version": 1, "pages": [{"source": "content/a.md", "url": "a/"}]}`, "page 1 has no source file or no URL starting with /"},
	} {
		_, err := Decode("public/bulletin-urls.json", []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Decode(%q) = %v, want an error containing %q", tc.data, err, tc.want)
		}
	}
}
