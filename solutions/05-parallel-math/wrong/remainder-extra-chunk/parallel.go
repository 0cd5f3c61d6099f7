// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// Sum returns √0 + √1 + … + √(n−1), computed on up to workers cores at
// once, and always exactly the same float64 for the same n and workers.
//
// The range is cut into chunks of n/workers numbers; whatever is left at
// the end (n%workers numbers) gets a chunk of its own, so nothing is
// missed. Each chunk is summed by its own goroutine into its own slot,
// and the slots are added in order.
func Sum(n, workers int) float64 {
	size := max(n/workers, 1)
	partial := make([]float64, (n+size-1)/size)

	var wg sync.WaitGroup
	for k := range partial {
		lo, hi := k*size, min((k+1)*size, n)
		wg.Go(func() {
			partial[k] = ChunkSum(lo, hi)
		})
	}
	wg.Wait()

	total := 0.0
	for _, s := range partial {
		total += s
	}
	return total
}
