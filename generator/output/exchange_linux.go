package output

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchangeFolders swaps a and b in one step with renameat2(RENAME_EXCHANGE),
// so b never goes missing. File systems without it (and kernels before
// 3.15) say EINVAL or ENOSYS; swap then falls back to two renames.
func exchangeFolders(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	switch {
	case err == nil:
		return nil
	case err == unix.EINVAL || errors.Is(err, errors.ErrUnsupported):
		return errors.ErrUnsupported
	}
	return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
}
