// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: results are handled as they come, the first error cancels
// everything and AsCompleted waits for every job, but the error it
// returns is whatever error came last: after the real failure, the jobs
// it cancelled return their own errors (context.Canceled), and the last
// of those overwrites it.
// Rejected by: tests (AsCompleted returns context.Canceled, not job 16's
// error).

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
	var err error
	for o := range outcomes {
		if o.err != nil {
			err = o.err
			cancel()
			continue
		}
		if err == nil {
			handle(o.res)
			done = append(done, o.res)
		}
	}
	return done, err
}
