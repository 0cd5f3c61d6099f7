// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

import "sync"

// Sum returns √0 + √1 + … + √(n−1), computed on up to workers cores at
// once, and always exactly the same float64 for the same n and workers.
//
// The rules:
//   - Split [0, n) into workers contiguous chunks, in order; chunk k
//     covers [k·n/workers, (k+1)·n/workers). (Another split is accepted
//     if the chunks cover [0, n) exactly once, no number missed or
//     summed twice.)
//   - Sum each chunk with one call of ChunkSum, and run the calls at the
//     same time, one goroutine per chunk. workers is at least 1.
//   - Add the chunk sums in chunk order (the chunk starting at 0 first),
//     starting from 0. Floating-point addition is not associative: added
//     in another order, the total can differ in its last bits.
//
// One goroutine per chunk, each writing its own element of partial: no
// two goroutines touch the same memory, so there is nothing to lock, and
// the Go scheduler spreads the goroutines over the cores (there is no GIL
// to take turns on). wg.Wait is the one point where Sum waits, after every
// goroutine has started. An errgroup would fit as well if ChunkSum could
// fail; a channel of results would need each result to carry its chunk
// index, to be added in order.
func Sum(n, workers int) float64 {
	partial := make([]float64, workers) // partial[k]: the sum of chunk k (workers is at least 1)

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
