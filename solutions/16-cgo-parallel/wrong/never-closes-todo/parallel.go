package cgoparallel

// WRONG: GOMAXPROCS workers take job indexes from a channel and send back
// their results; DigestAll collects one result per job and returns. But
// nobody closes the channel of jobs, so the workers wait on it for ever
// after the last job: DigestAll leaves them all behind. Rejected by:
// leak.

import "runtime"

// DigestAll runs every job through the C function and returns the results
// in the order of jobs.
func DigestAll(jobs []Job) []uint64 {
	type result struct {
		i      int
		digest uint64
	}
	todo := make(chan int, len(jobs))
	done := make(chan result)
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		go func() {
			for i := range todo {
				done <- result{i, Digest(jobs[i])}
			}
		}()
	}
	for i := range jobs {
		todo <- i
	}
	results := make([]uint64, len(jobs))
	for range jobs {
		r := <-done
		results[r.i] = r.digest
	}
	return results
}
