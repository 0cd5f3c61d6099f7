// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: the deadline is time.AfterFunc(timeout, cancel) on a
// context.WithCancel. Everything stops in time, but the jobs then see
// context.Canceled, not context.DeadlineExceeded, and so does the caller:
// it cannot tell the deadline from its own cancel.
// Rejected by: tests (AsCompleted returns a context.Canceled error at the
// deadline).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	timer := time.AfterFunc(timeout, cancel)
	defer timer.Stop()

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
		case first != nil:
		case o.err != nil:
			first = o.err
			cancel()
		default:
			handle(o.res)
			done = append(done, o.res)
		}
	}
	if first == nil {
		first = ctx.Err()
	}
	return done, first
}
