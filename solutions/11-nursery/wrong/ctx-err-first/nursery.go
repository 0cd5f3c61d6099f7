// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// WRONG: when the scope's ctx is done, Run returns ctx.Err() ("why the
// scope ended") instead of what g.Wait returned. After a failure that is
// the context.Canceled the failure caused, not the failure itself; and
// since errgroup cancels its ctx when Wait returns, even a run where all
// went well returns context.Canceled.

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
	err := g.Wait()
	if ctx.Err() != nil {
		return ctx.Err() // why the scope ended
	}
	return err
}
