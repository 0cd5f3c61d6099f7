package pipeline

import "sync"

// Run with a done channel, the consumer in its own goroutine, results on a channel.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	done := make(chan struct{})
	items := make(chan Item)
	var wg sync.WaitGroup
	wg.Add(producers)
	for p := 0; p < producers; p++ {
		go func(p int) {
			defer wg.Done()
			for i := 0; i < perProducer; i++ {
				it := produce(p)
				select {
				case items <- it:
				case <-done:
					return
				}
			}
		}(p)
	}
	go func() {
		wg.Wait()
		close(items)
	}()
	result := make(chan error, 1)
	go func() {
		for it := range items {
			if err := consume(it); err != nil {
				close(done)
				wg.Wait()
				result <- err
				return
			}
		}
		result <- nil
	}()
	return <-result
}
