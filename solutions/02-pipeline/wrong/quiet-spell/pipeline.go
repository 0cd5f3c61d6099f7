// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
	"time"
)

// WRONG: nobody closes the channel; instead the consumer decides that the
// producers are done when no item has come for a second. That works while
// every producer is quick, and drops the items of a producer that takes
// longer than the quiet spell it waits for.

// quiet is how long the consumer waits for an item before it decides the
// producers are done.
const quiet = time.Second

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	items := make(chan Item)
	var wg sync.WaitGroup
	defer wg.Wait()
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

	for {
		select {
		case item := <-items:
			if err := consume(item); err != nil {
				cancel()
				return err
			}
		case <-time.After(quiet):
			cancel()
			return nil
		}
	}
}
