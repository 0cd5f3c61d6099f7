// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// WRONG: each item is made first and its step waited after: item 0 is made
// at once instead of 500 ms in, every item one step early, and the item
// whose wait a cancel cuts short has already been made.

// Run makes n items, one after another, and stops when ctx is cancelled.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		if err := ctx.Err(); err != nil {
			return items, err
		}
		items = append(items, Make(i))
		t := time.NewTimer(StepTime(i))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return items, ctx.Err()
		}
	}
	return items, nil
}
