// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: each producer has a channel of its own, and the consumer takes
// one item from each in turn. The producers run at once, but a fast
// producer's item waits for the slow producer's next item before the
// consumer comes back to it.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	var wg sync.WaitGroup
	defer wg.Wait()
	lanes := make([]chan Item, producers)
	for p := range producers {
		lanes[p] = make(chan Item)
		wg.Go(func() {
			for range perProducer {
				if ctx.Err() != nil {
					return
				}
				item := produce(p)
				select {
				case lanes[p] <- item:
				case <-ctx.Done():
					return
				}
			}
		})
	}

	for range perProducer {
		for _, lane := range lanes {
			if err := consume(<-lane); err != nil {
				cancel()
				return err
			}
		}
	}
	return nil
}
