// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready: Python's concurrent.futures
// as_completed and wait(return_when=FIRST_EXCEPTION, timeout=...), in Go.
package ascompleted

import (
	"context"
	"time"
)

// AsCompleted runs jobs on a pool of Workers goroutines, and calls handle
// with each job's Result as soon as that job has finished, one call at a
// time (handle is never called twice at once, nor after AsCompleted has
// returned).
//
// It stops at the first job that fails, at the deadline (timeout after the
// call), or when ctx is cancelled, whichever comes first. Stopping means:
// every job still running is cancelled (its ctx is cancelled), no job not
// yet started is started, and AsCompleted returns once every job it
// started has returned.
//
// It returns the results it handled, in any order, and nil when every job
// succeeded; else the first job's error (not the context.Canceled the
// cancelled jobs return after it), context.DeadlineExceeded at the
// deadline, or context.Canceled when ctx was cancelled.
//
// This version is the course's executor demo: it submits every job to the
// pool, then reads the results in submission order. A result waits for
// every job submitted before it, the deadline is looked at only between
// two results, and after an error nothing is stopped: the pool runs on.
func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	start := time.Now()

	// One future per job: a channel that will hold its outcome.
	type outcome struct {
		res Result
		err error
	}
	futures := make([]chan outcome, len(jobs))
	for i := range futures {
		futures[i] = make(chan outcome, 1)
	}

	// The pool: Workers goroutines take job numbers from the queue.
	queue := make(chan int)
	for range Workers {
		go func() {
			for i := range queue {
				res, err := jobs[i](ctx)
				futures[i] <- outcome{res, err}
			}
		}()
	}
	go func() {
		for i := range jobs {
			queue <- i
		}
		close(queue)
	}()

	// Read the futures in submission order, as the course does.
	var done []Result
	for i := range futures {
		o := <-futures[i]
		if o.err != nil {
			return done, o.err
		}
		handle(o.res)
		done = append(done, o.res)
		if time.Since(start) > timeout {
			return done, context.DeadlineExceeded
		}
	}
	return done, nil
}
