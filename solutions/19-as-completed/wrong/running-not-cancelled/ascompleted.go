// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: at the first error or the deadline no new job starts (a stop
// channel closes the queue), and AsCompleted waits for its workers, but
// the jobs are given the caller's ctx, which nothing cancels: the jobs
// running at the stop run to their end, as a running future does in
// Python (future.cancel() only cancels the ones not started).
// Rejected by: tests (the jobs running at the first error or the deadline
// are never cancelled).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	stop := make(chan struct{})

	queue := make(chan Job)
	go func() {
		defer close(queue)
		for _, job := range jobs {
			select {
			case queue <- job:
			case <-stop:
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
	cancelled := ctx.Done()
	stopped := false
	halt := func(err error) {
		if !stopped {
			stopped = true
			first = err
			close(stop)
		}
	}
	for {
		select {
		case o, ok := <-outcomes:
			if !ok {
				return done, first
			}
			switch {
			case o.err != nil:
				halt(o.err)
			case !stopped:
				handle(o.res)
				done = append(done, o.res)
			}
		case <-timer.C:
			halt(context.DeadlineExceeded)
		case <-cancelled:
			cancelled = nil
			halt(ctx.Err())
		}
	}
}
