package parallelmath

import "golang.org/x/sync/errgroup"

// Sum: an errgroup, one Go per chunk, each writing its own slot.
func Sum(n, workers int) float64 {
	sums := make([]float64, workers)
	var g errgroup.Group
	for k := range workers {
		lo, hi := k*n/workers, (k+1)*n/workers
		g.Go(func() error {
			sums[k] = ChunkSum(lo, hi)
			return nil
		})
	}
	_ = g.Wait()
	total := 0.0
	for k := range sums {
		total += sums[k]
	}
	return total
}
