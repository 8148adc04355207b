package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"bulletin/generator/build"
	"bulletin/generator/diag"
	"bulletin/generator/watch"
)

// TestServeHalfWrittenSave saves a notice in place the way many editors
// do: truncate, write the first part (the front matter not yet closed),
// then the rest a moment later. A rebuild that catches the file between
// the two writes must not show an error: no message in the terminal, no
// overlay, and the page ends up with the whole file.
func TestServeHalfWrittenSave(t *testing.T) {
	s := startServe(t)
	name := s.full("content/notices/extra-edit.md")
	good := s.read("content/notices/extra-edit.md")
	for round, counted := 1, 0; counted < 3; round++ {
		if round > 10 {
			t.Fatalf("the machine stalled in %d of %d saves", round-1-counted, round-1)
		}
		seen := len(s.stderr.String())
		full := good + fmt.Sprintf("\n第%d次保存的完整正文。\n", round)
		cut := strings.Index(full, "date:") // the closing --- is not written yet
		// The editor's pause between the two writes: long enough that the
		// watcher's batch (25ms of quiet) ends and a rebuild reads the
		// first part, and well within the retry's 100ms.
		gap := saveInTwoParts(t, name, full[:cut], full[cut:], 40*time.Millisecond)
		s.waitPage("/notices/extra-edit/", 200, fmt.Sprintf("第%d次保存的完整正文", round))
		// The terminal and the overlay are told together, before the
		// next build starts: once the page is right, any error is here.
		errs := s.stderr.String()[seen:]
		switch {
		case errs == "":
			counted++
		case gap > 90*time.Millisecond:
			// The machine stalled between the two writes for longer than
			// the retry waits: the half file was there to see that long.
			t.Logf("round %d: %s between the two writes; not counted", round, gap)
		default:
			t.Fatalf("round %d: the half-written file was reported (%s between the writes):\n%s", round, gap, errs)
		}
	}
}

// TestServeBrokenSaveReported: a file that really is broken is reported
// after the retry, once, in the terminal and the overlay.
func TestServeBrokenSaveReported(t *testing.T) {
	s := startServe(t)
	good := s.read("content/notices/extra-edit.md")
	s.write("content/notices/extra-edit.md", good[:strings.Index(good, "date:")])
	s.waitOutput(&s.stderr, "content/notices/extra-edit.md:1:1: front matter is not closed")
	body := s.waitPage("/notices/extra-edit/", 200, `id="bulletin-error"`)
	if !strings.Contains(body, "front matter is not closed") {
		t.Errorf("the overlay lacks the message:\n%s", body)
	}
	if n := strings.Count(s.stderr.String(), "build failed"); n != 1 {
		t.Errorf("the failure was reported %d times, want once:\n%s", n, s.stderr.String())
	}
}

// saveInTwoParts truncates the file and writes first, then, after gap,
// rest, as an editor saving in place does. It returns how long the file
// really was incomplete.
func saveInTwoParts(t *testing.T, name, first, rest string, gap time.Duration) time.Duration {
	t.Helper()
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(first); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	time.Sleep(gap)
	if _, err := f.WriteString(rest); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}

// TestRebuildRetries holds the retry's rules with a stand-in for the
// builder: which builds are retried, with which paths, and what is
// reported.
func TestRebuildRetries(t *testing.T) {
	source := t.TempDir()
	failed := func(files ...string) *build.Result {
		res := &build.Result{Failed: true}
		for _, f := range files {
			res.Diagnostics = append(res.Diagnostics, &diag.Diagnostic{File: f, Line: 1, Col: 1, Err: errors.New("front matter is not closed")})
		}
		return res
	}
	ok := &build.Result{}
	batch := watch.Batch{Changes: []watch.Change{{Path: filepath.Join(source, "content", "notices", "b.md"), Op: watch.Modified}}}
	tests := []struct {
		name    string
		changed []string
		results []*build.Result // what the builds return, in turn
		next    *watch.Batch    // sent while the retry waits
		wait    time.Duration
		calls   [][]string // the paths of each build
		want    *build.Result
	}{
		{
			name:    "the rest of the file arrives as the next batch",
			changed: []string{"content/notices/a.md"},
			results: []*build.Result{failed("content/notices/a.md"), ok},
			next:    &batch,
			wait:    time.Hour,
			calls:   [][]string{{"content/notices/a.md"}, {"content/notices/a.md", "content/notices/b.md"}},
			want:    ok,
		},
		{
			name:    "no event: read again after the wait",
			changed: []string{"content/notices/a.md"},
			results: []*build.Result{failed("content/notices/a.md"), ok},
			wait:    time.Millisecond,
			calls:   [][]string{{"content/notices/a.md"}, {"content/notices/a.md"}},
			want:    ok,
		},
		{
			name:    "really broken: reported after one retry",
			changed: []string{"content/notices/a.md"},
			results: []*build.Result{failed("content/notices/a.md"), failed("content/notices/a.md"), ok},
			wait:    time.Millisecond,
			calls:   [][]string{{"content/notices/a.md"}, {"content/notices/a.md"}},
			want:    failed("content/notices/a.md"),
		},
		{
			name:    "a folder above a changed file",
			changed: []string{"content/notices/a.md"},
			results: []*build.Result{failed("content"), ok},
			wait:    time.Millisecond,
			calls:   [][]string{{"content/notices/a.md"}, {"content/notices/a.md"}},
			want:    ok,
		},
		{
			name:    "broken elsewhere: no retry",
			changed: []string{"content/notices/a.md"},
			results: []*build.Result{failed("content/notices/c.md"), ok},
			wait:    time.Millisecond,
			calls:   [][]string{{"content/notices/a.md"}},
			want:    failed("content/notices/c.md"),
		},
		{
			name:    "a good build",
			changed: []string{"config.yaml"},
			results: []*build.Result{ok, ok},
			wait:    time.Hour,
			calls:   [][]string{{"config.yaml"}},
			want:    ok,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls [][]string
			fake := func(changed []string) *build.Result {
				calls = append(calls, changed)
				return tt.results[len(calls)-1]
			}
			next := make(chan watch.Batch, 1)
			if tt.next != nil {
				next <- *tt.next
			}
			res, _ := rebuild(context.Background(), fake, tt.changed, next, source, tt.wait)
			if !reflect.DeepEqual(calls, tt.calls) {
				t.Errorf("builds %v, want %v", calls, tt.calls)
			}
			if !reflect.DeepEqual(res, tt.want) {
				t.Errorf("reported %+v, want %+v", res, tt.want)
			}
		})
	}
}
