// Package nursery runs producers and a consumer as one unit of work: they
// start together, stop together, and the first failure stops them all.
package nursery

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"
)

// WRONG: the scope is right, but a producer rests in slices of 100 ms and
// checks ctx after each slice, instead of waiting on ctx.Done() itself.
// A cancel is noticed only when the current slice ends, up to 100 ms
// later, and g.Wait waits for it: Run returns too long after the deadline.

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
// The scope is an errgroup.Group made with errgroup.WithContext, under a
// context.WithTimeout: the Go shape of trio's move_on_after around a
// nursery. The timeout, the caller's cancellation and the group's first
// error all end up as one thing, the group's ctx being done; each producer
// and the consumer selects on ctx.Done() wherever it waits, so all of them
// notice at once. g.Wait is the nursery's closing brace: it returns only
// after every goroutine of the group has returned, with the first error
// any of them returned.
func Run(ctx context.Context, w Work, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel() // frees the timer when the work ends before the deadline

	g, ctx := errgroup.WithContext(ctx)
	queue := make(chan Item, QueueSize)
	for p := range Producers {
		g.Go(func() error { return produce(ctx, w, p, queue) })
	}
	g.Go(func() error { return consume(ctx, w, queue) })
	return g.Wait()
}

// produce makes producer p's items and puts them on the queue, resting
// between them. Each of its two waits, the send on a full queue and the
// rest, also waits for ctx.Done(): a goroutine that blocks anywhere without
// watching ctx cannot be cancelled there.
func produce(ctx context.Context, w Work, p int, queue chan<- Item) error {
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
			for left := w.Rest(p, i); left > 0; left -= slice {
				time.Sleep(min(slice, left))
				if err := ctx.Err(); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// consume processes Producers*ItemsEach items. Counting the items, rather
// than ranging over the queue until it is closed, means nobody has to
// close the queue: it is simply dropped when Run returns.
func consume(ctx context.Context, w Work, queue <-chan Item) error {
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
}

// slice is how long a producer rests before it checks ctx again.
const slice = 100 * time.Millisecond

// sleep waits for d, or until ctx is done, whichever comes first: the
// cancellable time.Sleep (trio.sleep is cancellable by itself; in Go, a
// wait is cancellable only if it selects on ctx.Done()).
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
