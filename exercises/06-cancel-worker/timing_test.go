package cancelworker

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

// TestTimingCancel cancels a 10-item job at several moments in the middle
// of a step and measures how long Run takes to return after each cancel,
// in virtual time (a synctest bubble): exact, and the same on a busy
// machine. The worst of them must be within the budget.
func TestTimingCancel(t *testing.T) {
	const n = 10
	// Each moment leaves at least 300 ms of its step to go, so a Run that
	// finishes the step before it notices the cancel is 6x over budget.
	moments := []time.Duration{
		200 * time.Millisecond,  // item 0's step: 0 to 500 ms
		2950 * time.Millisecond, // item 3's step: 2651 to 3302 ms
		6100 * time.Millisecond, // item 6's step: 5755 to 6557 ms
	}
	var (
		worst    time.Duration
		worstErr error
		seen     []string
	)
	for _, at := range moments {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := start(ctx, n)
			time.Sleep(at)
			cancel()
			cancelled := time.Now()
			o := r.result() // goroutines left behind are the functional tests' business
			latency := o.returned.Sub(cancelled)
			seen = append(seen, fmt.Sprintf("%v after a cancel at %v", latency, at))
			if latency >= worst {
				worst, worstErr = latency, o.err
			}
		})
	}
	katatest.Info(t, "time from cancel to return, each cancel (virtual time)", strings.Join(seen, "; "))

	var note string
	switch {
	case worst <= budget:
	case worstErr == nil:
		note = fmt.Sprintf("Run never looked at ctx: it made all %d items and returned %v after the cancel, "+
			"with a nil error. Wait for each step in a select that also watches ctx.Done(), and return "+
			"the items so far with ctx.Err() when it fires (make hint EX=06).", n, worst)
	default:
		note = fmt.Sprintf("Run did stop, but only %v after the cancel: it noticed the cancel when the "+
			"step it was waiting on ended. Checking ctx between steps is not enough when one step takes "+
			"a second. Make the wait itself cancellable: select on ctx.Done() and a timer's channel "+
			"(time.NewTimer), so the cancel ends the wait at once.", worst)
	}
	katatest.WithinDuration(t, "time from cancel to return (worst, virtual time)", worst, budget, note)
}
