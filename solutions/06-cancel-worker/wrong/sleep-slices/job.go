// Package cancelworker is the course's "press Enter to cancel" program: a
// job that makes readings one by one, in the background, until it has
// made them all or the user gives up.
package cancelworker

import (
	"context"
	"time"
)

// slice is how long Run sleeps before it checks ctx again.
const slice = 100 * time.Millisecond

// Run sleeps through each step in slices of 100 ms, and checks ctx after
// each slice. WRONG: polling. A cancel is noticed only at the end of the
// slice it falls in, up to 100 ms later: twice the budget of 50 ms.
func Run(ctx context.Context, n int) ([]Item, error) {
	var items []Item
	for i := range n {
		for left := StepTime(i); left > 0; left -= slice {
			time.Sleep(min(slice, left))
			if err := ctx.Err(); err != nil {
				return items, err
			}
		}
		items = append(items, Make(i))
	}
	return items, nil
}
