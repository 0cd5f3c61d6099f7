// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run stops at once on a cancel, but always says context.Canceled. WRONG:
// a deadline that passes is context.DeadlineExceeded; ctx.Err() says
// which it was, and that is what the caller needs to know.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		t := time.NewTimer(StepTime(i))
		select {
		case <-t.C:
			items = append(items, Make(i))
		case <-ctx.Done():
			t.Stop()
			return items, context.Canceled
		}
	}
	return items, nil
}
