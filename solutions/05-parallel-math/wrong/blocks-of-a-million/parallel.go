// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// block is how many numbers one goroutine sums.
const block = 1_000_000

// Sum returns √0 + √1 + … + √(n−1), in blocks of a million numbers, a
// goroutine per block, the block sums added in order. (The mistake: it
// ignores workers; 30 million numbers make 30 goroutines summing at
// once.)
func Sum(n, workers int) float64 {
	partial := make([]float64, (n+block-1)/block)
	var wg sync.WaitGroup
	for k := range partial {
		lo, hi := k*block, min((k+1)*block, n)
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
