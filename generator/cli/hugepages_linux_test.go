package cli

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestPreferHugePagesMarksHeap checks that preferHugePages leaves a region
// of the heap of the asked size marked for transparent huge pages ("hg"
// in /proc/self/smaps), which the build's objects then reuse. Without the
// mark, every 4 KB page of a build's heap faults on first touch.
func TestPreferHugePagesMarksHeap(t *testing.T) {
	if mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil || strings.Contains(string(mode), "[never]") {
		t.Skip("transparent huge pages are not available here")
	}
	const size = 96 << 20
	preferHugePages(size)
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	largest := 0
	var kb int
	for _, line := range strings.Split(string(smaps), "\n") {
		f := strings.Fields(line)
		switch {
		case len(f) >= 2 && f[0] == "Size:":
			kb, _ = strconv.Atoi(f[1])
		case len(f) >= 1 && f[0] == "VmFlags:" && strings.Contains(line, " hg"):
			largest = max(largest, kb<<10)
		}
	}
	if largest < size {
		t.Errorf("largest region marked for huge pages: %d bytes; want at least %d", largest, size)
	}
}
