package cli

import (
	"flag"
	"fmt"
	"strconv"
	"strings"

	"bulletin/generator/build"
	"bulletin/generator/check"
	"bulletin/generator/diag"
)

// runCheck is `bulletin check`: everything the build validates, with the
// whole site rendered in memory (so template errors and the links the theme
// writes are checked too), plus the findings of package check. It writes
// nothing. It also lists, as notes after the findings, the notices that
// expire within --upcoming days.
func runCheck(env Env, args []string) int {
	upcoming := days(30)
	b, code, ok := parseBuildFlags(env, "check", args, func(fs *flag.FlagSet) {
		fs.Var(&upcoming, "upcoming", "list the notices expiring and consultations closing within `DAYS` days of --now, soonest first (0: none)")
	})
	if !ok {
		return code
	}
	opt, site, err := b.options(env)
	if err != nil {
		fmt.Fprintf(env.Stderr, "bulletin check: %v\n", err)
		return ExitError
	}
	defer site.Close()
	opt.Dest = "" // validate only; --dest is accepted so build and check share flags
	out := check.NewOutput()
	opt.Output = out
	stopProgress := b.progress(env, &opt)
	res := build.Run(opt)
	opt.Progress.Start(build.StepCheck, 0)

	var l diag.List
	for _, d := range res.Diagnostics {
		l.Add(d)
	}
	if res.Site != nil {
		for _, d := range check.Run(res.Site, check.Options{Output: out}) {
			l.Add(d)
		}
	}
	stopProgress()
	res.Diagnostics = l.Items()
	res.Failed = l.Failed(b.strict)
	// Notes follow the findings, in their own order (soonest first); they
	// are not problems, so --quiet leaves them out.
	var notes []*diag.Diagnostic
	if !b.quiet {
		notes = check.Upcoming(res.Site, int(upcoming))
		res.Diagnostics = append(res.Diagnostics, notes...)
	}
	reportDiagnostics(env, b, res)

	summary := env.Stdout
	if b.format == "json" {
		summary = env.Stderr // keep stdout one JSON document
	}
	errs, warns := diag.Count(res.Diagnostics)
	switch {
	case res.Failed:
		fmt.Fprintf(env.Stderr, "check failed: %s\n", plural(errs, warns))
		return ExitError
	case b.quiet:
	case warns > 0:
		fmt.Fprintf(summary, "checked %d pages: %s (--strict fails on warnings)%s\n", res.Pages, plural(errs, warns), expiring(notes, int(upcoming)))
	default:
		fmt.Fprintf(summary, "checked %d pages: no problems%s\n", res.Pages, expiring(notes, int(upcoming)))
	}
	return ExitOK
}

// expiring sums up the notes for the summary line.
func expiring(notes []*diag.Diagnostic, within int) string {
	if len(notes) == 0 {
		return ""
	}
	return fmt.Sprintf("; %d expiring within %d days", len(notes), within)
}

// days is a number of days on the command line: 30, or 30d.
type days int

func (d *days) String() string { return strconv.Itoa(int(*d)) }

func (d *days) Set(s string) error {
	n, err := strconv.Atoi(strings.TrimSuffix(s, "d"))
	if err != nil || n < 0 {
		return fmt.Errorf("want a number of days such as 30 or 30d")
	}
	*d = days(n)
	return nil
}
