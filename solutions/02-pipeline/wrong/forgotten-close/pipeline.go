// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: nobody closes the channel. When the producers are done, the
// consumer's range loop waits for an item that will never come, and Run
// never returns.

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
				item := produce(p)
				select {
				case items <- item:
				case <-ctx.Done():
					return
				}
			}
		})
	}

	for item := range items {
		if err := consume(item); err != nil {
			cancel()
			wg.Wait()
			return err
		}
	}
	return nil
}
