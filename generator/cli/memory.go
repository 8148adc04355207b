package cli

import (
	"bufio"
	"bytes"
	"os"
	"path"
	"runtime/debug"
	"strconv"
	"strings"

	"bulletin/generator/build"
)

// Bounds of a build's soft heap limit (see buildMemoryLimit).
const (
	minBuildMemory = 384 << 20
	maxBuildMemory = 2816 << 20
)

// buildMemoryLimit is the soft heap limit of a one-off build on a machine
// (or container) with total bytes of memory, 0 when unknown.
//
// Rendering makes much short-lived garbage; without a limit the heap grows
// to twice what the site keeps. A limit far below that makes the garbage
// collector run all the time: a 100,000-notice site keeps over a
// gigabyte, and under a fixed 384 MiB it built in over twice the time.
// So the limit is a quarter of the memory, at least 384 MiB (unless that
// is more than half the memory), at most 2.75 GiB, which leaves a
// 100,000-notice site (it keeps about 2.3 GB) room to collect without
// thrashing and under 3 GB at its peak (the README has the figures). It
// is soft: above it the collector works harder (at most half the CPU)
// instead of failing.
func buildMemoryLimit(total uint64) int64 {
	if total == 0 {
		return minBuildMemory
	}
	limit := total / 4
	if limit < minBuildMemory {
		limit = min(minBuildMemory, total/2)
	}
	return int64(min(limit, maxBuildMemory))
}

// The build's GOGC, by step. While it reads content a build keeps most
// of what it allocates, and its heap is small at first: 200 lets the heap
// grow with it at half the collections of 100, each of which would mark
// everything read so far again. Converting Markdown keeps the bodies but
// drops the parser's trees: the default 100 there. From rendering on it
// makes much garbage and keeps little: there the heap may grow 60 % over
// what the build keeps before the collector runs, which lowers the peak,
// reached while rendering, for some more CPU (the README has the
// figures).
const (
	readGCPercent  = 200
	graphGCPercent = 100
	buildGCPercent = 60
)

// prepareMemory sets the build's soft memory limit, unless GOMEMLIMIT
// set one, and returns how the build paces its garbage collector: a
// build.Options.Step that sets the GC percentage for each step; nil when
// GOGC is set, which then holds for the whole build.
func prepareMemory(env Env) (step func(string)) {
	if env.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(buildMemoryLimit(machineMemory(os.ReadFile)))
	}
	if env.Getenv("GOGC") != "" {
		return nil
	}
	debug.SetGCPercent(buildGCPercent)
	return func(step string) {
		switch step {
		case build.StepRead:
			debug.SetGCPercent(readGCPercent)
		case build.StepGraph:
			debug.SetGCPercent(graphGCPercent)
		default:
			debug.SetGCPercent(buildGCPercent)
		}
	}
}

// machineMemory is the memory this process may use, in bytes: the
// machine's (MemTotal in /proc/meminfo) or the smallest limit of its
// control group and the groups above it (cgroup v2 memory.max, v1
// memory.limit_in_bytes), whichever is smaller; 0 when none can be read
// (not Linux).
func machineMemory(readFile func(string) ([]byte, error)) uint64 {
	total := uint64(0)
	if b, err := readFile("/proc/meminfo"); err == nil {
		total = parseMeminfo(b)
	}
	b, err := readFile("/proc/self/cgroup")
	if err != nil {
		return total
	}
	for _, file := range cgroupLimitFiles(b) {
		b, err := readFile(file)
		if err != nil {
			continue
		}
		if n, ok := parseCgroupLimit(b); ok && (total == 0 || n < total) {
			total = n
		}
	}
	return total
}

// parseMeminfo returns MemTotal from /proc/meminfo's text, in bytes, or 0.
func parseMeminfo(b []byte) uint64 {
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:")
		if !ok {
			continue
		}
		f := strings.Fields(rest)
		if len(f) != 2 || f[1] != "kB" {
			return 0
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		if err != nil || n > 1<<53 {
			return 0
		}
		return n << 10
	}
	return 0
}

// cgroupLimitFiles lists, from /proc/self/cgroup's text, the files that
// may hold a memory limit on this process: its own group's and those of
// the groups above it, up to the root of the mount (inside a container
// the group's path is often not visible and the container's limit is at
// the root).
func cgroupLimitFiles(b []byte) []string {
	var files []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		// hierarchy-ID:controllers:path
		f := strings.SplitN(sc.Text(), ":", 3)
		if len(f) != 3 || !strings.HasPrefix(f[2], "/") {
			continue
		}
		var mount, name string
		switch {
		case f[0] == "0" && f[1] == "": // v2
			mount, name = "/sys/fs/cgroup", "memory.max"
		case hasController(f[1], "memory"): // v1
			mount, name = "/sys/fs/cgroup/memory", "memory.limit_in_bytes"
		default:
			continue
		}
		for group := path.Clean(f[2]); ; group = path.Dir(group) {
			files = append(files, path.Join(mount, group, name))
			if group == "/" {
				break
			}
		}
	}
	return files
}

func hasController(list, name string) bool {
	for c := range strings.SplitSeq(list, ",") {
		if c == name {
			return true
		}
	}
	return false
}

// parseCgroupLimit reads a memory.max or memory.limit_in_bytes file: a
// number of bytes, or "max" (v2) or a number near 2^63 (v1) for none.
func parseCgroupLimit(b []byte) (uint64, bool) {
	s := strings.TrimSpace(string(b))
	if s == "max" {
		return 0, false
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n == 0 || n >= 1<<62 {
		return 0, false
	}
	return n, true
}
