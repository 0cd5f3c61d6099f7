package cgoparallel

// WRONG: the workers send each result on an unbuffered channel, and
// DigestAll waits for the workers before it starts reading: every worker
// blocks on its first send, and DigestAll on the WaitGroup, for ever.
// Rejected by: tests (a deadlock, named within seconds).

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// DigestAll runs every job through the C function and returns the results
// in the order of jobs.
func DigestAll(jobs []Job) []uint64 {
	type result struct {
		i      int
		digest uint64
	}
	out := make(chan result)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				out <- result{i, Digest(jobs[i])}
			}
		})
	}
	wg.Wait()
	close(out)
	results := make([]uint64, len(jobs))
	for r := range out {
		results[r.i] = r.digest
	}
	return results
}
