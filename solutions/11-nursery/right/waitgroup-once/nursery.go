package nursery

import (
	"context"
	"sync"
	"time"
)

// Run without errgroup: a WaitGroup, the first error kept under a sync.Once.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	fail := func(err error) {
		if err == nil {
			return
		}
		once.Do(func() {
			firstErr = err
			cancel()
		})
	}
	queue := make(chan Item, QueueSize)
	for p := 0; p < Producers; p++ {
		wg.Add(1)
		go func(p int) {
			defer wg.Done()
			for i := 1; i <= ItemsEach; i++ {
				it, err := w.Make(ctx, p, i)
				if err != nil {
					fail(err)
					return
				}
				select {
				case queue <- it:
				case <-ctx.Done():
					fail(ctx.Err())
					return
				}
				if i == ItemsEach {
					break
				}
				select {
				case <-time.After(w.Rest(p, i)):
				case <-ctx.Done():
					fail(ctx.Err())
					return
				}
			}
		}(p)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for n := 0; n < Producers*ItemsEach; n++ {
			select {
			case it := <-queue:
				if err := w.Process(ctx, it); err != nil {
					fail(err)
					return
				}
			case <-ctx.Done():
				fail(ctx.Err())
				return
			}
		}
	}()
	wg.Wait()
	return firstErr
}
