package cli

import (
	"fmt"

	"bulletin/generator/build"
	"bulletin/generator/check"
	"bulletin/generator/diag"
)

// runCheck is `bulletin check`: everything the build validates, with the
// whole site rendered in memory (so template errors and the links the theme
// writes are checked too), plus the findings of package check. It writes
// nothing.
func runCheck(env Env, args []string) int {
	b, code, ok := parseBuildFlags(env, "check", args, nil)
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
	res := build.Run(opt)

	var l diag.List
	for _, d := range res.Diagnostics {
		l.Add(d)
	}
	if res.Site != nil {
		for _, d := range check.Run(res.Site, check.Options{Output: out}) {
			l.Add(d)
		}
	}
	res.Diagnostics = l.Items()
	res.Failed = l.Failed(b.strict)
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
		fmt.Fprintf(summary, "checked %d pages: %s (--strict fails on warnings)\n", res.Pages, plural(errs, warns))
	default:
		fmt.Fprintf(summary, "checked %d pages: no problems\n", res.Pages)
	}
	return ExitOK
}
