package cli

import (
	"runtime"
	"strconv"
	"sync"
	"syscall"
)

// preferHugePages asks Linux to back the next size bytes of heap with
// transparent huge pages (2 MB) instead of 4 KB pages, when the system
// allows it per process (/sys/kernel/mm/transparent_hugepage/enabled set
// to madvise, the common default; with always it changes nothing). Go's
// runtime does not ask for them itself.
//
// A build touches its whole heap within seconds, once: about 70,000 fresh
// 4 KB pages on the 10,000-notice corpus. In a virtual machine each first
// touch of a page traps to the hypervisor; on the 2-core VM this project
// is measured on that was about a second of CPU, 20% of the build. With
// huge pages it is a few hundred faults.
//
// It allocates size bytes (fresh memory: mapped, neither touched nor
// zeroed), marks them, and lets the collector free them for the build's
// own objects, which then reuse that address range. It does so once per
// process: a process that builds again (tests, benchmarks) already has a
// heap whose pages are touched, and a second block would only grow it.
func preferHugePages(size int) {
	if strconv.IntSize < 64 {
		return // 32-bit address space: do not reserve that much
	}
	hugeOnce.Do(func() {
		advise(size)
		runtime.GC() // frees the block now rather than at the first collection
	})
}

var hugeOnce sync.Once

func advise(size int) {
	b := make([]byte, size)
	_ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) // only a hint
	runtime.KeepAlive(b)
}
