package cgoparallel

// WRONG: GOMAXPROCS workers, each of which calls wg.Add(1) as it starts.
// DigestAll reaches wg.Wait before the workers have run, finds the count
// at zero and returns with the results unwritten, and the workers still
// running. Call Add before the go statement (or use wg.Go). Rejected by:
// build (go vet's waitgroup check names it; without vet, the tests would).

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		go func() {
			wg.Add(1)
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				results[i] = Digest(jobs[i])
			}
		}()
	}
	wg.Wait()
	return results
}
