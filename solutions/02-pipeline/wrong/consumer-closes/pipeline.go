// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import "sync"

// WRONG: when consume fails, the consumer closes the channel to tell the
// producers to stop. Only the senders' side may close: a producer's next
// send on the closed channel panics (and races with the close).

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	items := make(chan Item)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perProducer {
				items <- produce(p)
			}
		}()
	}
	var once sync.Once
	go func() {
		wg.Wait()
		once.Do(func() { close(items) })
	}()
	for it := range items {
		if err := consume(it); err != nil {
			once.Do(func() { close(items) })
			wg.Wait()
			return err
		}
	}
	return nil
}
