// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: the pool, the handling, the first error and the waiting are all
// right, but the results are kept in a slice with one place per job,
// results[i] = res, and that slice is returned whole: after a stop, the
// jobs that never finished come back as zero Results, as if they had.
// Rejected by: tests (AsCompleted returns 50 results after the first
// error, when fewer were handled).

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

	results := make([]Result, len(jobs))
	var mu sync.Mutex
	for i, job := range jobs {
		g.Go(func() error {
			if err := ctx.Err(); err != nil {
				return err
			}
			res, err := job(ctx)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			handle(res)
			results[i] = res
			return nil
		})
	}
	err := g.Wait()
	return results, err
}
