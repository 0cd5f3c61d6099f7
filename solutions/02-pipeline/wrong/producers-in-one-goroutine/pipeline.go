// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: one goroutine plays every producer, taking turns: item 0 of
// producer 0, item 0 of producer 1, item 1 of producer 0... and sends each
// item to the consumer as soon as it is made. Every item is consumed soon
// after it is made, but the producers never work at the same time: each
// waits for the others, and the whole run takes the sum of their paces.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	items := make(chan Item)
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(items)
		for range perProducer {
			for p := range producers {
				if ctx.Err() != nil {
					return
				}
				select {
				case items <- produce(p):
				case <-ctx.Done():
					return
				}
			}
		}
	})

	for item := range items {
		if err := consume(item); err != nil {
			cancel()
			wg.Wait()
			return err
		}
	}
	return nil
}
