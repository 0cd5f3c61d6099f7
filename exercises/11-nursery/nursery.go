// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

import (
	"context"
	"sync"
	"time"
)

// Run runs Producers producers and one consumer, connected by a queue of
// QueueSize items, as one scope, and returns only when every one of them
// has stopped.
//
// Producer p makes its items 1 to ItemsEach with w.Make, puts each on the
// queue, and rests w.Rest(p, i) after item i (not after its last). The
// consumer takes Producers*ItemsEach items off the queue and calls
// w.Process on each.
//
// The scope ends in one of four ways:
//   - all the items are processed: Run returns nil;
//   - timeout passes first (the course's trio.move_on_after): every
//     producer and the consumer is cancelled, and Run returns
//     context.DeadlineExceeded within a few milliseconds of the deadline;
//   - Make or Process fails: the others are cancelled, and Run returns that
//     first error (not the context.Canceled the others return after it);
//   - ctx is cancelled by the caller: Run returns context.Canceled.
//
// In every case, no goroutine Run started is still running when it returns.
//
// This version has no scope at all: it runs everything to the end, however
// long that takes, and an error stops nothing.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	queue := make(chan Item, QueueSize)

	var (
		mu       sync.Mutex
		firstErr error
	)
	record := func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			firstErr = err
		}
	}

	var producers sync.WaitGroup
	for p := range Producers {
		producers.Go(func() {
			for i := 1; i <= ItemsEach; i++ {
				it, err := w.Make(ctx, p, i)
				if err != nil {
					record(err)
					return
				}
				queue <- it
				if i < ItemsEach {
					time.Sleep(w.Rest(p, i))
				}
			}
		})
	}
	// The queue is closed once every producer is done, so the consumer's
	// loop below ends.
	go func() {
		producers.Wait()
		close(queue)
	}()

	for it := range queue {
		if err := w.Process(ctx, it); err != nil {
			record(err)
		}
	}
	return firstErr
}
