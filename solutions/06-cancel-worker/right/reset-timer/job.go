package cancelworker

import (
	"context"
	"time"
)

// Run reuses one timer, Reset for each step.
func Run(ctx context.Context, n int) (items []Item, err error) {
	if n == 0 {
		return nil, nil
	}
	t := time.NewTimer(StepTime(0))
	defer t.Stop()
	for i := 0; i < n; i++ {
		if i > 0 {
			t.Reset(StepTime(i))
		}
		select {
		case <-t.C:
			items = append(items, Make(i))
		case <-ctx.Done():
			return items, ctx.Err()
		}
	}
	return items, nil
}
