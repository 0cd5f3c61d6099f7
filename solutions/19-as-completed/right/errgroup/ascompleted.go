package ascompleted

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// AsCompleted with errgroup: a limit of Workers, a mutex around handle.
func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(Workers)

	var mu sync.Mutex
	var results []Result
	for _, job := range jobs {
		if ctx.Err() != nil {
			break
		}
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
			results = append(results, res)
			return nil
		})
	}
	err := g.Wait()
	mu.Lock()
	defer mu.Unlock()
	return results, err
}
