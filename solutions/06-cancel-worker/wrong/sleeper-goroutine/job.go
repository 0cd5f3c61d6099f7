// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run makes each wait cancellable by sleeping on a helper goroutine and
// selecting on its done channel and ctx.Done(). Run itself stops at once,
// but the helper sleeping through the current step is left behind.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		if err := sleep(ctx, StepTime(i)); err != nil {
			return items, err
		}
		items = append(items, Make(i))
	}
	return items, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	done := make(chan struct{})
	go func() {
		time.Sleep(d)
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
