// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// Sum returns √0 + √1 + … + √(n−1). Small ranges are summed in one call:
// goroutines would not pay for themselves. Big ones are split into workers
// chunks, and every goroutine adds its chunk's sum into the total. (The
// mistakes: the goroutines add into one total with no lock, a data race,
// and in the order they finish; the tests of small ranges never see it.)
func Sum(n, workers int) float64 {
	if n < 10_000_000 {
		return ChunkSum(0, n)
	}
	total := 0.0
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			total += ChunkSum(lo, hi)
		})
	}
	wg.Wait()
	return total
}
