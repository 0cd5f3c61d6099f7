// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// Run checks the context before each step, like a Python loop checking an
// abort flag, but the step itself is a time.Sleep that nothing can
// interrupt: a cancel is noticed only when the current step ends, up to
// 1.5 s later.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		if err := ctx.Err(); err != nil {
			return items, err
		}
		time.Sleep(StepTime(i))
		items = append(items, Make(i))
	}
	return items, ctx.Err()
}
