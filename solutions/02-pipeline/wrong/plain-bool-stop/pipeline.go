// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import "sync"

// WRONG: when consume fails, the consumer sets a plain bool that the
// producers read before each produce. Nothing orders that write before the
// producers' reads: a data race, which the race detector reports, and a
// producer may go on reading a stale false. Tell goroutines to stop with a
// channel that is closed (a context's Done), or at least an atomic.Bool.

// Run has each of producers producers make perProducer items, and one
// consumer process every item made.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	stop := false
	items := make(chan Item, producers*perProducer)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perProducer {
				if stop {
					return
				}
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
			stop = true
			wg.Wait()
			return err
		}
	}
	return nil
}
