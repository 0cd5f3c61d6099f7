package parallelmath

// Sum: one goroutine per chunk sends (index, sum) on a buffered channel;
// the caller collects them into a slice and adds them in chunk order.
func Sum(n, workers int) float64 {
	type part struct {
		k int
		s float64
	}
	ch := make(chan part, workers)
	chunk := n / workers
	for k := 0; k < workers; k++ {
		lo := k * chunk
		hi := lo + chunk
		if k == workers-1 {
			hi = n
		}
		go func() { ch <- part{k, ChunkSum(lo, hi)} }()
	}
	partial := make([]float64, workers)
	for range workers {
		p := <-ch
		partial[p.k] = p.s
	}
	var total float64
	for _, s := range partial {
		total += s
	}
	return total
}
