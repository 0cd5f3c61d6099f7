// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run starts the job on a worker goroutine, like the course's daemon
// thread, and returns as soon as ctx is cancelled, with the items received
// so far. It returns at once, but the worker is still waiting on its
// time.After when Run returns: it notices the cancel only when that step
// ends.
func Run(ctx context.Context, n int) ([]Item, error) {
	results := make(chan Item)
	go func() {
		defer close(results)
		for i := range n {
			<-time.After(StepTime(i))
			select {
			case results <- Make(i):
			case <-ctx.Done():
				return
			}
		}
	}()

	var items []Item
	for {
		select {
		case it, ok := <-results:
			if !ok {
				return items, nil
			}
			items = append(items, it)
		case <-ctx.Done():
			return items, ctx.Err()
		}
	}
}
