// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: errgroup.WithContext and SetLimit(Workers) run the pool, and a
// mutex keeps handle to one call at a time, but nothing looks at ctx
// before a job starts. Once stopped, g.Go still waits for a free slot and
// then starts the next job with the cancelled ctx, which still connects
// (2.3 ms): every job left is started, one slot at a time.
// Rejected by: tests (jobs started after the first error, the deadline
// and the caller's cancel).

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
	var results []Result
	for _, job := range jobs {
		g.Go(func() error {
			res, err := job(ctx)
			if err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			handle(res)
			results = append(results, res)
			return nil
		})
	}
	err := g.Wait()
	return results, err
}
