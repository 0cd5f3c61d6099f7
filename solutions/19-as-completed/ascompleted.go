// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready: Python's concurrent.futures
// as_completed and wait(return_when=FIRST_EXCEPTION, timeout=...), in Go.
package ascompleted

import (
	"context"
	"sync"
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
// The shape: a feeder hands the jobs one by one to Workers workers, and
// every worker sends each outcome on one channel, which this goroutine
// reads as the outcomes come: that channel is as_completed. Only this
// goroutine calls handle, so handle is never called twice at once. One
// ctx stops everything: the deadline cancels it by itself, the first error
// by calling cancel. The jobs watch it while they run, and the feeder
// watches it while it waits to hand out the next job, so no job starts
// once it is done.
func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	// The feeder: unbuffered, so a job is handed out only when a worker is
	// free to start it, and none waits in a buffer once ctx is done.
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
	var workers sync.WaitGroup
	for range Workers {
		workers.Go(func() {
			for job := range queue {
				res, err := job(ctx)
				outcomes <- outcome{res, err}
			}
		})
	}
	// outcomes is closed once every worker has returned, so the loop
	// below ends exactly then: AsCompleted waits for every job it started.
	go func() {
		workers.Wait()
		close(outcomes)
	}()

	var (
		done  []Result
		first error
	)
	for o := range outcomes {
		switch {
		case first != nil:
			// Stopped: what the cancelled jobs return now is not news.
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
