// Package parallel runs independent pieces of work on all cores.
package parallel

import (
	"runtime"
	"sync"
)

// For calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all calls have returned. fn must be safe to call concurrently
// and should write only to its own index of any shared slice.
func For(n int, fn func(i int)) { ForWorkers(n, runtime.GOMAXPROCS(0), fn) }

// IO is the number of workers for work that also waits on the disk
// (rendering and writing files): more than the cores, so one worker's
// write overlaps another's rendering.
func IO() int { return 4 * runtime.GOMAXPROCS(0) }

// ForWorkers is For with a given number of workers.
func ForWorkers(n, workers int, fn func(i int)) {
	workers = max(1, min(workers, n))
	var wg sync.WaitGroup
	next := make(chan int, workers)
	for range workers {
		wg.Go(func() {
			for i := range next {
				fn(i)
			}
		})
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}
