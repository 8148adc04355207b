package watch

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// LimitError reports that the system refused to watch one more folder, or
// to start one more watcher, because a per-user limit is reached. Its
// message says which limit and how to raise it, or to poll instead.
type LimitError struct {
	Path  string // the folder that could not be watched; empty if the watcher could not start
	Err   error  // wraps syscall.ENOSPC (watches) or syscall.EMFILE (instances, open files)
	Limit int    // the current limit when known, else 0
}

func (e *LimitError) Unwrap() error { return e.Err }

func (e *LimitError) Error() string {
	where := "watch"
	if e.Path != "" {
		where = "watch " + e.Path
	}
	current := ""
	if e.Limit > 0 {
		current = fmt.Sprintf(", now %d", e.Limit)
	}
	if errors.Is(e.Err, syscall.ENOSPC) {
		return where + ": the system limit on watched folders is reached " +
			"(fs.inotify.max_user_watches" + current + "; other programs that watch files count too). " +
			"Raise it with `sudo sysctl fs.inotify.max_user_watches=524288` " +
			"(add fs.inotify.max_user_watches=524288 to /etc/sysctl.conf to keep it after a restart), " +
			"or poll for changes instead with --poll 1s"
	}
	return where + ": too many open files: the system limit on file watchers is reached " +
		"(fs.inotify.max_user_instances" + current + ", or the open-file limit `ulimit -n`). " +
		"Close other programs that watch files, or raise the limit with " +
		"`sudo sysctl fs.inotify.max_user_instances=1024` (Linux) or `ulimit -n 4096`, " +
		"or poll for changes instead with --poll 1s"
}

// watchError describes a failure to watch path (empty: to start watching).
// When a system limit is the cause it is a *LimitError that says what to do.
func watchError(path string, err error) error {
	if err == nil {
		return nil
	}
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return &LimitError{Path: path, Err: err, Limit: readLimit("max_user_watches")}
	case errors.Is(err, syscall.EMFILE):
		return &LimitError{Path: path, Err: err, Limit: readLimit("max_user_instances")}
	case path == "":
		return fmt.Errorf("watch: %w", err)
	}
	return fmt.Errorf("watch %s: %w", path, err)
}

// readLimit reads an inotify limit on Linux; 0 elsewhere.
func readLimit(name string) int {
	b, err := os.ReadFile("/proc/sys/fs/inotify/" + name)
	if err != nil {
		return 0
	}
	n, _ := strconv.Atoi(strings.TrimSpace(string(b)))
	return n
}
