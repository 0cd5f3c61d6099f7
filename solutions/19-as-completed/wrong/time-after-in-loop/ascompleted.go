// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: the deadline is time.After(timeout) in the loop's select. Each
// turn of the loop makes a new timer, so the timeout counts from the last
// result, not from the call: with a result every few hundred ms it never
// fires, and the jobs running at the deadline run on.
// Rejected by: tests (the jobs running at the 2.443 s deadline are never
// cancelled, and AsCompleted returns nil).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
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
	for {
		select {
		case o, ok := <-outcomes:
			if !ok {
				return done, first
			}
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
		case <-time.After(timeout):
			if first == nil {
				first = context.DeadlineExceeded
				cancel()
			}
		}
	}
}
