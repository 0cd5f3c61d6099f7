package cgoparallel

// WRONG: one worker per CPU of the machine, runtime.NumCPU(). It ignores
// a container's CPU limit and any GOMAXPROCS the program set: on a 2-core
// machine with GOMAXPROCS at 3 it runs two workers, on a 64-core machine
// in a 2-CPU container sixty-four. Rejected by: timing.

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// DigestAll runs every job through the C function and returns the results
// in the order of jobs.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.NumCPU(), len(jobs)) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				results[i] = Digest(jobs[i])
			}
		})
	}
	wg.Wait()
	return results
}
