package cancelworker

import (
	"context"
	"fmt"
	"slices"
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
	// Each moment leaves over 300 ms of its step to go, so a Run that
	// finishes the step before it notices the cancel is 6x over budget.
	// None is a multiple of 10 ms, so no tick of a round-period timer
	// falls on a cancel; a Run that looks at ctx every 100 ms, from its
	// start or from each step's, is over 60 ms late for one of them.
	moments := []time.Duration{
		171 * time.Millisecond,  // item 0's step: 0 to 500 ms
		2937 * time.Millisecond, // item 3's step: 2.651 s to 3.302 s
		6163 * time.Millisecond, // item 6's step: 5.755 s to 6.557 s
	}
	var (
		worst     time.Duration
		worstAt   time.Duration
		worstSeen outcome
		seen      []string
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
				// Keep the moment Run returned relative to the job's start.
				worst, worstAt, worstSeen = latency, at, o
				worstSeen.returned = time.Time{}.Add(at + latency)
			}
		})
	}
	katatest.Info(t, "time from cancel to return, each cancel (virtual time)", strings.Join(seen, "; "))

	note := ""
	if worst > budget {
		note = lateNote(n, worstAt, worst, worstSeen)
	}
	katatest.WithinDuration(t, "time from cancel to return (worst, virtual time)", worst, budget, note)
}

// lateNote says what Run was seen doing when it returned late after a
// cancel at `at` (since the job started): when it looked at its context
// (called ctx.Done or ctx.Err), and where the step it was in began and
// ended. o.returned is the zero time plus the moment Run returned.
func lateNote(n int, at, latency time.Duration, o outcome) string {
	returned := o.returned.Sub(time.Time{})
	if o.err == nil {
		return fmt.Sprintf("Run never looked at ctx: it made all %d items and returned %v after the cancel, "+
			"with a nil error. Wait for each step in a select that also watches ctx.Done(), and return "+
			"the items so far with ctx.Err() when it fires (make hint EX=06).", len(o.items), latency)
	}
	// The step the cancel fell in: item i, due at ends[i], begun at the
	// end of the step before.
	ends := due(time.Time{}, n)
	i := dueBefore(ends, time.Time{}.Add(at))
	began, end := time.Duration(0), ends[min(i, n-1)].Sub(time.Time{})
	if i > 0 {
		began = ends[i-1].Sub(time.Time{})
	}
	var before, after []time.Duration
	for _, l := range o.looks {
		switch {
		case l <= at:
			before = append(before, l)
		case l <= returned:
			after = append(after, l)
		}
	}
	last := "no time since the job began"
	if len(before) > 0 {
		last = fmt.Sprint(before[len(before)-1])
		if before[len(before)-1] == began {
			last += ", when the step began"
		}
	}
	step := fmt.Sprintf("item %d's step (%v to %v)", i, began, end)
	const fix = " Make the wait itself cancellable: select on ctx.Done() and a timer's channel " +
		"(time.NewTimer), so that the cancel ends the wait at once."

	period, ok := regular(lookTimes(o.looks, began, returned))
	if !ok {
		period, ok = regular(lookTimes(o.looks, 0, returned))
	}
	if ok {
		next := "then"
		if len(after) > 0 {
			next = fmt.Sprintf("the next at %v, %v after it", after[0], after[0]-at)
		}
		return fmt.Sprintf("Run returned %v after the cancel at %v, in %s. It looked at ctx (ctx.Done or ctx.Err) "+
			"every %v: the last time before the cancel at %s, %s, and that is when it noticed. Polling "+
			"makes a cancel wait for the next look, up to a whole period: %v is more than the budget of %v.%s",
			latency, at, step, period, last, next, period, budget, fix)
	}
	if returned == end && len(after) <= 1 {
		return fmt.Sprintf("Run returned %v after the cancel at %v, at the very moment %s was due to end: "+
			"it last looked at ctx at %s, and not again until the step was over, so the wait of the step "+
			"did not watch ctx. Checking ctx between steps is not enough when one step takes a second.%s",
			latency, at, step, last, fix)
	}
	if len(after) > 0 {
		return fmt.Sprintf("Run returned %v after the cancel at %v, in %s. It last looked at ctx at %s, "+
			"before the cancel, and next at %v: it noticed the cancel only then, %v late.%s",
			latency, at, step, last, after[0], after[0]-at, fix)
	}
	if len(o.looks) == 0 {
		return fmt.Sprintf("Run returned %v after the cancel at %v, with %v, but it never called Done or Err on "+
			"the ctx it was given, so the tests cannot say what kept it.%s", latency, at, o.err, fix)
	}
	return fmt.Sprintf("Run returned %v after the cancel at %v, in %s. It last looked at ctx at %s, and not "+
		"again before it returned: something kept it waiting without watching ctx.Done().%s",
		latency, at, step, last, fix)
}

// lookTimes keeps the looks from `from` to `to`, deduplicated (a select
// that calls Done and then Err looks twice at one moment).
func lookTimes(looks []time.Duration, from, to time.Duration) []time.Duration {
	var out []time.Duration
	for _, l := range looks {
		if l >= from && l <= to && (len(out) == 0 || out[len(out)-1] != l) {
			out = append(out, l)
		}
	}
	return out
}

// regular reports whether looks come at a steady pace, at least three
// gaps of the same length (within a tenth), and that length.
func regular(looks []time.Duration) (time.Duration, bool) {
	if len(looks) < 4 {
		return 0, false
	}
	var gaps []time.Duration
	for i := 1; i < len(looks); i++ {
		gaps = append(gaps, looks[i]-looks[i-1])
	}
	// The first and last gaps may be cut short by the step's start or the
	// return: judge the pace by the middle ones when there are enough.
	if len(gaps) > 3 {
		gaps = gaps[1 : len(gaps)-1]
	}
	sorted := slices.Clone(gaps)
	slices.Sort(sorted)
	median := sorted[len(sorted)/2]
	if median <= 0 {
		return 0, false
	}
	for _, g := range gaps {
		if g < median-median/10 || g > median+median/10 {
			return 0, false
		}
	}
	return median, true
}
