// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: the reference, with room for one item in the channel so that a
// producer need not wait for the consumer. But after the consumer fails,
// a producer that finishes its item finds the room free, and its select
// has two ready cases, the send and <-ctx.Done(): it picks one at random,
// and half the time it sends, goes round its loop, and makes another item
// after the consumer has stopped. (With a buffer, check ctx.Err() before
// each produce call.)

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
//
//   - produce(p) makes producer p's next item (p from 0 to producers-1). It
//     takes a while: that is the producer's pace. A producer makes its
//     items one after the other, so call it perProducer times for each p,
//     never twice at once for the same p.
//   - consume(item) processes one item, and takes a while too. There is
//     one consumer: never call consume while another call is running. If
//     consume returns an error, the consumer stops there: Run calls it no
//     more, stops the producers and returns that error.
//
// Run returns nil once every item has been consumed. Whether it finishes or
// stops early, no goroutine it started is left when it returns.
//
// Each producer is a goroutine that sends its items on one shared channel
// as soon as they are made; the consumer is Run's own goroutine, ranging
// over that channel, so it takes each item the moment it is free. The
// channel is unbuffered: an item waits in the hand-over, never in a pile.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	// cancel tells the producers to stop when the consumer stops early.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	items := make(chan Item, 1)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for range perProducer {
				item := produce(p)
				// A plain `items <- item` would wait forever once the
				// consumer has stopped reading: wait for the consumer or
				// for the cancellation, whichever comes first. Once the
				// consumer has stopped nobody receives, so only the
				// cancellation can be ready: the producer returns, and
				// makes nothing more.
				select {
				case items <- item:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	// Close the channel once every producer is done, so the range below
	// ends. Only the senders' side knows when that is; the consumer must
	// never close a channel others send on.
	go func() {
		wg.Wait()
		close(items)
	}()

	for item := range items {
		if err := consume(item); err != nil {
			cancel()
			// Wait until the producers have stopped, so that nothing Run
			// started outlives it: one waiting to send sees ctx.Done()
			// (nobody receives any more), one in the middle of produce
			// finishes that call first. The goroutine that closes the
			// channel ends with them.
			wg.Wait()
			return err
		}
	}
	return nil
}
