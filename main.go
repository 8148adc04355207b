// Command bulletin is a static-site generator for public notices.
//
// This file only embeds the default theme and hands over to the command
// line in generator/cli; everything else lives under generator/.
package main

import (
	"embed"
	"io/fs"
	"os"
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
	os.Exit(cli.Main(cli.Env{Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr, Theme: theme}))
}
