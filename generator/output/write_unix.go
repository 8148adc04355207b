//go:build unix

package output

import (
	"os"
	"syscall"
)

// writeNew writes a file that is not open elsewhere, with plain system
// calls: os.WriteFile would also register the descriptor with the runtime's
// poller, which costs a few system calls more per file and buys nothing
// for a regular file. A build writes one file per page.
func writeNew(name string, data []byte) error {
	fd, err := open(name)
	if err != nil {
		return &os.PathError{Op: "open", Path: name, Err: err}
	}
	for len(data) > 0 {
		n, err := syscall.Write(fd, data)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			syscall.Close(fd)
			return &os.PathError{Op: "write", Path: name, Err: err}
		}
		data = data[n:]
	}
	if err := syscall.Close(fd); err != nil {
		return &os.PathError{Op: "close", Path: name, Err: err}
	}
	return nil
}

func open(name string) (int, error) {
	for {
		fd, err := syscall.Open(name, syscall.O_WRONLY|syscall.O_CREAT|syscall.O_TRUNC|syscall.O_CLOEXEC, 0o644)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}
