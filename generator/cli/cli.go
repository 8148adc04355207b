// Package cli is bulletin's command line: it parses arguments, runs the
// build and prints diagnostics and a summary. Exit status: 0 success, 1
// content or build errors, 2 wrong usage.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"bulletin/generator/build"
	"bulletin/generator/config"
	"bulletin/generator/diag"
	sitegraph "bulletin/generator/site" // site is the name of a folder here
	"bulletin/generator/urls"
)

// Version is the program version, set at link time with
// -ldflags "-X bulletin/generator/cli.Version=…".
var Version = "dev"

// Exit statuses.
const (
	ExitOK    = 0
	ExitError = 1
	ExitUsage = 2
)

// Env is what a command may touch: its arguments, output streams,
// environment and the embedded theme.
type Env struct {
	Args   []string
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Theme  fs.FS
	// Clock returns the wall-clock time; only timing and the default
	// "now" use it.
	Clock func() time.Time
	// Context, when set, ends serve and watch when it is done (tests use
	// it); otherwise they run until Ctrl-C or SIGTERM.
	Context context.Context
}

const usage = `bulletin — a static-site generator for public notices

Usage:
  bulletin build   [flags]   build the site into public/
  bulletin serve   [flags]   build, serve on http://127.0.0.1:1313/ and rebuild on change
                  [--bind ADDR] [--port N] [--poll DURATION]
  bulletin watch   [flags]   rebuild the output folder on change, without a server
                  [--poll DURATION]
  bulletin check   [flags]   validate everything, also links, duplicates and dates; write nothing
  bulletin new     notice|policy|news|page TITLE [--department D] [--category C]
                             write a new draft into the section of that kind
                  [--section KEY] [--source DIR] [--now TIME]
  bulletin init    DIR [--theme]  create a new site folder (--theme: copy the theme to customise)
  bulletin version           print the version

Build flags:
  --source DIR      the site folder (default .)
  --dest DIR        the output folder (default public, inside the source)
  --drafts          include status: draft pages
  --future          include pages dated in the future
  --base-url URL    override base_url from config.yaml
  --now TIME        the time lifecycle states are computed against
                    (default $SOURCE_DATE_EPOCH, else the clock)
  --strict          warnings fail the build
  --quiet           print only problems
  --format FORMAT   diagnostics as text or json (default text)
  --accept-url-changes
                    let published page URLs change or vanish (otherwise an
                    error unless an alias keeps the old URL)
  --urls-from FILE  the last build's page URLs to compare with (default
                    ` + urls.FileName + ` in the output folder)
`

// Main runs the command line and returns the exit status.
func Main(env Env) int {
	if env.Getenv == nil {
		env.Getenv = os.Getenv
	}
	if env.Clock == nil {
		env.Clock = time.Now
	}
	if len(env.Args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitUsage
	}
	defer profile(env, env.Getenv("BULLETIN_CPUPROFILE"))()
	cmd, args := env.Args[0], env.Args[1:]
	switch cmd {
	case "build":
		return runBuild(env, args)
	case "serve":
		return runServe(env, args)
	case "watch":
		return runWatch(env, args)
	case "check":
		return runCheck(env, args)
	case "new":
		return runNew(env, args)
	case "init":
		return runInit(env, args)
	case "version", "--version":
		fmt.Fprintf(env.Stdout, "bulletin %s\n", Version)
		return ExitOK
	case "help", "-h", "--help":
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(env.Stderr, "bulletin: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

// buildFlags are the flags shared by build and the commands built on it.
type buildFlags struct {
	source, dest, baseURL, now, format string
	drafts, future, strict, quiet      bool
	baseURLSet                         bool // --base-url given, even as ""
	acceptURLChanges                   bool
	urlsFrom                           string
}

func (b *buildFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.source, "source", ".", "the site folder")
	fs.StringVar(&b.dest, "dest", "", "the output folder (default public inside the source)")
	fs.BoolVar(&b.drafts, "drafts", false, "include drafts")
	fs.BoolVar(&b.future, "future", false, "include pages dated in the future")
	fs.Func("base-url", "override base_url", func(s string) error {
		b.baseURL, b.baseURLSet = s, true
		return nil
	})
	fs.StringVar(&b.now, "now", "", "the time lifecycle states are computed against")
	fs.BoolVar(&b.strict, "strict", false, "warnings fail the build")
	fs.BoolVar(&b.quiet, "quiet", false, "print only problems")
	fs.StringVar(&b.format, "format", "text", "diagnostics as text or json")
	fs.BoolVar(&b.acceptURLChanges, "accept-url-changes", false, "let published page URLs change or vanish")
	fs.StringVar(&b.urlsFrom, "urls-from", "", "compare page URLs with this list (default: "+urls.FileName+" in --dest)")
}

// options opens the site folder and describes the build; done closes the
// folder again. The site is read through an os.Root, which refuses every
// path that leads out of the folder, symbolic links included, so a link
// added to content/ or templates/ cannot publish a file from elsewhere on
// the machine (CI secrets, /etc).
func (b *buildFlags) options(env Env) (opt build.Options, site *siteRoot, err error) {
	dest := b.dest
	if dest == "" {
		dest = filepath.Join(b.source, "public")
	}
	prev, err := b.previousURLs(dest)
	if err != nil {
		return build.Options{}, nil, err
	}
	site, err = openSite(b.source)
	if err != nil {
		return build.Options{}, nil, fmt.Errorf("--source %s: %w", b.source, err)
	}
	return build.Options{
		PreviousURLs:     prev,
		AcceptURLChanges: b.acceptURLChanges,
		Site:             site,
		SourceDir:        b.source,
		Dest:             dest,
		Theme:            env.Theme,
		Drafts:           b.drafts,
		Future:           b.future,
		BaseURL:          b.baseURL,
		Now:              b.now,
		Clock:            env.Clock,
		Strict:           b.strict,
	}, site, nil
}

// previousURLs reads the page URLs of the last build: --urls-from, else
// the list in the output folder, if there is one.
func (b *buildFlags) previousURLs(dest string) (*urls.Manifest, error) {
	name := b.urlsFrom
	if name == "" {
		name = filepath.Join(dest, urls.FileName)
	}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) && b.urlsFrom == "" {
		return nil, nil // a first build
	}
	if err != nil {
		return nil, fmt.Errorf("reading the last build's page URLs: %w", err)
	}
	return urls.Decode(diag.Printable(name), data)
}

// parse parses flags, printing usage problems to stderr. ok is false when
// the command should exit with status code.
func parse(env Env, fs *flag.FlagSet, args []string) (code int, ok bool) {
	fs.SetOutput(env.Stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK, false
		}
		return ExitUsage, false
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(env.Stderr, "bulletin %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return ExitUsage, false
	}
	return 0, true
}

// validate checks flag values that the flag package cannot.
func (b *buildFlags) validate(env Env, cmd string) (code int, ok bool) {
	if b.format != "text" && b.format != "json" {
		fmt.Fprintf(env.Stderr, "bulletin %s: --format must be text or json, not %q\n", cmd, b.format)
		return ExitUsage, false
	}
	// The same rule as base_url in config.yaml. An empty --base-url is
	// refused too: it is usually an unset variable in a CI script, and
	// silently building with config.yaml's address would publish links to
	// the wrong host.
	if b.baseURLSet {
		if err := config.CheckBaseURL(b.baseURL); err != nil {
			fmt.Fprintf(env.Stderr, "bulletin %s: --base-url %v\n", cmd, err)
			return ExitUsage, false
		}
	}
	if info, err := os.Stat(b.source); err != nil || !info.IsDir() {
		fmt.Fprintf(env.Stderr, "bulletin %s: --source %s is not a folder\n", cmd, diag.Printable(b.source))
		return ExitUsage, false
	}
	// SOURCE_DATE_EPOCH comes from env, not the process, like everything
	// a command reads; it stands in for a missing --now.
	if epoch := env.Getenv("SOURCE_DATE_EPOCH"); b.now == "" && epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil {
			fmt.Fprintf(env.Stderr, "bulletin %s: SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970\n", cmd, epoch)
			return ExitUsage, false
		}
		b.now = time.Unix(sec, 0).UTC().Format(time.RFC3339)
	}
	return 0, true
}

// parseBuildFlags parses the flags of a command built on the build: the
// build flags, plus those more registers. ok is false when the command
// should exit with code.
func parseBuildFlags(env Env, name string, args []string, more func(*flag.FlagSet)) (b *buildFlags, code int, ok bool) {
	b = &buildFlags{}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	b.register(fs)
	if more != nil {
		more(fs)
	}
	if code, ok := parse(env, fs, args); !ok {
		return nil, code, false
	}
	if code, ok := b.validate(env, name); !ok {
		return nil, code, false
	}
	return b, 0, true
}

func runBuild(env Env, args []string) int {
	b, code, ok := parseBuildFlags(env, "build", args, nil)
	if !ok {
		return code
	}
	pace := prepareMemory(env)
	start := env.Clock()
	opt, site, err := b.options(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin build: %v\n", err)
		return ExitError
	}
	defer site.Close()
	opt.Step = pace
	stopProgress := b.progress(env, &opt)
	res := build.Run(opt)
	stopProgress()
	elapsed := env.Clock().Sub(start)
	reportDiagnostics(env, b, res)
	if res.Failed {
		errs, warns := diag.Count(res.Diagnostics)
		fmt.Fprintf(env.Stderr, "build failed: %s; the previous output in %s is unchanged\n", plural(errs, warns), diag.Printable(opt.Dest))
		return ExitError
	}
	summary := env.Stdout
	if b.format == "json" {
		summary = env.Stderr // keep stdout one JSON document
	}
	// File names are printed through diag.Printable, like diagnostics:
	// they come from the site, and must not drive the terminal or start
	// workflow commands in a CI log.
	if !b.quiet {
		printURLChanges(summary, res.URLChanges)
		// When to rebuild: a line each, and again on the last line, for
		// a CI log read from its end.
		var next []string
		if f := res.Site.NextScheduled; f != nil {
			at := f.Front.Date.Format("2006-01-02 15:04 -0700")
			fmt.Fprintf(summary, "next scheduled: %s publishes at %s; rebuild then\n", diag.Printable(f.SourcePath()), at)
			next = append(next, "next publication "+at)
		}
		if p := res.Site.NextExpiry; p != nil {
			at := expiryTime(p.Front.Expires)
			fmt.Fprintf(summary, "next expiry: %s expires at %s; rebuild then\n", diag.Printable(p.File.SourcePath()), at)
			next = append(next, "next expiry "+at)
		}
		when := ""
		if len(next) > 0 {
			when = "; " + strings.Join(next, ", ")
		}
		fmt.Fprintf(summary, "built %d pages (%d files) into %s in %s%s\n", res.Pages, res.Files, diag.Printable(opt.Dest), elapsed.Round(time.Millisecond), when)
	}
	return ExitOK
}

// printURLChanges lists the published URLs a build let go
// (--accept-url-changes).
func printURLChanges(w io.Writer, changes []urls.Change) {
	for _, c := range changes {
		fmt.Fprintf(w, "accepted URL change: %s\n", diag.Printable(c.String()))
	}
}

// expiryTime says when an expires date takes effect: at the end of its
// day when it has no time of day (it is the last day in force), else at
// its time.
func expiryTime(t time.Time) string {
	if sitegraph.ExpiresAt(t).Equal(t) {
		return t.Format("2006-01-02 15:04 -0700")
	}
	return "the end of " + t.Format("2006-01-02 -0700")
}

// reportDiagnostics prints the diagnostics in the chosen format; under GitHub Actions
// text diagnostics also become workflow annotations.
func reportDiagnostics(env Env, b *buildFlags, res *build.Result) {
	if b.format == "json" {
		_ = diag.WriteJSON(env.Stdout, res.Diagnostics)
		return
	}
	diag.WriteText(env.Stderr, res.Diagnostics, env.Getenv("GITHUB_ACTIONS") == "true")
}

func plural(errs, warns int) string {
	var parts []string
	if errs > 0 || warns == 0 {
		parts = append(parts, fmt.Sprintf("%d error%s", errs, s(errs)))
	}
	if warns > 0 {
		parts = append(parts, fmt.Sprintf("%d warning%s", warns, s(warns)))
	}
	return strings.Join(parts, ", ")
}

func s(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// profile writes a CPU profile of the whole command to path when it is
// set (BULLETIN_CPUPROFILE=cpu.out bulletin build), for go tool pprof.
func profile(env Env, path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(env.Stderr, "BULLETIN_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(env.Stderr, "BULLETIN_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
