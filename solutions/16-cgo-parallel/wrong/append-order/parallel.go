package cgoparallel

// WRONG: the C calls do run in parallel, but each worker appends its
// result to a shared slice (under a mutex, so there is no race) in the
// order the jobs finish. Jobs differ in size, so the results come back
// shuffled: result i is no longer Digest(jobs[i]). Rejected by: tests.

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
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
