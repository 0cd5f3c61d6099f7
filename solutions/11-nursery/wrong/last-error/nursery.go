// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

// WRONG: a hand-made scope (a WaitGroup and a cancel func) that cancels
// everything on the first error, as it should, but keeps the LAST error in
// one variable. The others, once cancelled, return context.Canceled after
// the real failure, and that is what Run reports.
// Rejected by: tests (Run returns context.Canceled, not the failure).

import (
	"context"
	"sync"
	"time"
)

// Run runs the producers and the consumer as one scope; see the exercise's
// nursery.go.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	var (
		mu  sync.Mutex
		err error
		wg  sync.WaitGroup
	)
	run := func(f func() error) {
		wg.Go(func() {
			if e := f(); e != nil {
				mu.Lock()
				err = e
				mu.Unlock()
				cancel()
			}
		})
	}

	queue := make(chan Item, QueueSize)
	for p := range Producers {
		run(func() error {
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
	run(func() error {
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
	wg.Wait()
	return err
}
