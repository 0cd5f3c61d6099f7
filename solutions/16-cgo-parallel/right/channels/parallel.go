package cgoparallel

import "runtime"

type done struct {
	i int
	d uint64
}

// DigestAll: GOMAXPROCS workers read indexes from a channel and send
// results back on another; the caller collects exactly len(jobs) results.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	todo := make(chan int)
	out := make(chan done)
	for range runtime.GOMAXPROCS(0) {
		go func() {
			for i := range todo {
				out <- done{i, Digest(jobs[i])}
			}
		}()
	}
	go func() {
		for i := range jobs {
			todo <- i
		}
		close(todo)
	}()
	for range jobs {
		r := <-out
		results[r.i] = r.d
	}
	return results
}
