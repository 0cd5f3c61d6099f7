package cgoparallel

// WRONG: a fixed pool of four workers, "enough for a laptop". Too many
// on a 2-core machine, too few on a 16-core one. Rejected by: timing
// (with GOMAXPROCS at 3, four calls in C at once; at 6, only four).

import "sync"

// workers is how many goroutines call C at once.
const workers = 4

// DigestAll runs every job through the C function and returns the results
// in the order of jobs.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	todo := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(jobs)) {
		wg.Go(func() {
			for i := range todo {
				results[i] = Digest(jobs[i])
			}
		})
	}
	for i := range jobs {
		todo <- i
	}
	close(todo)
	wg.Wait()
	return results
}
