package cgoparallel

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

// DigestAll: errgroup with SetLimit(GOMAXPROCS), one Go per job.
func DigestAll(jobs []Job) []uint64 {
	results := make([]uint64, len(jobs))
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, j := range jobs {
		g.Go(func() error {
			results[i] = Digest(j)
			return nil
		})
	}
	_ = g.Wait()
	return results
}
