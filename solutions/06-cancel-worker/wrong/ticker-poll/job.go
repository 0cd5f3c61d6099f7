// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run checks ctx before each step, then waits for the step on a timer
// and checks ctx again every time a 100 ms ticker ticks. WRONG: polling.
// A cancel in the middle of a step is noticed only at the next tick, up to
// 100 ms after it happened: twice the budget of 50 ms.
func Run(ctx context.Context, n int) ([]Item, error) {
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	var items []Item
	for i := range n {
		if err := ctx.Err(); err != nil {
			return items, err
		}
		step := time.NewTimer(StepTime(i))
	wait:
		for {
			select {
			case <-step.C:
				break wait
			case <-ticker.C:
				if err := ctx.Err(); err != nil {
					step.Stop()
					return items, err
				}
			}
		}
		items = append(items, Make(i))
	}
	return items, nil
}
