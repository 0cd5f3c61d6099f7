// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

// WRONG: everything is cancelled at the right moment and the right error
// is returned, but at the deadline Run returns at once, without
// waiting for its goroutines to stop. The consumer is still putting its
// item back when Run has already returned: the scope is not a scope.
// Rejected by: tests (a Process call is still in progress when Run returns).

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// Run runs the producers and the consumer as one scope; see the exercise's
// nursery.go.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	scope, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	g, ctx := errgroup.WithContext(scope)
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

	done := make(chan error, 1)
	go func() { done <- g.Wait() }()
	select {
	case err := <-done:
		return err
	case <-scope.Done():
		// The deadline has passed and everyone is cancelled: why wait for
		// the stragglers?
		return scope.Err()
	}
}
