package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bulletin/generator/build"
	"bulletin/generator/corpus"
)

// TestProgressLine draws the progress line of a real build of the 300-
// notice corpus, redrawn every millisecond from the start: it names the
// steps, counts the pages written against their total, and is erased at
// the end, so the summary that follows starts on a clean line.
func TestProgressLine(t *testing.T) {
	var out bytes.Buffer
	p := &build.Progress{}
	stop := showProgress(&out, p, 0, time.Millisecond)
	res := build.Run(build.Options{
		Site:     corpus.Generate(corpus.Options{Notices: 300, Seed: 1}),
		Theme:    os.DirFS("../../templates"),
		Dest:     filepath.Join(t.TempDir(), "public"),
		Now:      corpus.Now,
		Progress: p,
	})
	stop()
	if res.Failed {
		t.Fatalf("build failed: %v", res.Diagnostics)
	}
	text := out.String()
	if !strings.HasSuffix(text, "\r\033[K") {
		t.Errorf("the progress line is not erased at the end: %q", tail(text))
	}
	if !strings.Contains(text, "bulletin: "+build.StepRender+" ") {
		t.Fatalf("no progress line for %q in %q", build.StepRender, tail(text))
	}
	// Until render has planned its documents the step shows without a
	// count ("rendering …"); after that every line counts against the
	// total.
	var last string
	for _, line := range strings.Split(text, "\r\033[K") {
		if rest, ok := strings.CutPrefix(line, "bulletin: "+build.StepRender+" "); ok {
			switch {
			case strings.Contains(rest, " of "):
				last = rest
			case rest != "…" || last != "":
				t.Errorf("a rendering line neither counts nor waits for the plan: %q", line)
			}
		}
	}
	if last == "" {
		t.Errorf("no rendering line counted the documents against their total: %q", tail(text))
	}
	if step, _, _ := p.Read(); step != build.StepExtras {
		t.Errorf("the last step was %q, want %q", step, build.StepExtras)
	}
	t.Logf("last count seen: %s", last)
}

// TestProgressQuietWhenShort: a build done before the delay draws
// nothing, so small sites print only their summary.
func TestProgressQuietWhenShort(t *testing.T) {
	var out bytes.Buffer
	stop := showProgress(&out, &build.Progress{}, time.Hour, time.Millisecond)
	stop()
	if out.Len() != 0 {
		t.Errorf("a stop before the delay wrote %q", out.String())
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 21029: "21,029", 1234567: "1,234,567", -1000: "-1,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

func tail(s string) string {
	if len(s) > 300 {
		return "…" + s[len(s)-300:]
	}
	return s
}
