package cancelworker

import (
	"context"
	"time"
)

// Run with time.After in a select.
func Run(ctx context.Context, n int) ([]Item, error) {
	items := []Item{}
	for i := 0; i < n; i++ {
		select {
		case <-ctx.Done():
			return items, ctx.Err()
		case <-time.After(StepTime(i)):
			items = append(items, Make(i))
		}
	}
	return items, nil
}
