// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

// WRONG: no goroutine at all: Run makes an item and consumes it at once,
// taking the producers in turn. No item waits (the average wait is 0 s),
// but nothing runs at the same time as anything else: each producer waits
// for the others and for the consumer.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	for range perProducer {
		for p := range producers {
			if err := consume(produce(p)); err != nil {
				return err
			}
		}
	}
	return nil
}
