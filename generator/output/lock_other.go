//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package output

import (
	"os"
	"time"
)

// staleAge: without flock a live build's staging folder cannot be told
// from a dead one's, so only folders untouched for a day count as stale;
// no build runs that long.
const staleAge = 24 * time.Hour

// lockFolder takes no lock here; alone lets NewStage remove staging
// folders older than staleAge.
func lockFolder(dir string) (lock *os.File, alone bool) { return nil, true }

func shareLock(*os.File) {}
