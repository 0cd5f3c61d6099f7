package cgoparallel

// WRONG: one core is "left free" for the goroutine that waits and
// collects, and the other GOMAXPROCS-1 workers each take a block of jobs.
// The waiting goroutine uses no core while it waits, so one core idles:
// with GOMAXPROCS at 3, only two calls in C at once. Rejected by: timing.

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	workers := max(1, runtime.GOMAXPROCS(0)-1)
	block := (len(jobs) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(jobs); lo += block {
		hi := min(lo+block, len(jobs))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				results[i] = Digest(jobs[i])
			}
		}()
	}
	wg.Wait()
	return results
}
