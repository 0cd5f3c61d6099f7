package parallelmath

import "sync"

// Sum: goroutines store their chunk's sum in a map under a mutex; the
// caller adds them by chunk index once all are done.
func Sum(n, workers int) float64 {
	var mu sync.Mutex
	done := map[int]float64{}
	var wg sync.WaitGroup
	wg.Add(workers)
	for k := 0; k < workers; k++ {
		go func(k int) {
			defer wg.Done()
			s := ChunkSum(k*n/workers, (k+1)*n/workers)
			mu.Lock()
			done[k] = s
			mu.Unlock()
		}(k)
	}
	wg.Wait()
	total := 0.0
	for k := 0; k < workers; k++ {
		total += done[k]
	}
	return total
}
