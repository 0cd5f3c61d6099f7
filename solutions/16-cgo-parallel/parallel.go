package cgoparallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// DigestAll runs every job through the C function and returns the results
// in the order of jobs: result i is Digest(jobs[i]). It computes each job
// exactly once, in C, and leaves jobs unchanged.
//
// It starts one worker per goroutine Go runs at once,
// runtime.GOMAXPROCS(0) (the CPUs, or a container's CPU limit; read now,
// since it can change while a program runs), never more than there are
// jobs. Each worker claims the next job with an atomic counter and calls
// Digest itself. Go has no global interpreter lock: while a worker is inside the
// C call it holds an OS thread of its own, and the other workers call C on
// other threads at the same time, so the jobs run on every core.
//
// Claiming jobs one at a time balances the load when jobs differ in size
// (a fixed split into equal slices would leave a worker with the long
// ones). Each worker writes only the indexes it claimed, so the results
// need no lock, and wg.Wait orders every write before the return. More
// workers than GOMAXPROCS would only add OS threads (each call in C holds
// one) taking turns on the same cores. (errgroup.Group with
// SetLimit(runtime.GOMAXPROCS(0)) and one g.Go per job is the everyday
// alternative.)
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	var next atomic.Int64 // the index of the next job to claim
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
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
