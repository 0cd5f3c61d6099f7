// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import (
	"runtime"
	"sync"
)

// Sum returns √0 + √1 + … + √(n−1), one chunk per goroutine Go runs at
// once. (The mistake: it ignores workers, the width the caller asked for.)
func Sum(n, workers int) float64 {
	workers = runtime.GOMAXPROCS(0)     // as many as Go runs at once
	partial := make([]float64, workers) // partial[k]: the sum of chunk k

	var wg sync.WaitGroup
	for k := range workers {
		// k*n/workers, not k*(n/workers): dividing last keeps the
		// remainder n%workers inside the range (spread over the chunks)
		// and makes the last chunk end exactly at n.
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			partial[k] = ChunkSum(lo, hi)
		})
	}
	wg.Wait() // every partial[k] is written, and visible here

	total := 0.0
	for _, s := range partial { // chunk order, the same on every run
		total += s
	}
	return total
}
