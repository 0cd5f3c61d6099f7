package cgoparallel

// WRONG: "a C call blocks its thread", so twice GOMAXPROCS workers, to keep
// every core busy while the others wait in C. A call in C keeps its core
// busy: it does not wait, so the extra workers only add OS threads taking
// turns on the same cores. Rejected by: timing (with GOMAXPROCS at 3, six
// calls in C at once).

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// DigestAll runs every job through the C function; see the exercise's parallel.go.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) {
					return
				}
				results[i] = Digest(jobs[i])
			}
		}()
	}
	wg.Wait()
	return results
}
