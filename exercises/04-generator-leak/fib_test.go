package fib

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// counts are how many numbers each caller takes before it stops: after
// each, the generator must end (checked right after the caller stops, and
// again when the tests are over, by TestMain).
var counts = []int{1, 10, 1000}

// endGrace is how long a generator has to end once its caller has
// cancelled ctx (or once FirstN has returned). A generator that watches
// ctx.Done() ends within microseconds; this is wide for a busy machine,
// and shorter than callerPause, so that a generator that only gives up
// after some time without a receive is still there when the test looks.
const endGrace = 900 * time.Millisecond

// rangeLimit is how long TestRangeEndsAfterCancel waits for a range over
// the channel to end after the caller cancelled.
const rangeLimit = 3 * time.Second

// rangeCap is how many numbers TestRangeEndsAfterCancel takes, after the
// cancel, before it decides the generator never looks at ctx.
const rangeCap = 100_000

// callerPause is how long TestSlowCaller's caller waits between numbers.
// It is over twice goleak's retry window (about 0.45 s): a generator that
// gives up on its own after a timer, rather than when ctx is cancelled,
// must wait longer than this to pass TestSlowCaller, and is then still
// alive when goleak looks after the last test.
const callerPause = time.Second

// receiveLimit is how long a test waits for one number before it decides
// the generator has stopped sending.
const receiveLimit = 10 * time.Second

// fibonacci returns the first n Fibonacci numbers, computed here, in
// uint64 arithmetic that wraps around past the 93rd, like the generator's.
func fibonacci(n int) []uint64 {
	out := make([]uint64, n)
	a, b := uint64(0), uint64(1)
	for i := range out {
		out[i] = a
		a, b = b, a+b
	}
	return out
}

// firstDifference describes where got and want first differ, or "".
func firstDifference(got, want []uint64) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("number %d (counting from 0) is %d, want %d", i, got[i], want[i])
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("got %d numbers, want %d", len(got), len(want))
	}
	return ""
}

// TestFirstN checks that FirstN returns exactly the first n numbers. Each
// call's generator must be gone once FirstN has returned: TestMain checks.
func TestFirstN(t *testing.T) {
	for _, n := range counts {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			before := katatest.Snapshot()
			got := FirstN(n)
			diff := firstDifference(got, fibonacci(n))
			require.Emptyf(t, diff, "FirstN(%d): %s. The sequence starts 0, 1, 1, 2, 3, 5, 8, 13, "+
				"and each number is the sum of the two before it.", n, diff)
			ended(t, before, fmt.Sprintf("FirstN(%d) returned", n))
		})
	}
}

// TestCallerStops plays the caller: it takes n numbers from Fibonacci,
// checks them, and cancels the context. The generator must end then
// (TestMain checks that no goroutine is left).
func TestCallerStops(t *testing.T) {
	for _, n := range counts {
		t.Run(fmt.Sprintf("n=%d", n), func(t *testing.T) {
			before := katatest.Snapshot()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			numbers := Fibonacci(ctx)
			require.Zerof(t, cap(numbers), "Fibonacci's channel has room for %d numbers: the generator "+
				"computes numbers ahead of its caller, which may never want them. Keep the channel "+
				"unbuffered, so that the generator makes one number per receive.", cap(numbers))
			got := receive(t, numbers, n)
			diff := firstDifference(got, fibonacci(n))
			require.Emptyf(t, diff, "the numbers received from Fibonacci: %s", diff)
			stop(t, before, cancel, fmt.Sprintf("the caller took %d number(s) and cancelled ctx", n))
		})
	}
}

// TestSlowCaller takes two numbers, pauses, and takes two more: a caller
// may take its time between numbers, and the generator must still be
// there, with the next number, until the caller cancels.
func TestSlowCaller(t *testing.T) {
	before := katatest.Snapshot()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	numbers := Fibonacci(ctx)
	got := receive(t, numbers, 2)
	time.Sleep(callerPause)
	got = append(got, receive(t, numbers, 2)...)
	diff := firstDifference(got, fibonacci(4))
	require.Emptyf(t, diff, "a caller that paused for %v between its 2nd and 3rd number: %s. "+
		"The generator stops when the caller cancels ctx, not when the caller is slow.", callerPause, diff)
	stop(t, before, cancel, "the slow caller took 4 numbers and cancelled ctx")
}

// TestGeneratorsAreIndependent takes numbers from two generators in turn:
// each must yield the whole sequence from the start, on its own.
func TestGeneratorsAreIndependent(t *testing.T) {
	before := katatest.Snapshot()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first, second := Fibonacci(ctx), Fibonacci(ctx)
	var a, b []uint64
	for range 20 {
		a = append(a, receive(t, first, 1)...)
		b = append(b, receive(t, second, 1)...)
	}
	want := fibonacci(20)
	require.Emptyf(t, firstDifference(a, want), "the first of two generators, read in turn with the second: %s. "+
		"Each call of Fibonacci needs its own a and b (local variables of its goroutine), not shared ones.",
		firstDifference(a, want))
	require.Emptyf(t, firstDifference(b, want), "the second of two generators, read in turn with the first: %s. "+
		"Each call of Fibonacci needs its own a and b (local variables of its goroutine), not shared ones.",
		firstDifference(b, want))
	stop(t, before, cancel, "the caller of two generators cancelled ctx")
}

// TestRangeEndsAfterCancel takes 5 numbers, cancels ctx, and then ranges
// over the channel, as a caller that wants to drain it would: the range
// must end, because the generator closes the channel on its way out. (It
// may still get a number or two sent while the generator noticed the
// cancel.)
func TestRangeEndsAfterCancel(t *testing.T) {
	before := katatest.Snapshot()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	numbers := Fibonacci(ctx)
	receive(t, numbers, 5)
	cancel()

	ranged := make(chan int, 1)
	go func() {
		n := 0
		for range numbers {
			if n++; n == rangeCap {
				break
			}
		}
		ranged <- n
	}()
	select {
	case n := <-ranged:
		require.Lessf(t, n, rangeCap, "after the caller cancelled ctx, the generator sent %d more numbers "+
			"and was still sending: it never looks at ctx. Wait for the send and for ctx.Done() in one "+
			"select, and return when ctx.Done() is closed.", n)
	case <-time.After(rangeLimit):
		katatest.Hung(t, "for range numbers, after the caller cancelled ctx,", rangeLimit,
			"The generator no longer sends, but the channel was never closed: a caller ranging over it "+
				"waits forever. The sender closes the channel when it stops: defer close(out) at the top "+
				"of the generator's goroutine.")
	}
	ended(t, before, "the caller cancelled ctx and ranged to the end of the channel")
}

// stop cancels ctx, as a caller that has enough does, and fails t if a
// goroutine of fib.go started since before is still there endGrace later.
func stop(t *testing.T, before katatest.Goroutines, cancel context.CancelFunc, what string) {
	t.Helper()
	cancel()
	ended(t, before, what)
}

// ended fails t if a goroutine of fib.go started since before is still
// there endGrace later.
func ended(t *testing.T, before katatest.Goroutines, what string) {
	t.Helper()
	katatest.GoroutinesEnded(t, before, endGrace, what, "Once the caller cancels ctx, the generator's "+
		"goroutine must end, also while it waits to send a number nobody will take: wait for the send and "+
		"for ctx.Done() in one select, and return when ctx.Done() is closed. (A generator that gives up "+
		"after a while without a receive is still there, and would drop a slow caller.) FirstN, for its "+
		"part, cancels its ctx as soon as it has its numbers (defer cancel()): a timeout instead leaves "+
		"the generator there until it expires.")
}

// receive takes n numbers from numbers, failing t if the channel is closed
// or stays silent for receiveLimit.
func receive(t *testing.T, numbers <-chan uint64, n int) []uint64 {
	t.Helper()
	got := make([]uint64, 0, n)
	for len(got) < n {
		select {
		case x, ok := <-numbers:
			require.Truef(t, ok, "the channel was closed while the caller still wanted numbers and had "+
				"not cancelled ctx: the sequence has no end, and only the caller decides when to stop")
			got = append(got, x)
		case <-time.After(receiveLimit):
			require.Failf(t, "no number arrived", "waited %v for number %d (counting from 0): "+
				"the generator must send the next number whenever the caller receives", receiveLimit, len(got))
		}
	}
	return got
}
