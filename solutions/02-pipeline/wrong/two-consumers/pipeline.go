// Package pipeline runs the course's producers and consumer: producers make
// items at their own pace, one consumer processes them, and the question is
// how long each item waits between the two.
package pipeline

import (
	"context"
	"sync"
)

// WRONG: two consumers read the channel, to be sure to keep up. consume
// then runs in two goroutines at once, and there is one consumer: two
// calls of consume at the same time break it.

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
	go func() {
		wg.Wait()
		close(items)
	}()

	var (
		consumers sync.WaitGroup
		once      sync.Once
		firstErr  error
	)
	for range 2 {
		consumers.Go(func() {
			for item := range items {
				if ctx.Err() != nil {
					continue
				}
				if err := consume(item); err != nil {
					once.Do(func() { firstErr = err })
					cancel()
				}
			}
		})
	}
	consumers.Wait()
	return firstErr
}
