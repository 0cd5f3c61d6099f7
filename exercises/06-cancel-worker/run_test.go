package cancelworker

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

// budget is how soon after its context is cancelled Run must return.
const budget = 50 * time.Millisecond

// outcome is what one call of Run returned, and when.
type outcome struct {
	items    []Item
	err      error
	returned time.Time
	// looks are the moments Run looked at its context (called Done or
	// Err), since it was called.
	looks []time.Duration
}

// running is a call of Run in progress, on a goroutine of its own.
type running struct {
	before katatest.Goroutines // the goroutines alive before Run started
	ctx    *watchedCtx
	done   chan outcome
}

// start calls Run(ctx, n) on a new goroutine, with ctx watched.
func start(ctx context.Context, n int) *running {
	r := &running{before: katatest.Snapshot(), ctx: watch(ctx), done: make(chan outcome, 1)}
	go func() {
		items, err := Run(r.ctx, n)
		r.done <- outcome{items, err, time.Now(), nil}
	}()
	return r
}

// wait waits for Run to return (inside a synctest bubble, virtual time
// runs on until it does), fails the test if Run left a goroutine behind,
// and drains.
func (r *running) wait(t *testing.T) outcome {
	t.Helper()
	o := <-r.done
	o.looks = r.ctx.seen()
	requireNothingLeft(t, r.before, fmt.Sprintf("Run returned %v into the job (error: %v)",
		o.returned.Sub(r.ctx.start), o.err))
	return o
}

// result waits for Run to return and drains, without looking for what it
// left behind.
func (r *running) result() outcome {
	o := <-r.done
	o.looks = r.ctx.seen()
	drain()
	return o
}

// watchedCtx is the context the tests give Run: the caller's, plus a
// record of each moment Run looked at it, by calling Done or Err. (Done
// returns the same channel as the caller's context, so contexts derived
// from it behave as usual.)
type watchedCtx struct {
	context.Context
	start time.Time

	mu    sync.Mutex
	looks []time.Duration
}

func watch(ctx context.Context) *watchedCtx {
	return &watchedCtx{Context: ctx, start: time.Now()}
}

func (w *watchedCtx) look() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.looks = append(w.looks, time.Since(w.start))
}

// Done records a look and returns the caller's context's Done channel.
func (w *watchedCtx) Done() <-chan struct{} {
	w.look()
	return w.Context.Done()
}

// Err records a look and returns the caller's context's Err.
func (w *watchedCtx) Err() error {
	w.look()
	return w.Context.Err()
}

// seen returns the moments Run looked at the context, since it started.
func (w *watchedCtx) seen() []time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return slices.Clone(w.looks)
}

// drain lets virtual time run on long enough for any step to end (the
// longest is 1.5 s), so that a goroutine Run left waiting on a timer can
// wake and exit before the bubble ends. (A bubble whose goroutines are
// still blocked when its function returns panics.) Call it after Run
// returned, and after checking for what Run left behind.
func drain() {
	time.Sleep(2 * time.Second)
}

// due returns when each of items 0..n-1 is due, for a Run started at
// begin: item i is ready StepTime(i) after item i-1.
func due(begin time.Time, n int) []time.Time {
	out := make([]time.Time, n)
	at := begin
	for i := range n {
		at = at.Add(StepTime(i))
		out[i] = at
	}
	return out
}

// dueBefore counts the items of due that are due strictly before t.
func dueBefore(due []time.Time, t time.Time) int {
	k := 0
	for k < len(due) && due[k].Before(t) {
		k++
	}
	return k
}

// checkItems fails the test unless items is the start of the job's
// sequence (item i numbered i, with Make's value, made at its due time),
// at least want items long.
func checkItems(t *testing.T, items []Item, due []time.Time, want int) {
	t.Helper()
	for i, it := range items {
		if i >= len(due) {
			t.Fatalf("Run returned %d items, but it was asked for %d", len(items), len(due))
		}
		if it.N != i || it.Value != Make(i).Value {
			t.Fatalf("item %d of the result is %+v: the items must be Make(0), Make(1), ... in order", i, it)
		}
		if it.Made.Before(due[i]) {
			t.Fatalf("item %d was made %v after Run started, but it is due only after %v: "+
				"wait StepTime(i) before Make(i), every step", i, it.Made.Sub(due[0].Add(-StepTime(0))),
				due[i].Sub(due[0].Add(-StepTime(0))))
		}
		if late := it.Made.Sub(due[i]); late > budget {
			t.Fatalf("item %d was made %v after it was due: make each item as soon as its wait is over", i, late)
		}
	}
	if len(items) < want {
		t.Fatalf("Run returned %d items, but %d had been finished before it was stopped: "+
			"return every item you finished, also when the context is cancelled", len(items), want)
	}
}

// requireNothingLeft fails the test when Run left goroutines behind. Call
// it inside the bubble after Run returned: it waits until every other
// goroutine of the bubble is blocked (on a timer, a channel, a lock), looks
// for those Run started, and then drains.
func requireNothingLeft(t *testing.T, before katatest.Goroutines, what string) {
	t.Helper()
	synctest.Wait()
	defer drain()
	katatest.GoroutinesEnded(t, before, 0, what, "Run must not return while a goroutine it started "+
		"is still running: a goroutine waiting on time.After or time.Sleep stays until its timer fires, up "+
		"to a whole step later, and one waiting to send a result nobody reads stays forever. Do the waiting "+
		"on Run's own goroutine (select on ctx.Done() and a timer's channel), or, if you start a goroutine, "+
		"make it stop on ctx.Done() too and wait for it before Run returns.")
}
