// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import (
	"slices"
	"sync"
)

// part is the sum of chunk k.
type part struct {
	k int
	s float64
}

// Sum returns √0 + √1 + … + √(n−1), computed on up to workers cores at
// once, and always exactly the same float64 for the same n and workers.
//
// Each goroutine appends its chunk's sum, with the chunk's number, to one
// list. Once all are done the list is sorted by chunk number and added in
// that order, so the total is the same whichever goroutine finished first.
func Sum(n, workers int) float64 {
	parts := make([]part, 0, workers)

	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			s := ChunkSum(lo, hi)
			parts = append(parts, part{k, s})
		})
	}
	wg.Wait()

	slices.SortFunc(parts, func(a, b part) int { return a.k - b.k })
	total := 0.0
	for _, p := range parts {
		total += p.s
	}
	return total
}
