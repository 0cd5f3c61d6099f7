// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: on an error the consumer cancels the producers and drains the
// channel until it is closed, but a producer that finishes a produce call
// after the cancel meets a select whose two cases are both ready (the
// drain takes its item, ctx.Done() is closed), and select picks one at
// random: half the time it sends, loops, and calls produce again. With
// many producers in the middle of an item, some always go on making items
// after the consumer has stopped.

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

	items := make(chan Item)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for range perProducer {
				item := produce(p)
				// A plain `items <- item` would wait forever once the
				// consumer has stopped reading: wait for the consumer or
				// for the cancellation, whichever comes first.
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
			// Wait until the producers have stopped and the channel is
			// closed, so that nothing Run started outlives it.
			for range items {
			}
			return err
		}
	}
	return nil
}
