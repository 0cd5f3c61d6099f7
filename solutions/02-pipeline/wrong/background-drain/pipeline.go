// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import "sync"

// WRONG: when consume fails, Run starts a goroutine that drains the channel,
// so that no producer stays blocked, and returns at once. The producers are
// never told to stop (they make every item), and they and the drain are
// still running when Run has returned.

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
	go func() {
		wg.Wait()
		close(items)
	}()
	for it := range items {
		if err := consume(it); err != nil {
			go func() {
				for range items {
				}
			}()
			return err
		}
	}
	return nil
}
