package cgoparallel

// WRONG: goroutines, but in the wrong place. One goroutine per core sends
// jobs on a channel; a single goroutine receives them and calls C. The
// feeding is concurrent, the C calls are not: one at a time, as before.
// Rejected by: timing (calls in flight).

import (
	"runtime"
	"sync"
)

type indexed struct {
	i   int
	job Job
}

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	feed := make(chan indexed)
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	var producers sync.WaitGroup
	for w := range workers {
		producers.Go(func() {
			for i := w; i < len(jobs); i += workers {
				feed <- indexed{i, jobs[i]}
			}
		})
	}
	go func() {
		producers.Wait()
		close(feed)
	}()
	for in := range feed { // the only goroutine that calls C
		results[in.i] = Digest(in.job)
	}
	return results
}
