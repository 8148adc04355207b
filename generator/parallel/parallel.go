// Package parallel runs independent pieces of work on all cores.
package parallel

import (
	"runtime"
	"sync"
)

// For calls fn(i) for every i in [0, n) on up to GOMAXPROCS goroutines and
// returns when all calls have returned. fn must be safe to call concurrently
// and should write only to its own index of any shared slice.
func For(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
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
