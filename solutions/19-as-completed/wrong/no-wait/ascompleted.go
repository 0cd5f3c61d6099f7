// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: results are handled as they come, and the first error or the
// deadline cancels every job, but AsCompleted returns right there, without
// waiting for the jobs it cancelled: they still take 6.7 ms to close what
// they opened, and their workers are still running when it has returned.
// Rejected by: tests (jobs still running, and goroutines left, when
// AsCompleted returns).

import (
	"context"
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
	// Room for every outcome, so that no worker ever blocks on a send.
	outcomes := make(chan outcome, len(jobs))
	for range Workers {
		go func() {
			for job := range queue {
				res, err := job(ctx)
				outcomes <- outcome{res, err}
			}
		}()
	}

	var done []Result
	for range jobs {
		select {
		case o := <-outcomes:
			if o.err != nil {
				return done, o.err
			}
			handle(o.res)
			done = append(done, o.res)
		case <-ctx.Done():
			return done, ctx.Err()
		}
	}
	return done, nil
}
