// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

// part is the sum of chunk k.
type part struct {
	k int
	s float64
}

// Sum returns √0 + √1 + … + √(n−1): a goroutine per chunk sends the
// chunk's sum on a channel, and Sum puts each in its slot and adds the
// slots in order. (The mistake: with nothing to sum it returns at once,
// and the goroutines it already started wait for ever to send.)
func Sum(n, workers int) float64 {
	workers = max(workers, 1)
	sums := make(chan part)
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		go func() {
			sums <- part{k, ChunkSum(lo, hi)}
		}()
	}
	if n == 0 {
		return 0 // nothing to add up
	}
	partial := make([]float64, workers)
	for range workers {
		p := <-sums
		partial[p.k] = p.s
	}
	total := 0.0
	for _, s := range partial {
		total += s
	}
	return total
}
