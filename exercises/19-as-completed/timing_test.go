package ascompleted

// The timing tests measure in virtual time (testing/synctest): the jobs'
// lengths and the deadline are timers, so the figures are exact and the
// same on any machine, however busy.

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

// timingDeadline is the timeout of TestTimingDeadline: 341 ms, while jobs
// 0, 1, 3, 4, 6 and 9 run (the shortest of them until 524 ms) and 40
// wait.
const timingDeadline = 341 * time.Millisecond

// TestTimingHandled runs the 50 jobs and measures, for each result, how
// long after its job returned it handle was called: at most 5 ms.
func TestTimingHandled(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		o := runAsCompleted(t, context.Background(), f, noDeadline)
		lates, worst := f.view().lateHandles()
		note := ""
		if len(lates) > 0 {
			note = fmt.Sprintf("%d results waited: %s. A result read in submission order waits for "+
				"every job submitted before it (job 0 takes 2.917 s). Have every worker send its "+
				"outcome on one channel, and handle them in the order they arrive on it "+
				"(make hint EX=19).", len(lates), listed(lates))
		}
		katatest.WithinDuration(t, "slowest result handled after its job finished", worst, promptly, note)
		katatest.Info(t, "all 50 jobs done in", o.returned.String())
	})
}

// TestTimingFirstError makes job 16 fail at its end (1.133 s) and
// measures how long after that AsCompleted returns: at most 12 ms (the
// cancelled jobs take 6.7 ms to close what they opened).
func TestTimingFirstError(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		f.failAt(failingJob, errPageGone)
		o := runAsCompleted(t, context.Background(), f, noDeadline)
		v := f.view()
		if v.failedAt < 0 {
			t.Fatalf("AsCompleted returned (error %v) at %v before job %d, which fails, had finished: "+
				"run every job until one fails", o.err, o.returned, failingJob)
		}
		katatest.WithinDuration(t, "AsCompleted returned after the first error", o.returned-v.failedAt,
			returnBudget, lateNote(v, o, v.failedAt, "the first error"))
	})
}

// TestTimingDeadline runs the 50 jobs with a 341 ms timeout, when no job
// finishes until 524 ms, and measures how long after the deadline
// AsCompleted returns: at most 12 ms.
func TestTimingDeadline(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		o := runAsCompleted(t, context.Background(), f, timingDeadline)
		katatest.WithinDuration(t, "AsCompleted returned after the 341ms deadline", o.returned-timingDeadline,
			returnBudget, lateNote(f.view(), o, timingDeadline, "the deadline"))
	})
}

// lateNote explains a return that came too long after the stop.
func lateNote(v view, o outcome, stop time.Duration, what string) string {
	late := o.returned - stop
	if late <= returnBudget {
		return ""
	}
	if left := v.notCancelled(stop); len(left) > 0 {
		return fmt.Sprintf("AsCompleted returned %v after %s (%v), because the jobs running then were not "+
			"cancelled: %s. One ctx for every job, cancelled at the first error, and expired by "+
			"context.WithTimeout at the deadline, stops them at once, even while no result comes "+
			"(a deadline looked at only between two results waits for the next one).",
			late, what, stop, listed(left))
	}
	if started := v.calledAfter(stop); len(started) > 0 {
		return fmt.Sprintf("AsCompleted returned %v after %s (%v), because it went on starting jobs: %s. "+
			"Start no job once it has stopped.", late, what, stop, listed(started))
	}
	return fmt.Sprintf("AsCompleted returned %v after %s (%v): the jobs were cancelled in time, so it "+
		"waited for something else. Return as soon as every job you started has returned.", late, what, stop)
}
