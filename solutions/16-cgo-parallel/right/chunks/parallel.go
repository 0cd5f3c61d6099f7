package cgoparallel

import (
	"runtime"
	"sync"
)

// DigestAll: GOMAXPROCS goroutines, each takes every n-th job (a strided
// split, so long and short jobs are mixed across workers).
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	n := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := 0; w < n && w < len(jobs); w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(jobs); i += n {
				results[i] = Digest(jobs[i])
			}
		}(w)
	}
	wg.Wait()
	return results
}
