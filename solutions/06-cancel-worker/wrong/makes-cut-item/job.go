// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run stops at once on a cancel, but finishes the item whose wait was cut
// short before it returns, so as not to lose it. WRONG: that item is made
// before it is due, from a wait that never ended: an item whose wait was
// cut short is not made.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		t := time.NewTimer(StepTime(i))
		select {
		case <-t.C:
			items = append(items, Make(i))
		case <-ctx.Done():
			t.Stop()
			items = append(items, Make(i)) // keep the reading we were waiting for
			return items, ctx.Err()
		}
	}
	return items, nil
}
