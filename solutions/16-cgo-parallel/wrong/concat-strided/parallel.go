package cgoparallel

// WRONG: worker w takes jobs w, w+n, w+2n... and keeps its digests in a
// slice of its own; the slices are joined at the end, worker by worker.
// With one worker that is job order; with two or more, result 1 is the
// digest of job n, not of job 1. Rejected by: tests (which run at
// GOMAXPROCS 4, so a one-CPU machine sees it too).

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	n := min(runtime.GOMAXPROCS(0), len(jobs))
	parts := make([][]uint64, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			for i := w; i < len(jobs); i += n {
				parts[w] = append(parts[w], Digest(jobs[i]))
			}
		})
	}
	wg.Wait()
	results := make([]uint64, 0, len(jobs))
	for _, p := range parts {
		results = append(results, p...)
	}
	return results
}
