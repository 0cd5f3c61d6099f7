// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

// Sum runs a goroutine per chunk and adds the chunk sums as they arrive on
// a channel: in the order the goroutines happen to finish, which changes
// from run to run, and so do the last bits of the total.
func Sum(n, workers int) float64 {
	workers = max(workers, 1)
	sums := make(chan float64)
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		go func() {
			sums <- ChunkSum(lo, hi)
		}()
	}
	total := 0.0
	for range workers {
		total += <-sums
	}
	return total
}
