// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run makes n items, one after another: item i is ready StepTime(i) after
// the one before it (after Run starts, for item 0), and Make(i) finishes
// it at that moment. Run returns the items in order, and a nil error.
//
// When ctx is cancelled (the user pressed Enter, a deadline passed), Run
// stops within 50 ms, without waiting for the current step to end, and
// returns the items it finished before that, with ctx.Err(). An item whose
// wait was cut short is not made. Whether it finishes or is cancelled, Run
// leaves no goroutine running when it returns.
//
// This version never looks at ctx: once started, it runs to the end.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		time.Sleep(StepTime(i)) // waiting for the next reading
		items = append(items, Make(i))
	}
	return items, nil
}
