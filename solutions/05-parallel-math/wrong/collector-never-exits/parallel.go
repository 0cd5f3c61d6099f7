// Package parallelmath is the course's do_math: millions of square roots,
// a job that keeps one CPU core busy from start to end.
package parallelmath

// part is the sum of chunk k.
type part struct {
	k int
	s float64
}

// Sum returns √0 + √1 + … + √(n−1), computed on up to workers cores at
// once, and always exactly the same float64 for the same n and workers.
//
// Every chunk's goroutine sends its sum, tagged with its chunk number, to
// a collector goroutine that puts it in its slot and says when all the
// slots are filled. Sum then adds the slots in chunk order.
func Sum(n, workers int) float64 {
	partial := make([]float64, workers)
	results := make(chan part)
	filled := make(chan struct{})

	go func() {
		got := 0
		for p := range results {
			partial[p.k] = p.s
			got++
			if got == workers {
				close(filled)
			}
		}
	}()

	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		go func() {
			results <- part{k, ChunkSum(lo, hi)}
		}()
	}
	<-filled // every slot is written

	total := 0.0
	for _, s := range partial {
		total += s
	}
	return total
}
