// Command gencorpus writes a generated bulletin site to a folder, for
// measuring the bulletin binary on a large site:
//
//	go run ./generator/corpus/cmd/gencorpus -n 10000 -out /tmp/c10k
//	go build -o /tmp/bulletin . && /usr/bin/time -v /tmp/bulletin build --source /tmp/c10k --dest /tmp/c10k-out --now 2021-12-31
//
// The folder must be empty or not exist yet. See package corpus for what a
// corpus holds.
package main

import (
	"flag"
	"fmt"
	"os"

	"bulletin/generator/corpus"
)

func main() {
	n := flag.Int("n", 10000, "number of notices")
	out := flag.String("out", "", "the folder to write the site into (required; must be empty or new)")
	seed := flag.Int64("seed", 1, "the corpus seed; the same seed gives the same files")
	english := flag.Float64("en", 0.2, "share of notices with an English translation, 0 to 1")
	policies := flag.Int("policies", -1, "number of policy documents (default n/20)")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *n < 0 || *english < 0 || *english > 1 {
		fmt.Fprintln(os.Stderr, "usage: gencorpus -out DIR [-n NOTICES] [-seed N] [-en SHARE] [-policies N]")
		flag.PrintDefaults()
		os.Exit(2)
	}
	if *policies < 0 {
		*policies = *n / 20
	}
	opt := corpus.Options{Notices: *n, Seed: *seed, EnglishShare: *english, Policies: *policies}
	if err := corpus.WriteDir(*out, opt); err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
	fmt.Printf("wrote %d files (%d notices, %d translations, %d policies, %d interpretations) to %s; build with --now %s\n",
		opt.Files(), opt.Notices, opt.Translations(), opt.Policies, opt.Interpretations(), *out, corpus.Now)
}
