package nursery

// The timing tests measure in virtual time (testing/synctest): the deadline,
// the rests and the processing are timers, so the figures are exact and the
// same on any machine, however busy.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// overshootBudget is how long after the deadline, or after the first error,
// Run may return: a cancelled Process needs cleanupTime, nothing else
// should need any time at all.
const overshootBudget = 50 * time.Millisecond

// TestTimingDeadline runs the scope with a 4.813 s timeout and measures when
// Run returns: at most 50 ms after the deadline.
func TestTimingDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		o := runScope(t, context.Background(), w, deadline)
		var note string
		switch {
		case o.returned <= deadline+overshootBudget:
		case o.err == nil:
			note = fmt.Sprintf("Run ran until all the items were processed (%v) and returned nil: nothing "+
				"watched the %v timeout. Make the scope's context with context.WithTimeout(ctx, timeout), "+
				"share it with the producers and the consumer, and have each stop when ctx.Done() is closed "+
				"(make hint EX=11).", o.returned, deadline)
		default:
			note = lateNote(w, deadline, "the deadline")
		}
		katatest.WithinDuration(t, fmt.Sprintf("Run returned (the deadline is %v)", deadline), o.returned,
			deadline+overshootBudget, note)
		if note == "" {
			katatest.Info(t, "returned after the deadline", fmt.Sprintf("%v (a cancelled Process takes %v "+
				"to put its item back)", max(o.returned-deadline, 0), cleanupTime))
		}
		requireError(t, o, context.DeadlineExceeded, fmt.Sprintf("the %v timeout passed", deadline),
			"the error of a context.WithTimeout whose time is up, what ctx.Err() says then (a time.AfterFunc "+
				"that calls cancel makes it context.Canceled instead)")
	})
}

// TestTimingFirstError makes a producer fail at 7.54 s and measures how
// long after that Run returns: at most 50 ms.
func TestTimingFirstError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		w.failMake[unpluggedKey] = errUnplugged
		o := runScope(t, context.Background(), w, noDeadline)
		failedAt, _ := w.failure()
		if failedAt != unpluggedTime {
			katatest.Info(t, "Run returned", fmt.Sprintf("%v, with error %v", o.returned, o.err))
			require.Failf(t, "no failure", "producer 1's Make for item 9 should fail at %v, but it was %s: "+
				"Run returned at %v (error: %v) before the producer got there. Run every producer and the "+
				"consumer until they are done, cancelled, or fail.", unpluggedTime, failedNote(failedAt),
				o.returned, o.err)
		}
		late := o.returned - failedAt
		var note string
		switch {
		case late <= overshootBudget:
		case len(w.workAfter(failedAt)) > 0:
			note = fmt.Sprintf("The others went on working after the failure (Run returned at %v): the first "+
				"error must cancel them. errgroup.WithContext gives a ctx that is cancelled as soon as one "+
				"function of the group returns an error; every wait must watch it (make hint EX=11).", o.returned)
		default:
			note = lateNote(w, failedAt, "the failure")
		}
		katatest.WithinDuration(t, "Run returned after the first error", late, overshootBudget, note)
		requireError(t, o, errUnplugged, fmt.Sprintf("producer 1's Make failed at %v with %q, the first error",
			failedAt, errUnplugged), "the error of the first producer or consumer that failed, alone; "+
			"the others return context.Canceled after it (errgroup's g.Wait() keeps the first)")
	})
}

// requireError fails the test unless Run returned want: it says which error
// came back instead, and why want was the one to return.
func requireError(t *testing.T, o outcome, want error, what, why string) {
	t.Helper()
	if errors.Is(o.err, want) {
		return
	}
	got := "nil"
	if o.err != nil {
		got = fmt.Sprintf("%q (%T)", o.err, o.err)
	}
	t.Fatalf("%s, and Run returned %s at %v; it should return %q: %s.", what, got, o.returned, want, why)
}

// failedNote says when the injected failure happened: "never reached" or
// "at 7.9s".
func failedNote(at time.Duration) string {
	if at < 0 {
		return "never reached"
	}
	return fmt.Sprintf("reached at %v", at)
}

// lateNote explains a return that came too long after the scope was
// cancelled at `at`.
func lateNote(w *fakeWork, at time.Duration, what string) string {
	if done := w.processedAfter(at); len(done) > 0 {
		return fmt.Sprintf("The scope was cancelled at %s (%v), but %s: that call was given a context "+
			"the scope does not cancel. Pass the scope's ctx (the one errgroup.WithContext returns) to "+
			"Make and Process, not the caller's.", what, at, strings.Join(done, ", "))
	}
	late := w.lastMakeAfter(at)
	if len(late) > 0 {
		return fmt.Sprintf("The scope was cancelled at %s (%v), but %s: a producer went on resting "+
			"until its rest was over, then noticed. A wait that does not select on ctx.Done() "+
			"(time.Sleep, a bare channel send or receive) cannot be cancelled: wait with "+
			"select { case <-timer.C: case <-ctx.Done(): } instead.", what, at, strings.Join(late, ", "))
	}
	return fmt.Sprintf("The scope was cancelled at %s (%v), but Run returned only later, and no producer "+
		"or consumer called Make or Process after it: some goroutine kept waiting in your own code without "+
		"watching ctx.Done() (a time.Sleep, a rest in short slices that checks ctx between them, a bare "+
		"channel send or receive), or Run waited for something else than the group.", what, at)
}
