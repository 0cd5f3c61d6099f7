package cgoparallel

// WRONG: one goroutine per core, but every C call is made under one
// sync.Mutex ("C code is not thread-safe"). kata_digest is safe for
// concurrent use, and the lock turns the workers back into one: a single
// call is inside C at any moment. Rejected by: timing (calls in flight).

import (
	"runtime"
	"sync"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(jobs); i += workers {
				mu.Lock()
				results[i] = Digest(jobs[i])
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return results
}
