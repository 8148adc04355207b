//go:build !(darwin || dragonfly || freebsd || linux || netbsd || openbsd)

package output

import (
	"os"
	"time"
)

// lockFolder takes no lock where there is no flock: a live build's staging
// folder cannot be told from a dead one's, so only folders a day old count
// as stale; no build runs that long.
func lockFolder(dir string) (lock *os.File, staleAfter time.Duration) { return nil, unknownAge }

func shareLock(*os.File) {}
