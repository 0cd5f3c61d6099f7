// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: right in every way but one: a goroutine per job, all started at
// once, with no pool. Goroutines are cheap, so why not? Because the pool's
// width is the point: 50 connections at once to a site that allows 6.
// Rejected by: tests (50 jobs running at once).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	type outcome struct {
		res Result
		err error
	}
	outcomes := make(chan outcome, len(jobs))
	var wg sync.WaitGroup
	for _, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := job(ctx)
			outcomes <- outcome{res, err}
		}()
	}
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	var done []Result
	var first error
	for o := range outcomes {
		switch {
		case first != nil:
		case o.err != nil:
			first = o.err
			cancel()
		default:
			handle(o.res)
			done = append(done, o.res)
		}
	}
	return done, first
}
