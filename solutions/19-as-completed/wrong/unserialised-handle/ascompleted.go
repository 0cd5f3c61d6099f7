// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: errgroup does the pool, the first error and the waiting, and
// every result is handled the moment its job returns, in the goroutine
// that ran it. The results slice is behind a mutex, but handle is called
// outside it: when two jobs finish at once, handle runs twice at once,
// and handle is not safe for that (a dashboard, a file, a terminal).
// Rejected by: tests (handle seen running twice at once) and race (the
// calls are not ordered).

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(Workers)

	var mu sync.Mutex
	var done []Result
	for _, job := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := job(ctx)
			if err != nil {
				return err
			}
			handle(res)
			mu.Lock()
			done = append(done, res)
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	return done, err
}
