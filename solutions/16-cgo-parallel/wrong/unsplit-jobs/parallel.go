package cgoparallel

// WRONG: GOMAXPROCS workers, but each one walks the whole list of jobs:
// nobody told them to share it out. The results are right (every worker
// writes the same digests), yet every job goes through C once per worker,
// and the workers write the same elements at the same time. Rejected by:
// tests (the C side counts the calls), race.

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function and returns the results
// in the order of jobs.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for i, j := range jobs {
				results[i] = Digest(j)
			}
		})
	}
	wg.Wait()
	return results
}
