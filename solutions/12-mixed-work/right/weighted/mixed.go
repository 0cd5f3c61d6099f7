package mixed

import (
	"context"
	"runtime"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sync/semaphore"
)

// RunAll: one errgroup for everything, golang.org/x/sync/semaphore for the
// two bounded lanes, acquired inside each task's goroutine.
func RunAll(tasks []Task) ([]Result, error) {
	results := make([]Result, len(tasks))
	ctx := context.Background()
	lanes := map[Kind]*semaphore.Weighted{
		CPU: semaphore.NewWeighted(int64(runtime.GOMAXPROCS(0))),
		IO:  semaphore.NewWeighted(IOLimit),
	}
	var g errgroup.Group
	for i, t := range tasks {
		g.Go(func() error {
			if s, ok := lanes[t.Kind]; ok {
				if err := s.Acquire(ctx, 1); err != nil {
					return err
				}
				defer s.Release(1)
			}
			r, err := t.Run()
			results[i] = r
			return err
		})
	}
	err := g.Wait()
	return results, err
}
