package pool

import (
	"context"
	"sync"
)

// Ordered runs do(0) ... do(n-1), at most jobs at a time, and calls emit
// with each result in index order, as soon as it and all before it are
// done. It stops starting tasks after the first error (or when ctx ends)
// and returns that error once the running tasks are over. emit runs on
// the caller's goroutine.
func Ordered[T any](ctx context.Context, jobs, n int, do func(ctx context.Context, i int) (T, error), emit func(i int, v T)) error {
	jobs = max(1, min(jobs, n))
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type result struct {
		i   int
		v   T
		err error
	}
	results := make(chan result, n)
	next := make(chan int)
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for i := range next {
				if ctx.Err() != nil {
					continue // after an error: start nothing more
				}
				v, err := do(ctx, i)
				if err != nil {
					cancel()
				}
				results <- result{i, v, err}
			}
		})
	}
	go func() {
		defer close(next)
		for i := range n {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()

	done := make(map[int]T, n)
	emitted := 0
	var first error
	for r := range results {
		if r.err != nil {
			if first == nil {
				first = r.err
				cancel()
			}
			continue
		}
		done[r.i] = r.v
		for first == nil {
			v, ok := done[emitted]
			if !ok {
				break
			}
			delete(done, emitted)
			emit(emitted, v)
			emitted++
		}
	}
	if first == nil && emitted < n {
		first = ctx.Err()
	}
	return first
}
