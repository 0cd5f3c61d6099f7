// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// WRONG: on a cancel, Run returns no items at all, as if the job had made
// nothing: the items finished before the cancel are lost. Return them with
// ctx.Err().

// Run makes n items, one after another, and stops when ctx is cancelled.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		t := time.NewTimer(StepTime(i))
		select {
		case <-t.C:
			items = append(items, Make(i))
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		}
	}
	return items, nil
}
