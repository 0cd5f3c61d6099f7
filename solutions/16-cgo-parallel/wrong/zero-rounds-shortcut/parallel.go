package cgoparallel

// WRONG: GOMAXPROCS workers over the job indexes, results by index, but a
// job of zero rounds is answered in Go with its seed (which is its
// digest) and never reaches C. Every result is right; the C side counts
// one call short per such job. Rejected by: tests.

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	idx := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i := range idx {
				if jobs[i].Rounds == 0 {
					results[i] = jobs[i].Seed
					continue
				}
				results[i] = Digest(jobs[i])
			}
		})
	}
	for i := range jobs {
		idx <- i
	}
	close(idx)
	wg.Wait()
	return results
}
