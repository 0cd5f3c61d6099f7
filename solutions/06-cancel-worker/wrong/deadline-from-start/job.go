// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run waits for each item until its moment, counted from Run's start, in
// a select that also watches ctx. WRONG: StepTime(i) is the wait since the
// item before, not since the start: item 1 is due 1.717 s after the start,
// and this Run makes it at 1.217 s, and every later item earlier still.
func Run(ctx context.Context, n int) ([]Item, error) {
	start := time.Now()
	var items []Item
	for i := range n {
		t := time.NewTimer(time.Until(start.Add(StepTime(i))))
		select {
		case <-t.C:
			items = append(items, Make(i))
		case <-ctx.Done():
			t.Stop()
			return items, ctx.Err()
		}
	}
	return items, nil
}
