// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

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
// This version is correct but uses one core: it sums the whole range in
// one call, on the calling goroutine.
func Sum(n, workers int) float64 {
	return ChunkSum(0, n)
}
