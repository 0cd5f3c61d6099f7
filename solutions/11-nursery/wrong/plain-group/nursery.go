// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// WRONG: a plain errgroup.Group, not errgroup.WithContext: g.Wait returns
// the first error, but nothing cancels the others when it happens. They
// go on making and processing items until they are done or the deadline
// passes, and Run returns only then (a minute late in the tests).

// Run runs Producers producers and one consumer, connected by a queue of
// QueueSize items, as one scope, and returns only when every one of them
// has stopped.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var g errgroup.Group
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
					select {
					case <-time.After(w.Rest(p, i)):
					case <-ctx.Done():
						return ctx.Err()
					}
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
