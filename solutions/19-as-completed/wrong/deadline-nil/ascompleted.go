// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: right in all it does, but for the error it returns. Having seen
// the cancelled jobs' context.Canceled come back after the real failure,
// it skips every error that is a context's: "a job we cancelled is not a
// failure". But at the deadline, and when the caller cancels, the
// contexts' errors are the only ones there are, and AsCompleted returns
// nil, as if every job had been done (Python's wait(timeout=...) returns
// normally too, but with the jobs not done in not_done).
// Rejected by: tests (nil at the deadline and after the caller's cancel).

import (
	"context"
	"errors"
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
		switch {
		case errors.Is(o.err, context.Canceled) || errors.Is(o.err, context.DeadlineExceeded):
			// a job we cancelled ourselves: not a failure
		case o.err != nil:
			if first == nil {
				first = o.err
				cancel()
			}
		case first == nil && ctx.Err() == nil:
			handle(o.res)
			done = append(done, o.res)
		}
	}
	return done, first
}
