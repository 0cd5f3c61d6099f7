// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: at the first error it cancels and leaves the loop, then waits
// for the workers. But a cancelled job still returns, and its worker
// then waits for ever to send that outcome: nobody reads the channel any
// more, so the WaitGroup is never done and AsCompleted never returns.
// Rejected by: tests (AsCompleted does not return after the first error;
// the workers are named where they wait to send).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	queue := make(chan Job)
	go func() {
		defer close(queue)
		for _, job := range jobs {
			select {
			case queue <- job:
			case <-ctx.Done():
				return
			}
		}
	}()

	type outcome struct {
		res Result
		err error
	}
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	for range Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range queue {
				res, err := job(ctx)
				outcomes <- outcome{res, err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	var done []Result
	var first error
	for o := range outcomes {
		if o.err != nil {
			first = o.err
			cancel()
			break
		}
		handle(o.res)
		done = append(done, o.res)
	}
	wg.Wait()
	return done, first
}
