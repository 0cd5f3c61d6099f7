// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// WRONG: polling. Each step sleeps on a 100 ms ticker started with the step
// and checks ctx at every tick: a cancel is noticed at the next tick, up to
// 100 ms later (92 ms for the cancel at 6.163 s), twice the budget.

// Run makes n items, one after another, and stops when ctx is cancelled.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		deadline := time.Now().Add(StepTime(i))
		tick := time.NewTicker(100 * time.Millisecond)
		for time.Now().Before(deadline) {
			if err := ctx.Err(); err != nil {
				tick.Stop()
				return items, err
			}
			left := time.Until(deadline)
			if left < 100*time.Millisecond {
				time.Sleep(left)
				break
			}
			<-tick.C
		}
		tick.Stop()
		if err := ctx.Err(); err != nil {
			return items, err
		}
		items = append(items, Make(i))
	}
	return items, nil
}
