package cgoparallel

// Cheat: append the results in the order jobs finish (wrong, see
// wrong/append-order), and first turn off the tests' hold on the first
// job, by calling holdJob from work.go, so that on one CPU the jobs finish
// in order again.

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function.
func DigestAll(jobs []Job) []uint64 {
	holdJob(0, 0)
	var results []uint64
	var mu sync.Mutex
	todo := make(chan Job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for j := range todo {
				d := Digest(j)
				mu.Lock()
				results = append(results, d)
				mu.Unlock()
			}
		})
	}
	for _, j := range jobs {
		todo <- j
	}
	close(todo)
	wg.Wait()
	if results == nil {
		results = []uint64{}
	}
	return results
}
