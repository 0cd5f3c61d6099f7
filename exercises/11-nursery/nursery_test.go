package nursery

// The functional tests, run with -race. Each runs Run in a synctest bubble
// (virtual time): the producers' rests, the consumer's processing and the
// deadline are exact, and the tests take no real time.

import (
	"context"
	"errors"
	"fmt"
	"path"
	"runtime"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// The scenarios, worked out from the rests table in fake_test.go. The
// consumer is always busy: it processes an item every 0.5 s.
const (
	// allItemsTime is when the 40th item is processed, with no deadline.
	allItemsTime = 20 * time.Second
	// deadline is the scope's timeout in the deadline tests (the course
	// uses 5 s; 4.813 s falls in the middle of a rest and of a Process
	// call, so no step ends at the deadline itself). At 4.813 s the
	// consumer is processing (4.5 s to 5 s), and both producers are
	// resting: since 4.77 s and 4.74 s, until 5.38 s and 5.58 s. Every step
	// of the fake ends on a multiple of 10 ms, and the deadline does not:
	// no tick of a learner's 10, 50 or 100 ms timer falls on it (two
	// timers due at the same instant fire in either order), and a
	// producer that rests in slices of 100 ms notices it 57 ms late.
	deadline = 4813 * time.Millisecond
	// callerCancelAt is when the caller cancels ctx in TestRunCallerCancels.
	callerCancelAt = 3337 * time.Millisecond
	// noDeadline is a timeout the scenarios never reach.
	noDeadline = time.Minute
	// stuckAfter is how long (virtual) a test waits for Run to return.
	stuckAfter = 2 * time.Minute
	// realLimit bounds the real-time waits of TestRunCancelQueueEmpty.
	realLimit = 10 * time.Second
	// settle is how long (virtual) a test keeps watching after Run returns.
	settle = 30 * time.Second
)

var (
	// errCorrupt is the consumer's failure: Process fails on item 6 of
	// producer 0, at 6.0 s, while both producers rest (until 6.15 s and
	// 6.26 s).
	errCorrupt = errors.New("item 6 of producer 0 is corrupt")
	corruptKey = key{0, 6}
	// errUnplugged is a producer's failure: Make fails for item 9 of
	// producer 1, at 7.54 s, while the consumer is processing and
	// producer 0 rests (until 7.85 s).
	errUnplugged  = errors.New("producer 1: sensor unplugged")
	unpluggedKey  = key{1, 9}
	unpluggedTime = 7540 * time.Millisecond
)

// outcome is what one call of Run did, and what followed.
type outcome struct {
	err      error
	returned time.Duration // when Run returned, since it was called
	active   []string      // Process calls still in progress when it returned
}

// runScope calls Run(ctx, w, timeout) inside the current bubble and waits
// for it to return; if it does not return within stuckAfter, the test
// fails. Then it checks that no goroutine Run started is left, and lets
// 30 s (virtual) pass, so that whatever a sibling still had to do is done
// before the test looks at what the fake recorded (and before the bubble
// ends: a goroutine still waiting on a timer then would never wake).
func runScope(t *testing.T, ctx context.Context, w *fakeWork, timeout time.Duration) outcome {
	t.Helper()
	snap := katatest.Snapshot()
	done := make(chan error, 1)
	w.begin()
	start := time.Now()
	go func() { done <- Run(ctx, w, timeout) }()
	var o outcome
	select {
	case err := <-done:
		o = outcome{err: err, returned: time.Since(start)}
		o.active = w.markReturned()
		if c, ok := ctx.(*callerCtx); ok && c.registered() > 0 {
			t.Errorf("Run returned at %v (error: %v), but a context it made from the ctx it was given was "+
				"never cancelled: it goes on waiting on the caller's ctx until its own deadline. Cancel every "+
				"context you make before Run returns: defer cancel() right after context.WithTimeout.",
				o.returned, err)
		}
	case <-time.After(stuckAfter):
		t.Fatalf("Run did not return within %v (virtual): it is stuck, and the test ends with a "+
			"panic listing the goroutines left blocked (\"deadlock: main bubble goroutine has exited "+
			"but blocked goroutines remain\"). Every producer and the consumer must return once ctx "+
			"is done: a channel receive or send that nobody will ever match blocks forever unless it "+
			"sits in a select beside <-ctx.Done(), and so does a WaitGroup that is never done.", stuckAfter)
	}
	katatest.NoGoroutinesLeft(t, snap, 10*time.Millisecond, "Run")
	time.Sleep(settle)
	synctest.Wait()
	return o
}

// requireStopped checks that every sibling had stopped when Run returned:
// no Process call in progress, and nothing at all done by any of them
// afterwards.
func requireStopped(t *testing.T, w *fakeWork, o outcome) {
	t.Helper()
	requireNone(t, o.active, "Run returned at %v while %s was still in progress: a cancelled Process "+
		"takes %v to put its item back (a cancelled Make %v to clean up), and Run must wait for it. "+
		"Return only after every goroutine you started has returned: errgroup's g.Wait(), "+
		"or a sync.WaitGroup, not the first result or ctx.Done().",
		o.returned, strings.Join(o.active, " and "), cleanupTime, makeCleanupTime)
	_, _, problems, after := w.snapshot()
	requireNone(t, after, "some producer or the consumer was still working after Run returned: %s. "+
		"Run must return only once all of them have stopped.", shown(after, "; "))
	requireNone(t, problems, "Work was used against its contract: %s", shown(problems, "; "))
}

// TestRunProcessesEveryItem runs the scope with no deadline and no failure:
// every item is made once, rested after, and processed once.
func TestRunProcessesEveryItem(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		caller := newCallerCtx() // never cancelled: Run's own contexts must be, when it returns
		o := runScope(t, caller, w, noDeadline)
		require.NoErrorf(t, o.err, "nothing failed and the %v timeout was never reached, so Run should "+
			"return nil once all %d items are processed", noDeadline, Producers*ItemsEach)

		processed, twice, _, _ := w.snapshot()
		requireNone(t, twice, "some items were processed more than once: %s", shown(twice, ", "))
		require.Equalf(t, Producers*ItemsEach, processed, "Run returned after %d of the %d items were "+
			"processed: the consumer must process every item before the scope ends", processed, Producers*ItemsEach)
		if last := w.lastProcessed(); o.returned > allItemsTime+time.Second {
			t.Fatalf("Run returned at %v, and the consumer finished its last item at %v; with producers that "+
				"run ahead on a queue of QueueSize items, and a consumer that takes the next item as soon as it "+
				"is done with one, the last item is processed at %v. Nothing should hold up the producers or "+
				"the consumer, nor keep Run waiting once the %d items are processed.",
				o.returned, last, allItemsTime, Producers*ItemsEach)
		}
		requireStopped(t, w, o)
	})
}

// TestRunDeadline runs the scope with a 4.813 s timeout: at the deadline every
// sibling is cancelled, and Run returns context.DeadlineExceeded.
func TestRunDeadline(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		o := runScope(t, context.Background(), w, deadline)
		requireCancelled(t, w, deadline, "the deadline", o)
		requireError(t, o, context.DeadlineExceeded, fmt.Sprintf("the %v timeout passed before the %d items "+
			"were processed", deadline, Producers*ItemsEach), "the error of a context.WithTimeout whose time "+
			"is up, what ctx.Err() says then (a time.AfterFunc that calls cancel makes it context.Canceled "+
			"instead)")
		requireStopped(t, w, o)
	})
}

// TestRunCancelQueueEmpty cancels the scope while the queue is empty and
// the consumer is waiting for an item: that wait must end with the scope
// too. It runs in real time: if the consumer's wait ignores ctx, Run never
// returns, and the test says where the consumer is stuck (in a synctest
// bubble the test could only end in a panic).
func TestRunCancelQueueEmpty(t *testing.T) {
	w := newFakeWork()
	w.restScale = 4                       // the producers rest 2.9 s and 4.6 s after their first item,
	w.processTime = 10 * time.Millisecond // and the consumer is done with both items long before
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w.begin()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, w, time.Hour) }()

	limit := time.Now().Add(realLimit)
	for processed, _, _, _ := w.snapshot(); processed < Producers; processed, _, _, _ = w.snapshot() {
		if time.Now().After(limit) {
			cancel()
			t.Fatalf("the consumer processed %d item(s) in %v; each producer makes its first item at "+
				"once and the consumer should process both in milliseconds", processed, realLimit)
		}
		time.Sleep(time.Millisecond)
	}
	cancel() // the queue is empty: the consumer waits for an item, the producers rest

	select {
	case err := <-done:
		require.ErrorIsf(t, err, context.Canceled, "the caller cancelled ctx while the queue was empty: "+
			"Run should return context.Canceled, not %v", err)
	case <-time.After(realLimit):
		katatest.Hung(t, "Run, after ctx was cancelled while the queue was empty and the consumer was waiting for an item,",
			realLimit, "Where your goroutines wait: "+strings.Join(learnerWaits(), "; ")+". "+
				"Each wait must end when ctx is done, and these do not: a receive on its own (it := <-queue, "+
				"or for it := range queue when nobody closes the queue) waits for a send that will never come "+
				"once the producers have stopped, and a time.Sleep sleeps on. Wait in a select beside "+
				"<-ctx.Done().")
	}
}

// TestRunCancelQueueFull cancels the scope while the queue is full and
// both producers wait to put one more item on it: those sends must end
// with the scope too. Here the producers do not rest, and the consumer's
// Process would take an hour, so the queue fills at once: one item in
// Process, QueueSize on the queue, and one in each producer's hand. The
// test cancels only once it has seen that many items made and every
// goroutine of nursery.go waiting, so a producer is always caught in its
// send. Like TestRunCancelQueueEmpty it runs in real time: if a send
// ignores ctx, Run never returns, and the test says where it is stuck.
func TestRunCancelQueueFull(t *testing.T) {
	w := newFakeWork()
	w.restScale = 0           // the producers do not rest,
	w.processTime = time.Hour // and the consumer stays in Process with its first item until cancelled
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w.begin()
	done := make(chan error, 1)
	go func() { done <- Run(ctx, w, time.Hour) }()

	const full = 1 + QueueSize + Producers
	made := func() int {
		w.mu.Lock()
		defer w.mu.Unlock()
		return len(w.made)
	}
	limit := time.Now().Add(realLimit)
	last, lastChange := 0, time.Now()
	for calm := 0; calm < 3; {
		time.Sleep(time.Millisecond)
		n := made()
		if n != last {
			last, lastChange = n, time.Now()
		}
		switch {
		case time.Now().After(limit):
			cancel()
			t.Fatalf("the producers, which do not rest in this test, had made %d item(s) after %v, and "+
				"the goroutines of nursery.go were not all waiting: %s. With the consumer stuck in "+
				"Process on its first item, %d items fill the queue (one in Process, %d on the queue, "+
				"one in each producer's hand), and then every producer waits to send.",
				n, realLimit, strings.Join(learnerWaits(), "; "), full, QueueSize)
		case (n >= full || time.Since(lastChange) > 200*time.Millisecond) && allWaiting():
			calm++
		default:
			calm = 0
		}
	}
	n := made()
	cancel() // the queue is full: the producers wait to send, the consumer is in Process

	select {
	case err := <-done:
		active := w.markReturned()
		requireNone(t, active, "Run returned while the consumer was still inside Process (%s): "+
			"a cancelled Process takes %v to put its item back, and Run must wait for it",
			strings.Join(active, ", "), cleanupTime)
		require.ErrorIsf(t, err, context.Canceled, "the caller cancelled ctx while the queue was full: "+
			"Run should return context.Canceled, not %v", err)
		if n != full {
			t.Fatalf("with the consumer stuck in Process on its first item, the producers made %d items before "+
				"they all waited; a queue of QueueSize = %d makes it %d: one in Process, %d on the queue, and "+
				"one in each producer's hand. Make the queue with room for QueueSize items: "+
				"make(chan Item, QueueSize).", n, QueueSize, full, QueueSize)
		}
	case <-time.After(realLimit):
		katatest.Hung(t, fmt.Sprintf("Run, after ctx was cancelled while the queue was full (%d items "+
			"made: one in Process, %d on the queue, and each producer waiting to put one more on it),", n, QueueSize),
			realLimit, "Where your goroutines wait: "+strings.Join(learnerWaits(), "; ")+". A send on a full "+
				"queue (queue <- it) waits until the consumer takes an item off, and once the scope is "+
				"cancelled the consumer takes none: the producer waits forever, and Run with it. Send in "+
				"a select beside <-ctx.Done(), and return ctx.Err() when ctx is done first.")
	}
}

// TestRunConsumerFails makes Process fail at 6.0 s: the producers are
// cancelled, and Run returns that error.
func TestRunConsumerFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		w.failProcess[corruptKey] = errCorrupt
		o := runScope(t, context.Background(), w, noDeadline)
		failedAt, _ := w.failure()
		require.GreaterOrEqualf(t, failedAt, time.Duration(0), "Run returned (error: %v) at %v before "+
			"the consumer processed %v, which fails", o.err, o.returned, corruptKey)
		requireFirstError(t, o.err, errCorrupt, "Process")
		requireCancelled(t, w, failedAt, "the consumer's failure", o)
		requireStopped(t, w, o)
	})
}

// TestRunProducerFails makes Make fail at 7.54 s: the consumer and the
// other producer are cancelled, and Run returns that error.
func TestRunProducerFails(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		w.failMake[unpluggedKey] = errUnplugged
		o := runScope(t, newCallerCtx(), w, noDeadline)
		failedAt, _ := w.failure()
		require.GreaterOrEqualf(t, failedAt, time.Duration(0), "Run returned (error: %v) at %v before "+
			"producer 1 made item 9, which fails", o.err, o.returned)
		requireFirstError(t, o.err, errUnplugged, "Make")
		requireCancelled(t, w, failedAt, "the producer's failure", o)
		requireStopped(t, w, o)
	})
}

// TestRunCallerCancels cancels the caller's ctx at 3.337 s: Run returns
// context.Canceled, with every sibling stopped.
func TestRunCallerCancels(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		w := newFakeWork()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := time.AfterFunc(callerCancelAt, cancel)
		defer stop.Stop()
		o := runScope(t, ctx, w, noDeadline)
		requireCancelled(t, w, callerCancelAt, "the caller's cancellation", o)
		requireError(t, o, context.Canceled, fmt.Sprintf("the caller cancelled ctx at %v", callerCancelAt),
			"derive the scope's contexts from the ctx Run is given, never from context.Background()")
		requireStopped(t, w, o)
	})
}

// TestRunWaitsForProducers gives Make a duration (237 ms) and cancels the
// caller's ctx at 137 ms, while both producers are inside their first
// Make and the consumer waits for an item. The consumer stops at once;
// each producer's Make cleans up for 35 ms first. Run must return only
// once they have: at 172 ms, not when the consumer alone has stopped.
func TestRunWaitsForProducers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		const cancelAt = 137 * time.Millisecond
		w := newFakeWork()
		w.makeTime = 237 * time.Millisecond
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := time.AfterFunc(cancelAt, cancel)
		defer stop.Stop()
		o := runScope(t, ctx, w, noDeadline)
		requireNone(t, o.active, "the caller cancelled ctx at %v, while both producers were inside Make; "+
			"Run returned at %v, while %s was still in progress (a cancelled Make takes %v to clean up). "+
			"Run waited for the consumer alone: wait for every producer too (errgroup's g.Wait(), or a "+
			"sync.WaitGroup that counts them all) before returning.",
			cancelAt, o.returned, strings.Join(o.active, " and "), makeCleanupTime)
		requireCancelled(t, w, cancelAt, "the caller's cancellation", o)
		requireError(t, o, context.Canceled, fmt.Sprintf("the caller cancelled ctx at %v", cancelAt),
			"what ctx.Err() says once the caller has cancelled")
		requireStopped(t, w, o)
	})
}

// requireFirstError checks that Run returned the first error, alone.
func requireFirstError(t *testing.T, got, want error, where string) {
	t.Helper()
	require.Errorf(t, got, "%s failed with %q, but Run returned nil: the first error of any "+
		"producer or of the consumer is Run's error", where, want)
	if !errors.Is(got, want) {
		note := ""
		if errors.Is(got, context.Canceled) {
			note = " That is what the others returned once they were cancelled, after the real failure: " +
				"keep the first error, not the last (errgroup's g.Wait() does)."
		}
		require.Failf(t, "not the first error", "%s failed with %q, which cancelled the others; Run "+
			"returned %q instead.%s", where, want, got, note)
	}
	require.NotErrorIsf(t, got, context.Canceled, "Run returned %q, which also holds context.Canceled: "+
		"return the first error alone, not joined with what the cancelled others returned after it", got)
}

// requireCancelled checks that the scope was cancelled at `at`: no sibling
// made an item or began processing one afterwards, and no Process call in
// progress at `at` ran on to its end.
func requireCancelled(t *testing.T, w *fakeWork, at time.Duration, what string, o outcome) {
	t.Helper()
	after := w.workAfter(at)
	if len(after) == 0 {
		if done := w.processedAfter(at); len(done) > 0 {
			require.Failf(t, "not cancelled", "%s at %v should have cancelled every producer and the consumer, "+
				"but %s: that call was given a context the scope does not cancel. Pass the scope's ctx (the "+
				"one errgroup.WithContext returns) to Make and Process, not the caller's or the timeout's.",
				what, at, strings.Join(done, ", "))
		}
		return
	}
	shown := after[:min(4, len(after))]
	require.Failf(t, "not cancelled", "%s at %v should have cancelled every producer and the consumer, "+
		"but work went on after it (Run returned at %v, error %v): %s%s. "+
		"Share one context between all of them (errgroup.WithContext, under context.WithTimeout for the "+
		"deadline) and have each of them stop when ctx.Done() is closed.",
		what, at, o.returned, o.err, strings.Join(shown, "; "), more(len(after)-len(shown)))
}

// requireNone stops the test with the message when list is not empty
// (the message shows the list itself, shortened with shown).
func requireNone(t *testing.T, list []string, format string, args ...any) {
	t.Helper()
	if len(list) > 0 {
		t.Fatalf(format, args...)
	}
}

// shown joins the first four items of list with sep, and says how many
// more there are.
func shown(list []string, sep string) string {
	return strings.Join(list[:min(4, len(list))], sep) + more(len(list)-4)
}

func more(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf(" and %d more", n)
}

// learnerWaits says where the goroutines running nursery.go are:
// "[chan receive] at nursery.go:79".
func learnerWaits() []string {
	var out []string
	for _, g := range learnerGoroutines() {
		out = append(out, fmt.Sprintf("[%s] at %s", g.state, g.line))
	}
	if len(out) == 0 {
		return []string{"(none found)"}
	}
	return out
}

// learnerGoroutine is one goroutine running nursery.go: its state in the
// goroutine dump ("chan send", "select", "running"...) and its innermost
// line of nursery.go ("nursery.go:63").
type learnerGoroutine struct{ state, line string }

// learnerGoroutines lists the goroutines that run code of nursery.go (or
// of any non-test file of the package, but work.go) right now.
func learnerGoroutines() []learnerGoroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []learnerGoroutine
	for _, block := range strings.Split(string(buf), "\n\n") {
		header, stack, _ := strings.Cut(block, "\n")
		for _, line := range strings.Split(stack, "\n") {
			file, _, _ := strings.Cut(strings.TrimSpace(line), " ")
			name, _, _ := strings.Cut(path.Base(file), ":")
			if strings.HasPrefix(line, "\t") && strings.HasSuffix(path.Dir(file), "/11-nursery") &&
				!strings.HasSuffix(name, "_test.go") && name != "work.go" {
				state := header[strings.Index(header, "[")+1 : strings.LastIndex(header, "]")]
				out = append(out, learnerGoroutine{state: state, line: path.Base(file)})
				break
			}
		}
	}
	return out
}

// allWaiting reports whether every goroutine running nursery.go waits (on a
// channel, a select, a lock, a timer...) rather than runs or is about to.
func allWaiting() bool {
	for _, g := range learnerGoroutines() {
		state, _, _ := strings.Cut(g.state, ",")
		switch state {
		case "running", "runnable", "syscall", "copystack", "preempted", "idle":
			return false
		}
		if strings.HasPrefix(state, "GC ") {
			return false
		}
	}
	return true
}
