// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: the producers run at the same time, so production is faster, but
// the consumer starts only once they have all finished: every item still
// waits for the end of the whole production run, like the starter's.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	items := make(chan Item, producers*perProducer) // room for every item
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for range perProducer {
				select {
				case items <- produce(p):
				case <-ctx.Done():
					return
				}
			}
		})
	}
	wg.Wait() // every item is made before the first is consumed
	close(items)

	for item := range items {
		if err := consume(item); err != nil {
			return err
		}
	}
	return nil
}
