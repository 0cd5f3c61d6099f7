package pipeline

import (
	"context"
	"sync"
)

// Run with a buffered channel big enough for every item, ctx checked before each produce.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	items := make(chan Item, producers*perProducer)
	var wg sync.WaitGroup
	for p := range producers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range perProducer {
				if ctx.Err() != nil {
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
			cancel()
			wg.Wait()
			return err
		}
	}
	return nil
}
