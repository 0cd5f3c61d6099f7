// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import "sync"

// WRONG: when the consumer stops early, Run returns at once, and the
// producers are never told: each one's next send waits forever for a
// consumer that has gone.

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

	for item := range items {
		if err := consume(item); err != nil {
			return err
		}
	}
	return nil
}
