// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: everything stops as it should (one ctx with the deadline,
// cancelled at the first error, a WaitGroup for the workers), but the
// results are read future by future in submission order, as the course's
// executor demo reads them. Job 0 takes 2.917 s, so every result waits
// for it, and so does the first error: job 16 fails at 1.133 s, and
// nothing is cancelled until job 0's result has been read.
// Rejected by: timing (results handled up to 2.884 s after their job
// finished; the first error noticed 1.784 s late).

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
	futures := make([]chan outcome, len(jobs))
	for i := range futures {
		futures[i] = make(chan outcome, 1)
	}
	queue := make(chan int)
	var wg sync.WaitGroup
	for range Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				res, err := jobs[i](ctx)
				futures[i] <- outcome{res, err}
			}
		}()
	}
	go func() {
		defer close(queue)
		for i := range jobs {
			select {
			case queue <- i:
			case <-ctx.Done():
				return
			}
		}
	}()

	var done []Result
	var first error
	for i := range futures {
		var o outcome
		select {
		case o = <-futures[i]:
		case <-ctx.Done():
		}
		if first == nil && ctx.Err() != nil {
			first = ctx.Err()
		}
		if first != nil {
			break
		}
		if o.err != nil {
			first = o.err
			cancel()
			break
		}
		handle(o.res)
		done = append(done, o.res)
	}
	cancel()
	wg.Wait()
	return done, first
}
