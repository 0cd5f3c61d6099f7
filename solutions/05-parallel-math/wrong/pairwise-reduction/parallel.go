// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// Sum returns √0 + √1 + … + √(n−1), computed on up to workers cores at
// once, and always exactly the same float64 for the same n and workers.
//
// One goroutine per chunk, each writing its own element of partial. The
// partial sums are then combined pairwise, neighbour with neighbour, which
// is deterministic and rounds less than a long chain of additions.
func Sum(n, workers int) float64 {
	partial := make([]float64, workers)

	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			partial[k] = ChunkSum(lo, hi)
		})
	}
	wg.Wait()

	return pairwise(partial)
}

// pairwise adds s as a balanced tree: (s0+s1) + (s2+s3) and so on. The
// order is fixed, so the result is the same on every run.
func pairwise(s []float64) float64 {
	switch len(s) {
	case 0:
		return 0
	case 1:
		return s[0]
	}
	mid := len(s) / 2
	return pairwise(s[:mid]) + pairwise(s[mid:])
}
