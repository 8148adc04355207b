//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package output

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// lockFolder takes a lock on dir, the folder around --dest, for as long as
// a build's staging folder exists in it, and says which staging folders in
// it are stale: those untouched for staleAfter, none when it is negative.
//
// Every build holds the lock shared, so builds never wait for each other
// (builds into sibling folders share it too, which only postpones their
// cleanup). A build that gets it exclusively knows that no other build
// for that folder is running, so every staging folder in it belongs to a
// build that died: staleAfter is 0. The kernel drops the lock of a killed
// process, which is what makes this exact where process ids or ages would
// guess, and the folder itself is locked so that no lock file is left
// beside the output.
//
// Where flock fails for another reason than a lock held elsewhere (NFS
// gives exclusive locks only on files open for writing) there is no
// telling, and only folders a day old count as stale: no build runs that
// long.
func lockFolder(dir string) (lock *os.File, staleAfter time.Duration) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, unknownAge
	}
	err = flock(f, syscall.LOCK_EX|syscall.LOCK_NB)
	if err == nil {
		return f, 0
	}
	// Another build is running; it holds the lock exclusively only while
	// it removes stale folders, so this waits at most that long.
	if flock(f, syscall.LOCK_SH) != nil {
		f.Close()
		return nil, unknownAge
	}
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return f, -1
	}
	return f, unknownAge
}

// shareLock turns the exclusive lock of a build that removed the stale
// folders into a shared one, so that builds starting now need not wait.
// Should that fail the build keeps the exclusive lock, which is safe.
func shareLock(f *os.File) {
	if f != nil {
		_ = flock(f, syscall.LOCK_SH)
	}
}

func flock(f *os.File, how int) error {
	for {
		err := syscall.Flock(int(f.Fd()), how)
		if err != syscall.EINTR {
			return err
		}
	}
}
