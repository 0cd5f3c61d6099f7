package cancelworker

import (
	"context"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// These tests run in a synctest bubble: time.Sleep, timers and
// context deadlines use a virtual clock that jumps ahead whenever every
// goroutine of the bubble is waiting, so a job of many seconds takes no
// real time, and every time below is exact. The cancel moments are odd
// numbers of milliseconds, so that none falls on the tick of a 10, 50 or
// 100 ms timer in the code under test (two timers due at the same instant
// fire in either order).

// TestRunMakesEveryItem runs a job to the end: every item, in order, each
// made at its due time.
func TestRunMakesEveryItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n = 6
		begin := time.Now()
		o := start(context.Background(), n).wait(t)
		require.NoError(t, o.err, "nothing cancelled the job: Run should return a nil error")
		require.Lenf(t, o.items, n, "Run(ctx, %d) should make %d items", n, n)
		due := due(begin, n)
		checkItems(t, o.items, due, n)
		require.WithinDurationf(t, due[n-1], o.returned, budget,
			"Run should return as soon as the last item is made, at %v; it returned at %v",
			due[n-1].Sub(begin), o.returned.Sub(begin))
	})
}

// TestRunCancelled cancels the job at several moments and checks what Run
// returns: context.Canceled and the items finished before the cancel.
func TestRunCancelled(t *testing.T) {
	const n = 8
	for _, at := range []time.Duration{
		337 * time.Millisecond,  // during the first step (0 to 500 ms)
		3541 * time.Millisecond, // during item 4's step (3.302 s to 4.670 s)
		6503 * time.Millisecond, // during item 6's step, 54 ms before it is due (at 6.557 s)
	} {
		t.Run(fmt.Sprintf("cancel at %v", at), func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				begin := time.Now()
				r := start(ctx, n)
				time.Sleep(at)
				cancel()
				o := r.wait(t)
				due := due(begin, n)
				finished := dueBefore(due, begin.Add(at))
				require.ErrorIsf(t, o.err, context.Canceled, "the context was cancelled %v into the job: "+
					"Run should return ctx.Err() (context.Canceled), not %v. Look at ctx while you wait: "+
					"select on ctx.Done() next to the step's timer.", at, o.err)
				checkItems(t, o.items, due, finished)
			})
		})
	}
}

// TestRunDeadline gives the job a deadline instead of a cancel.
func TestRunDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const n, limit = 8, 2237 * time.Millisecond // during item 2's step (1.717 s to 2.651 s)
		ctx, cancel := context.WithTimeout(context.Background(), limit)
		defer cancel()
		begin := time.Now()
		o := start(ctx, n).wait(t)
		require.ErrorIsf(t, o.err, context.DeadlineExceeded, "the context's deadline passed %v into the job: "+
			"Run should return ctx.Err() (context.DeadlineExceeded), not %v", limit, o.err)
		due := due(begin, n)
		checkItems(t, o.items, due, dueBefore(due, begin.Add(limit)))
	})
}

// TestRunAlreadyCancelled starts the job with a context cancelled before
// it begins: no item, at once.
func TestRunAlreadyCancelled(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		begin := time.Now()
		o := start(ctx, 5).wait(t)
		require.ErrorIsf(t, o.err, context.Canceled, "the context was cancelled before Run started: "+
			"Run should return ctx.Err() at once, not %v", o.err)
		require.Emptyf(t, o.items, "the context was cancelled before Run started, so no item was finished")
		require.LessOrEqualf(t, o.returned.Sub(begin), budget,
			"Run with a cancelled context took %v: it should return at once", o.returned.Sub(begin))
	})
}

// TestRunLeavesNothingRunning checks, right after Run returns, that no
// goroutine it started is still there: after a cancel, and after a
// complete run. (The other tests check it too, as each Run returns.)
func TestRunLeavesNothingRunning(t *testing.T) {
	t.Run("cancelled", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			r := start(ctx, 8)
			time.Sleep(2437 * time.Millisecond)
			cancel()
			<-r.done
			requireNothingLeft(t, r.before, "Run returned after its context was cancelled, 2.437s into the job")
		})
	})
	t.Run("finished", func(t *testing.T) {
		synctest.Test(t, func(t *testing.T) {
			r := start(context.Background(), 3)
			<-r.done
			requireNothingLeft(t, r.before, "Run made all its items and returned")
		})
	})
}
