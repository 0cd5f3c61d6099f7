package cancelworker

import (
	"context"
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"
)

// budget is how soon after its context is cancelled Run must return.
const budget = 50 * time.Millisecond

// outcome is what one call of Run returned, and when.
type outcome struct {
	items    []Item
	err      error
	returned time.Time
}

// running is a call of Run in progress, on a goroutine of its own.
type running struct {
	before map[string]bool // the goroutines alive before Run started
	done   chan outcome
}

// start calls Run(ctx, n) on a new goroutine.
func start(ctx context.Context, n int) *running {
	r := &running{before: goroutineIDs(), done: make(chan outcome, 1)}
	go func() {
		items, err := Run(ctx, n)
		r.done <- outcome{items, err, time.Now()}
	}()
	return r
}

// wait waits for Run to return (inside a synctest bubble, virtual time
// runs on until it does), fails the test if Run left a goroutine behind,
// and drains.
func (r *running) wait(t *testing.T) outcome {
	t.Helper()
	o := <-r.done
	requireNothingLeft(t, r.before, fmt.Sprintf("Run returned (error: %v)", o.err))
	return o
}

// result waits for Run to return and drains, without looking for what it
// left behind.
func (r *running) result() outcome {
	o := <-r.done
	drain()
	return o
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

// goroutineIDs returns the ids of the goroutines alive now.
func goroutineIDs() map[string]bool {
	ids := map[string]bool{}
	for _, g := range goroutines() {
		ids[g.id] = true
	}
	return ids
}

// leftBehind returns the goroutines that did not exist in before and run
// (or were started by) code of this package's non-test files, such as
// goroutines Run started, with "goroutine 12 [sleep] at job.go:31" for
// each.
func leftBehind(before map[string]bool) ([]goroutine, []string) {
	pkg := runtime.FuncForPC(reflect.ValueOf(Make).Pointer()).Name()
	pkg = pkg[:strings.LastIndex(pkg, ".")]
	var gs []goroutine
	var lines []string
	for _, g := range goroutines() {
		if before[g.id] {
			continue
		}
		if at := ownLine(g.stack, pkg); at != "" {
			gs = append(gs, g)
			lines = append(lines, fmt.Sprintf("goroutine %s [%s] at %s", g.id, g.state, at))
		}
	}
	return gs, lines
}

// goroutine is one block of a goroutine dump.
type goroutine struct {
	id, state string // "12", "sleep"
	header    string // "goroutine 12 [sleep (durable), synctest bubble 3]:"
	stack     string // the lines after the header
}

// goroutines parses a dump of every goroutine.
func goroutines() []goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []goroutine
	for _, block := range strings.Split(strings.TrimSpace(string(buf)), "\n\n") {
		header, stack, _ := strings.Cut(block, "\n")
		var g goroutine
		rest, ok := strings.CutPrefix(header, "goroutine ")
		if !ok {
			continue
		}
		g.header = header
		g.id, rest, _ = strings.Cut(rest, " ")
		g.state = strings.TrimSuffix(strings.TrimPrefix(rest, "["), "]:")
		// "sleep (durable), synctest bubble 7" reads as "sleep".
		g.state, _, _ = strings.Cut(g.state, ",")
		g.state = strings.TrimSuffix(g.state, " (durable)")
		g.stack = stack
		out = append(out, g)
	}
	return out
}

// ownLine returns "file.go:NN" of the innermost frame of stack (or its
// "created by" line) that is in pkg and not in a _test.go file, else "".
func ownLine(stack, pkg string) string {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := strings.TrimPrefix(strings.TrimSpace(lines[i]), "created by ")
		if !strings.HasPrefix(fn, pkg+".") {
			continue
		}
		file, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " ")
		if strings.Contains(file, "_test.go:") {
			continue
		}
		return file[strings.LastIndex(file, "/")+1:]
	}
	return ""
}

// requireNothingLeft fails the test when Run left goroutines behind. Call
// it inside the bubble after Run returned: it waits until every other
// goroutine of the bubble is blocked (on a timer, a channel, a lock), lists
// those Run started, and then drains.
func requireNothingLeft(t *testing.T, before map[string]bool, what string) {
	t.Helper()
	synctest.Wait()
	gs, left := leftBehind(before)
	defer drain()
	if len(left) == 0 {
		return
	}
	var dump strings.Builder
	for _, g := range gs {
		dump.WriteString("\n" + g.header + "\n" + g.stack + "\n")
	}
	t.Errorf("found unexpected goroutines: %s, but %d goroutine(s) it started were still there:\n  %s\n"+
		"A goroutine waiting on time.After or time.Sleep stays until its timer fires, up to a whole "+
		"step later, and one waiting to send a result nobody reads stays forever. Do the waiting on "+
		"Run's own goroutine (select on ctx.Done() and a timer's channel), or, if you start a goroutine, "+
		"make it stop on ctx.Done() too and wait for it before Run returns.\n%s",
		what, len(left), strings.Join(left, "\n  "), dump.String())
}
