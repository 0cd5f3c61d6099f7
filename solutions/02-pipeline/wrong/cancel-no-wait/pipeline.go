// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: on an error the consumer cancels the producers and returns at
// once. A producer waiting to send sees the cancel and stops, but one
// that is in the middle of a produce call is still running when Run
// returns: Run started it and does not wait for it.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	items := make(chan Item)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for range perProducer {
				if ctx.Err() != nil {
					return
				}
				item := produce(p)
				select {
				case items <- item:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(items)
	}()

	for item := range items {
		if err := consume(item); err != nil {
			return err // the deferred cancel stops the producers
		}
	}
	return nil
}
