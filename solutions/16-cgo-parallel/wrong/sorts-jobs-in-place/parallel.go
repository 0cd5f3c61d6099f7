package cgoparallel

// WRONG: to balance the load, the longest jobs go first: the jobs are
// sorted by rounds, longest first, before the workers take them. But
// `order := jobs` copies the slice header, not the jobs, so the caller's
// slice is sorted in place: its jobs come back in another order (and the
// results follow that order, not the one the caller gave). Rejected by:
// tests (jobs must be left unchanged).

import (
	"cmp"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// DigestAll runs every job through the C function and returns the results
// in the order of jobs.
func DigestAll(jobs []Job) []uint64 {
	order := jobs // the longest first
	slices.SortStableFunc(order, func(a, b Job) int { return cmp.Compare(b.Rounds, a.Rounds) })
	results := make([]uint64, len(order))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(order)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(order) {
					return
				}
				results[i] = Digest(order[i])
			}
		})
	}
	wg.Wait()
	return results
}
