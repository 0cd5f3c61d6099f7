// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// WRONG: the producers rest with time.Sleep, which no cancel interrupts:
// at the deadline a resting producer sleeps on to the end of its rest (up
// to 1.5 s) before it looks at ctx again, and Run waits for it (5.58 s for
// a deadline of 4.813 s). Every wait must select on ctx.Done().

// Run runs Producers producers and one consumer, connected by a queue of
// QueueSize items, as one scope, and returns only when every one of them
// has stopped.
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
