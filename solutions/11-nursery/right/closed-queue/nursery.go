package nursery

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"
)

// Run with errgroup; the producers' side closes the queue and the consumer ranges until it is closed.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	g, ctx := errgroup.WithContext(ctx)
	queue := make(chan Item, QueueSize)
	var producers sync.WaitGroup
	for p := range Producers {
		producers.Add(1)
		g.Go(func() error {
			defer producers.Done()
			for i := 1; i <= ItemsEach; i++ {
				it, err := w.Make(ctx, p, i)
				if err != nil {
					return err
				}
				select {
				case queue <- it:
				case <-ctx.Done():
					return ctx.Err()
				}
				if i < ItemsEach {
					t := time.NewTimer(w.Rest(p, i))
					select {
					case <-t.C:
					case <-ctx.Done():
						t.Stop()
						return ctx.Err()
					}
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		producers.Wait()
		close(queue)
		return nil
	})
	g.Go(func() error {
		for {
			select {
			case it, ok := <-queue:
				if !ok {
					return nil
				}
				if err := w.Process(ctx, it); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	})
	return g.Wait()
}
