// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// Sum starts a goroutine per chunk, but each takes the same mutex around
// its whole computation "to be safe": the goroutines take turns, and one
// core does all the work, one chunk after another.
func Sum(n, workers int) float64 {
	workers = max(workers, 1)
	partial := make([]float64, workers)

	var mu sync.Mutex
	var wg sync.WaitGroup
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		wg.Go(func() {
			mu.Lock()
			defer mu.Unlock()
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
