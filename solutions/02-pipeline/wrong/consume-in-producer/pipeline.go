// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"sync"
	"sync/atomic"
)

// WRONG: no consumer: each producer, in its own goroutine, consumes its own
// items, taking turns with a token (a channel of one, used as a lock) so
// that consume never runs twice at once. The producers do start together,
// but a producer makes nothing while it consumes or waits for the token:
// they take turns instead of handing their items to a consumer.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	var (
		wg       sync.WaitGroup
		token    = make(chan struct{}, 1) // whoever holds it may consume
		stopped  atomic.Bool
		firstErr error
	)
	for p := range producers {
		wg.Go(func() {
			for range perProducer {
				if stopped.Load() {
					return
				}
				item := produce(p)
				token <- struct{}{}
				if firstErr == nil {
					if err := consume(item); err != nil {
						firstErr = err
						stopped.Store(true)
					}
				}
				<-token
			}
		})
	}
	wg.Wait()
	return firstErr
}
