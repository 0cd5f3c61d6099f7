package ascompleted

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

type done struct {
	res Result
	err error
}

// AsCompleted with a weighted semaphore: a goroutine per job, started
// once a slot is free, all sending on one channel.
func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	sem := semaphore.NewWeighted(Workers)
	results := make(chan done, len(jobs))
	var wg sync.WaitGroup

	wg.Add(1)
	go func() {
		defer wg.Done()
		for _, job := range jobs {
			if err := sem.Acquire(ctx, 1); err != nil {
				return
			}
			if ctx.Err() != nil {
				sem.Release(1)
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer sem.Release(1)
				r, err := job(ctx)
				results <- done{r, err}
			}()
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	var out []Result
	var firstErr error
	for d := range results {
		if firstErr != nil {
			continue
		}
		if d.err != nil {
			firstErr = d.err
			cancel()
			continue
		}
		handle(d.res)
		out = append(out, d.res)
	}
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return out, firstErr
}
