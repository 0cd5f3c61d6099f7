// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import "sync"

// WRONG: when consume fails, the consumer returns its error only once the
// producers are done: it keeps draining the channel (without consuming) so
// that no producer is left blocked on a send. Nothing leaks, but the
// producers are never told to stop: they make all their items (20 produce
// calls instead of the 7 already begun when consume failed).

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

	var err error
	for item := range items {
		if err != nil {
			continue // drain, so that no producer waits forever
		}
		err = consume(item)
	}
	return err
}
