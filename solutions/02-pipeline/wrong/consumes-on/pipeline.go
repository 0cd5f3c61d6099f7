// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import "sync"

// WRONG: the consumer remembers the first error and carries on consuming
// the rest, returning the error at the end. Nothing is left behind, but
// consume goes on being called after it has said it cannot go on, and the
// producers are never stopped.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	items := make(chan Item)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Go(func() {
			for range perProducer {
				items <- produce(p)
			}
		})
	}
	go func() {
		wg.Wait()
		close(items)
	}()

	var firstErr error
	for item := range items {
		if err := consume(item); err != nil && firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}
