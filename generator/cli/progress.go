package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"bulletin/generator/build"
)

// progressDelay is how long a build runs before its progress line shows:
// a small site is built before anyone would read it.
const progressDelay = time.Second

// progressEvery is how often the progress line is redrawn.
const progressEvery = 200 * time.Millisecond

// progress gives opt a Progress and draws it on standard error while the
// build runs, when that is a terminal and --quiet is not set; stop ends
// the line. Elsewhere it does nothing.
func (b *buildFlags) progress(env Env, opt *build.Options) (stop func()) {
	if b.quiet || !isTerminal(env.Stderr) {
		return func() {}
	}
	opt.Progress = &build.Progress{}
	return showProgress(env.Stderr, opt.Progress, progressDelay, progressEvery)
}

// isTerminal reports whether w is a terminal, where a line redrawn in
// place reads as progress (in a CI log or a file it would be noise).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// showProgress draws p's step and count on one line of w, redrawn in
// place every interval from delay on, until the returned stop is called;
// stop erases the line if one was drawn and returns once nothing more is
// written.
func showProgress(w io.Writer, p *build.Progress, delay, every time.Duration) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		drawn := false
		defer func() {
			if drawn {
				fmt.Fprint(w, "\r\033[K")
			}
		}()
		select {
		case <-done:
			return
		case <-time.After(delay):
		}
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			if line := progressText(p); line != "" {
				fmt.Fprintf(w, "\r\033[K%s", line)
				drawn = true
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	})
	return func() {
		close(done)
		wg.Wait()
	}
}

// progressText is the progress line for where p is: "bulletin: rendering
// 8,123 of 21,029", or without the count for a step that does not count;
// "" before the first step.
func progressText(p *build.Progress) string {
	step, done, total := p.Read()
	switch {
	case step == "":
		return ""
	case total > 0:
		return fmt.Sprintf("bulletin: %s %s of %s", step, thousands(done), thousands(total))
	}
	return "bulletin: " + step + " …"
}

// thousands writes n with a comma every three digits.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
