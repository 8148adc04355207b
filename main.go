// Command bulletin is a static-site generator for public notices.
//
// This file only embeds the default theme and hands over to the command
// line in generator/cli; everything else lives under generator/.
package main

import (
	"embed"
	"fmt"
	"io/fs"
	"os"
	"runtime/pprof"
	_ "time/tzdata" // the site's time zone must load on machines without zoneinfo

	"bulletin/generator/cli"
)

//go:embed templates
var templates embed.FS

func main() {
	theme, err := fs.Sub(templates, "templates")
	if err != nil {
		panic(err)
	}
	stop := profile(os.Getenv("BULLETIN_CPUPROFILE"))
	code := cli.Main(cli.Env{Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr, Theme: theme})
	stop()
	os.Exit(code)
}

// profile writes a CPU profile of the whole run to path when it is set
// (BULLETIN_CPUPROFILE=cpu.out bulletin build), for `go tool pprof`.
func profile(path string) (stop func()) {
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "BULLETIN_CPUPROFILE: %v\n", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "BULLETIN_CPUPROFILE: %v\n", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
