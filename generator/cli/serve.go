package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"syscall"
	"time"

	"bulletin/generator/build"
	"bulletin/generator/config"
	"bulletin/generator/content"
	"bulletin/generator/diag"
	"bulletin/generator/render"
	"bulletin/generator/server"
	"bulletin/generator/watch"
)

// runServe is `bulletin serve`: build, serve on loopback, rebuild on change.
func runServe(env Env, args []string) int {
	var bind string
	var port int
	var poll time.Duration
	b, code, ok := parseBuildFlags(env, "serve", args, func(fs *flag.FlagSet) {
		fs.StringVar(&bind, "bind", "127.0.0.1", "the address to listen on (loopback unless told otherwise)")
		fs.IntVar(&port, "port", 1313, "the port to listen on; the next free one is used when it is busy")
		fs.DurationVar(&poll, "poll", 0, "poll for changes at this interval instead of file-system events (e.g. 1s, for network and container file systems)")
	})
	if !ok {
		return code
	}
	opt, site, err := b.options(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin serve: %v\n", err)
		return ExitError
	}
	defer site.Close()
	ln, err := listen(bind, port, env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin serve: %s\n", diag.Printable(err.Error()))
		return ExitError
	}
	srv := server.New(opt.Dest, server.Bind(bind))
	httpSrv := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	ctx, stop := signalContext(env)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- httpSrv.Serve(ln) }()
	fmt.Fprintf(env.Stdout, "serving %s at http://%s/ (Ctrl-C to stop)\n", diag.Printable(opt.Dest), ln.Addr())
	code = rebuildLoop(ctx, env, b, opt, site, poll, srv)
	srv.Close() // end the pages' event streams, or Shutdown waits for them
	shutdown, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	_ = httpSrv.Shutdown(shutdown)
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(env.Stderr, "bulletin serve: %v\n", err)
		return ExitError
	}
	return code
}

// runWatch is `bulletin watch`: rebuild --dest on change, no server.
func runWatch(env Env, args []string) int {
	var poll time.Duration
	b, code, ok := parseBuildFlags(env, "watch", args, func(fs *flag.FlagSet) {
		fs.DurationVar(&poll, "poll", 0, "poll for changes at this interval instead of file-system events")
	})
	if !ok {
		return code
	}
	opt, site, err := b.options(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin watch: %v\n", err)
		return ExitError
	}
	defer site.Close()
	ctx, stop := signalContext(env)
	defer stop()
	return rebuildLoop(ctx, env, b, opt, site, poll, nil)
}

// signalContext ends on Ctrl-C or SIGTERM, or when env.Context ends.
func signalContext(env Env) (context.Context, context.CancelFunc) {
	parent := env.Context
	if parent == nil {
		parent = context.Background()
	}
	return signal.NotifyContext(parent, os.Interrupt, syscall.SIGTERM)
}

// listen opens bind:port, or the next free port when it is busy, saying so.
func listen(bind string, port int, env Env) (net.Listener, error) {
	var firstErr error
	for p := port; p < port+20 && p <= 65535; p++ {
		ln, err := net.Listen("tcp", net.JoinHostPort(bind, fmt.Sprint(p)))
		if err == nil {
			if p != port {
				fmt.Fprintf(env.Stdout, "port %d is busy; using %d instead\n", port, p)
			}
			return ln, nil
		}
		if firstErr == nil {
			firstErr = err
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			break
		}
	}
	return nil, fmt.Errorf("cannot listen on %s port %d: %v (choose another with --port)", bind, port, firstErr)
}

// debounce is the quiet time that ends a batch of changes while editing:
// long enough to take an editor's save (temporary file, rename, backup) as
// one change, short enough that a saved notice is in the browser within a
// blink. A burst such as a git checkout keeps extending the batch.
const debounce = 25 * time.Millisecond

// rebuildLoop builds once, then rebuilds on every batch of changes until
// ctx ends. srv, when set, is told about every build.
func rebuildLoop(ctx context.Context, env Env, b *buildFlags, opt build.Options, site *siteRoot, poll time.Duration, srv *server.Server) int {
	// A rebuild returns once the pages are written; the search index
	// follows a moment later (seconds on a large site).
	opt.IndexInBackground = true
	stopProgress := b.progress(env, &opt) // the first build of a large site takes a while
	builder := build.NewBuilder(opt)
	defer builder.WaitIndex()
	start := env.Clock()
	res := builder.Rebuild(nil)
	stopProgress()
	// Each rebuild opens the site folder anew (see siteRoot); one that is
	// not the folder of the last build is read whole.
	reread := func(changed []string) *build.Result {
		if site.reopen() {
			changed = nil
		}
		return builder.Rebuild(changed)
	}
	announce(env, b, res, env.Clock().Sub(start), nil, srv, opt.Dest)

	// templates/ is watched even before it exists: a site may start
	// overriding the theme while serve runs.
	roots := []string{filepath.Join(b.source, content.Dir), filepath.Join(b.source, config.FileName), filepath.Join(b.source, render.ThemeDir)}
	w, err := watch.New(watch.Options{Roots: roots, Poll: poll, Debounce: debounce})
	var limit *watch.LimitError
	if errors.As(err, &limit) && poll == 0 {
		fmt.Fprintf(env.Stderr, "bulletin: %s\nfalling back to polling every second\n", diag.Printable(err.Error()))
		poll = time.Second
		w, err = watch.New(watch.Options{Roots: roots, Poll: poll, Debounce: debounce})
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin: %s\n", diag.Printable(err.Error()))
		return ExitError
	}
	defer w.Close()
	if !b.quiet {
		how := "file-system events"
		if poll > 0 {
			how = fmt.Sprintf("polling every %s", poll)
		}
		fmt.Fprintf(env.Stdout, "watching %s for changes (%s)\n", diag.Printable(strings.Join(roots, ", ")), how)
	}
	for {
		select {
		case <-ctx.Done():
			if !b.quiet {
				fmt.Fprintln(env.Stdout, "stopped")
			}
			return ExitOK
		case err, ok := <-w.Errors():
			if ok { // watch errors name files of the site: printed like diagnostics
				fmt.Fprintf(env.Stderr, "bulletin: %s\n", diag.Printable(err.Error()))
			}
		case batch, ok := <-w.Batches():
			if !ok {
				return ExitOK
			}
			changed := sitePaths(b.source, batch)
			if len(changed) == 0 {
				continue
			}
			start := env.Clock()
			res, changed := rebuild(ctx, reread, changed, w.Batches(), b.source, settleRetry)
			announce(env, b, res, env.Clock().Sub(start), changed, srv, opt.Dest)
		}
	}
}

// settleRetry is how long a rebuild that failed on a file of its own batch
// waits before reading again. Editors that save in place truncate the file
// and then write it, and a batch may end in between; the rest of the file
// lands within milliseconds, so a tenth of a second covers it, and a real
// mistake shows that much later, which nobody notices.
const settleRetry = 100 * time.Millisecond

// rebuild builds the changed paths. When the build fails on one of them
// (or on the folder holding one), it may have read a file still being
// written: rather than flash an error, it waits for the next batch or for
// wait, whichever comes first, and builds once more with the paths of both.
// What that second build says is reported, even if it fails again. It
// returns the result to report and the paths it covers.
func rebuild(ctx context.Context, build func([]string) *build.Result, changed []string, next <-chan watch.Batch, source string, wait time.Duration) (*build.Result, []string) {
	res := build(changed)
	if !res.Failed || !failedOn(res, changed) {
		return res, changed
	}
	timer := time.NewTimer(wait)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return res, changed
	case batch, ok := <-next:
		if ok {
			changed = union(changed, sitePaths(source, batch))
		}
	case <-timer.C:
	}
	return build(changed), changed
}

// failedOn reports whether a failed build has a problem in one of the
// changed paths, or in a folder above one.
func failedOn(res *build.Result, changed []string) bool {
	for _, d := range res.Diagnostics {
		for _, c := range changed {
			if d.File != "" && (c == d.File || strings.HasPrefix(c, d.File+"/")) {
				return true
			}
		}
	}
	return false
}

// union merges two sorted path lists.
func union(a, b []string) []string {
	out := append(append([]string(nil), a...), b...)
	sort.Strings(out)
	return slices.Compact(out)
}

// sitePaths turns a batch's file paths into slash paths relative to the
// site folder, as the builder wants them.
func sitePaths(source string, batch watch.Batch) []string {
	abs, _ := filepath.Abs(source)
	var out []string
	for _, c := range batch.Changes {
		p, _ := filepath.Abs(c.Path)
		rel, err := filepath.Rel(abs, p)
		if err != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		out = append(out, filepath.ToSlash(rel))
	}
	sort.Strings(out)
	return out
}

// announce prints a build's outcome and tells the server. Diagnostics and
// the changed files' names are Printable: they come from the site.
func announce(env Env, b *buildFlags, res *build.Result, took time.Duration, changed []string, srv *server.Server, dest string) {
	reportDiagnostics(env, b, res)
	var messages []string
	if res.Failed {
		for _, d := range res.Diagnostics {
			messages = append(messages, d.Error())
		}
		errs, warns := diag.Count(res.Diagnostics)
		fmt.Fprintf(env.Stderr, "build failed: %s; still serving the last good site\n", plural(errs, warns))
	} else if !b.quiet {
		printURLChanges(env.Stdout, res.URLChanges)
		what := "built"
		if changed != nil {
			what = "rebuilt (" + diag.Printable(strings.Join(abbreviate(changed, 3), ", ")) + ")"
		}
		fmt.Fprintf(env.Stdout, "%s in %s: %d pages, %d files written, %d removed → %s\n", what, took.Round(time.Millisecond), res.Pages, res.Files, res.Removed, diag.Printable(dest))
	}
	if srv != nil {
		srv.Built(messages)
	}
}

func abbreviate(list []string, n int) []string {
	if len(list) <= n {
		return list
	}
	return append(append([]string(nil), list[:n]...), fmt.Sprintf("and %d more", len(list)-n))
}
