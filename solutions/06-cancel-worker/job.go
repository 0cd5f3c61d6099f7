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
// The job needs no goroutine of its own: the caller decides whether Run
// runs in the background (go Run(...)), and Run does all its waiting on the
// goroutine that called it. Each step's wait is cancellable, so a cancel
// is noticed at the moment it happens, not when the step ends.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		if err := sleep(ctx, StepTime(i)); err != nil {
			return items, err // the items finished so far, and why we stopped
		}
		items = append(items, Make(i))
	}
	return items, nil
}

// sleep is time.Sleep(d) that ends early, with ctx.Err(), when ctx is
// cancelled.
//
// A timer rather than time.After: Stop releases it at once when the
// cancel wins (since Go 1.23 an unstopped timer is garbage collected too,
// so time.After in a select is no longer a leak, only less tidy). The
// select waits for whichever comes first; nothing is left waiting after
// it returns.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
