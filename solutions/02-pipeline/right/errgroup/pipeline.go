package pipeline

import (
	"context"

	"golang.org/x/sync/errgroup"
)

// Run with an errgroup for the producers, the consumer on Run's goroutine.
func Run(producers, perProducer int, produce func(producer int) Item, consume func(Item) error) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	g, gctx := errgroup.WithContext(ctx)
	items := make(chan Item)
	for p := 0; p < producers; p++ {
		p := p
		g.Go(func() error {
			for i := 0; i < perProducer; i++ {
				it := produce(p)
				select {
				case items <- it:
				case <-gctx.Done():
					return gctx.Err()
				}
			}
			return nil
		})
	}
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		g.Wait()
		close(items)
	}()
	var err error
	for it := range items {
		if err = consume(it); err != nil {
			break
		}
	}
	cancel()
	<-closed
	return err
}
