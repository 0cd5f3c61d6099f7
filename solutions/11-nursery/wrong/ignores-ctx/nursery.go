// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

// WRONG: the scope is right (errgroup under context.WithTimeout), but the
// producers rest with time.Sleep, which does not listen to ctx. When the
// deadline or an error cancels the scope, a resting producer notices only
// when its rest is over, up to 1.5 s later, and g.Wait waits for it.
// Rejected by: timing (Run returns long after the deadline).

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// Run runs the producers and the consumer as one scope; see the exercise's
// nursery.go.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	g, ctx := errgroup.WithContext(ctx)
	queue := make(chan Item, QueueSize)
	for p := range Producers {
		g.Go(func() error {
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
					time.Sleep(w.Rest(p, i))
				}
			}
			return nil
		})
	}
	g.Go(func() error {
		for range Producers * ItemsEach {
			select {
			case it := <-queue:
				if err := w.Process(ctx, it); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	})
	return g.Wait()
}
