package nursery

import (
	"context"
	"time"
)

// Run with a channel of errors: the first non-nil one cancels the rest, then all are awaited.
func Run(parent context.Context, w Work, timeout time.Duration) error {
	deadline, stop := context.WithTimeout(parent, timeout)
	defer stop()
	ctx, cancel := context.WithCancel(deadline)
	defer cancel()

	queue := make(chan Item, QueueSize)
	errc := make(chan error, Producers+1)
	producer := func(p int) error {
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
	}
	for p := 0; p < Producers; p++ {
		go func(p int) { errc <- producer(p) }(p)
	}
	go func() {
		for n := 0; n < Producers*ItemsEach; n++ {
			select {
			case it := <-queue:
				if err := w.Process(ctx, it); err != nil {
					errc <- err
					return
				}
			case <-ctx.Done():
				errc <- ctx.Err()
				return
			}
		}
		errc <- nil
	}()
	var first error
	for range Producers + 1 {
		if err := <-errc; err != nil && first == nil {
			first = err
			cancel()
		}
	}
	return first
}
