//go:build darwin || dragonfly || freebsd || linux || netbsd || openbsd

package output

import (
	"os"
	"syscall"
)

// staleAge is 0: with flock, a staging folder found while holding the
// exclusive lock is stale however young it is.
const staleAge = 0

// lockFolder takes a lock on dir, the folder around --dest, for as long as
// a build's staging folder exists in it. Every build holds it shared, so
// builds never wait for each other; a build that gets it exclusively
// (alone) knows that no other build for that folder is running, so every
// staging folder in it belongs to a build that died. The kernel drops the
// lock of a killed process, which is what makes this exact where process
// ids or ages would guess, and the folder itself is locked so that no lock
// file is left beside the output.
//
// Without a lock (a file system without flock, such as some NFS mounts) it
// returns nil and alone false: the build goes on and leaves leftovers for
// a later build that can tell.
func lockFolder(dir string) (lock *os.File, alone bool) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, false
	}
	if flock(f, syscall.LOCK_EX|syscall.LOCK_NB) == nil {
		return f, true
	}
	// Another build is running; it holds the exclusive lock only while it
	// removes stale folders, so this waits at most that long.
	if flock(f, syscall.LOCK_SH) != nil {
		f.Close()
		return nil, false
	}
	return f, false
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
