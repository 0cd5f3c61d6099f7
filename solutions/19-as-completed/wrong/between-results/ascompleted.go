// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: results are handled as they come and the first error cancels
// everything, but the deadline is a time the loop compares with
// time.Now() after each result, as Python's as_completed(timeout=...)
// seems to do. While only long jobs run, no result comes, and the
// deadline passes unnoticed: at 2.443 s the next result is 201 ms away,
// and the jobs running go on until then.
// Rejected by: tests (the jobs running at the deadline are cancelled only
// at the next result).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	deadline := time.Now().Add(timeout)
	ctx, cancel := context.WithCancel(ctx)
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
		if first != nil {
			continue
		}
		if o.err != nil {
			first = o.err
			cancel()
			continue
		}
		handle(o.res)
		done = append(done, o.res)
		if time.Now().After(deadline) {
			first = context.DeadlineExceeded
			cancel()
		}
	}
	return done, first
}
