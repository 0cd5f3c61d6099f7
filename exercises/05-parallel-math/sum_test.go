package parallelmath

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/asynckata/kata/exercises/05-parallel-math/internal/meter"
	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// sumLimit is how long a test waits for Sum before calling it stuck.
const sumLimit = 30 * time.Second

// observe runs Sum(n, workers) with the meter set to plan and returns the
// result and what the meter saw.
func observe(t *testing.T, plan meter.Plan, n, workers int) (float64, meter.Observed) {
	t.Helper()
	meter.Start(plan)
	done := make(chan float64, 1)
	go func() { done <- Sum(n, workers) }()
	timer := time.NewTimer(sumLimit)
	defer timer.Stop()
	select {
	case got := <-done:
		return got, meter.Stop()
	case <-timer.C:
		meter.Stop()
		katatest.Hung(t, fmt.Sprintf("Sum(%d, %d)", n, workers), sumLimit, "Is it waiting for a goroutine that never "+
			"finishes, or a WaitGroup that never reaches zero (an Add without its Done)?")
		return 0, meter.Observed{}
	}
}

// chunks checks that the ChunkSum calls of Sum(n, workers) cover [0, n)
// exactly once and returns them in the order of their ranges.
func chunks(t *testing.T, n, workers int, calls []meter.Call) []meter.Call {
	t.Helper()
	sorted := slices.SortedFunc(slices.Values(calls), func(a, b meter.Call) int {
		return cmp.Or(cmp.Compare(a.Lo, b.Lo), cmp.Compare(a.Hi, b.Hi))
	})
	call := fmt.Sprintf("Sum(%d, %d)", n, workers)
	if n > 0 && len(sorted) == 0 && n >= workers {
		t.Fatalf("%s never called ChunkSum: do each chunk's work with ChunkSum(lo, hi), "+
			"the tests watch its calls to see the chunks and how many run at once", call)
	}
	pos := 0
	for _, c := range sorted {
		switch {
		case c.Lo < pos:
			t.Fatalf("%s summed some numbers twice: ChunkSum(%d, %d) overlaps another call that "+
				"reached %d. The chunks must cover [0, %d) exactly once: chunk k ends where chunk k+1 starts.",
				call, c.Lo, c.Hi, pos, n)
		case c.Lo > pos:
			t.Fatalf("%s never summed [%d, %d): no ChunkSum call covered those %d numbers. "+
				"The chunks must follow each other with no gap: chunk k ends where chunk k+1 starts.",
				call, pos, c.Lo, c.Lo-pos)
		}
		pos = c.Hi
	}
	if pos < n {
		hint := "The last chunk must end at n."
		switch {
		case workers > n && pos == 0:
			hint = fmt.Sprintf("With more workers than numbers, chunks of n/workers = 0 numbers are all empty "+
				"(integer division rounds down) and the n%%workers = %d numbers left over are never summed. "+
				"Compute chunk k's bounds as k*n/workers and (k+1)*n/workers: some chunks are then empty, "+
				"and the others hold one number each.", n%workers)
		case workers > 0 && n-pos == n%workers:
			hint = fmt.Sprintf("Chunks of n/workers = %d numbers each leave out the n%%workers = %d at the end "+
				"(integer division rounds down). Let the last chunk end at n, or compute chunk k's bounds as "+
				"k*n/workers and (k+1)*n/workers.", n/workers, n%workers)
		}
		t.Fatalf("%s never summed [%d, %d), the last %d number(s) of the range. %s", call, pos, n, n-pos, hint)
	}
	if pos > n {
		t.Fatalf("%s summed past the end of the range: ChunkSum was called up to %d, but the range is [0, %d).",
			call, pos, n)
	}
	return sorted
}

// inOrder is the exact total of chunks: their sums added in the order of
// their ranges, starting from 0, one goroutine.
func inOrder(sorted []meter.Call) float64 {
	total := 0.0
	for _, c := range sorted {
		total += meter.Roots(c.Lo, c.Hi)
	}
	return total
}

// requireExact fails the test unless got is bit for bit the total of the
// chunks Sum used, added in chunk order.
func requireExact(t *testing.T, n, workers int, got float64, sorted []meter.Call) {
	t.Helper()
	w := inOrder(sorted)
	if math.Float64bits(got) == math.Float64bits(w) {
		return
	}
	if math.Abs(got-w) <= 1e-9*math.Abs(w) {
		t.Fatalf("Sum(%d, %d) = %v, but its %d chunk sums added in chunk order give %v: "+
			"the same up to the last bits, so every number was summed, but the chunk sums were added in "+
			"another order (as they finished?). Floating-point addition is not associative: keep each "+
			"chunk's sum in its own slot (a slice indexed by chunk) and add the slots in order once all "+
			"are done.", n, workers, got, len(sorted), w)
	}
	t.Fatalf("Sum(%d, %d) = %v, but the chunks it summed (%d calls of ChunkSum) add up to %v. "+
		"Return the sum of every chunk's ChunkSum result, each counted once.", n, workers, got, len(sorted), w)
}

// TestSumExact checks the total for ranges that do and do not divide
// evenly among the workers, more workers than numbers, and an empty range.
func TestSumExact(t *testing.T) {
	cases := []struct{ n, workers int }{
		{0, 4},
		{1, 1},
		{1, 4},
		{5, 8},
		{1000, 1},
		{1000, 3},
		{100_000, 4},
		{999_999, 7},
		{1_000_003, 8},
		{2_000_000, 16},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("n=%d,workers=%d", c.n, c.workers), func(t *testing.T) {
			got, obs := observe(t, meter.Plan{}, c.n, c.workers)
			sorted := chunks(t, c.n, c.workers, obs.Calls)
			requireExact(t, c.n, c.workers, got, sorted)
		})
	}
}

// TestSumFixedOrder makes the chunks at the start of the range finish
// last (ChunkSum lingers after its work, longest for the first chunk) and
// checks that the total is still added in chunk order. For these n and
// workers, adding the chunk sums last to first changes the last bits of
// the total.
func TestSumFixedOrder(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{3_000_000, 8}, {2_500_000, 8}, {2_000_000, 4}} {
		t.Run(fmt.Sprintf("n=%d,workers=%d", c.n, c.workers), func(t *testing.T) {
			got, obs := observe(t, meter.Plan{N: c.n, Stagger: 60 * time.Millisecond}, c.n, c.workers)
			sorted := chunks(t, c.n, c.workers, obs.Calls)
			requireExact(t, c.n, c.workers, got, sorted)
		})
	}
}

// TestSumSameEveryTime checks that the same call returns the same bits.
func TestSumSameEveryTime(t *testing.T) {
	const n, workers = 1_234_567, 8
	first, obs := observe(t, meter.Plan{}, n, workers)
	chunks(t, n, workers, obs.Calls)
	for range 4 {
		again, obs := observe(t, meter.Plan{}, n, workers)
		chunks(t, n, workers, obs.Calls)
		require.Equalf(t, math.Float64bits(first), math.Float64bits(again),
			"Sum(%d, %d) returned %v, then %v: the same call must give the same float64 every time. "+
				"Add the chunk sums in chunk order, not in the order the goroutines finish.", n, workers, first, again)
	}
}

// atOnceCase is a GOMAXPROCS setting and a Sum(N, workers) to run at it.
type atOnceCase struct{ procs, workers int }

// meetWait is how long each ChunkSum call waits, before it starts working,
// for one call more than the bound to join it (see meter.Plan): calls
// started together are then all seen in progress at the same moment,
// however busy the machine, and a Sum that keeps to its bound loses this
// once.
const meetWait = 300 * time.Millisecond

// TestSumFullSize runs Sum at the size of the timing test, N, under -race
// like every functional test, at GOMAXPROCS 3 and 6: the total must be
// exact, the chunks must cover [0, N), no two goroutines may touch the
// same memory without a lock (the race detector sees the run that the
// timing test times), and at most workers calls of ChunkSum may be in
// progress at once, also when workers is below GOMAXPROCS.
func TestSumFullSize(t *testing.T) {
	for _, c := range []atOnceCase{{3, 3}, {6, 6}, {6, 2}} {
		t.Run(fmt.Sprintf("GOMAXPROCS=%d,Sum(N,%d)", c.procs, c.workers), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(c.procs))
			got, obs := observe(t, meter.Plan{Meet: c.workers + 1, Patience: meetWait}, N, c.workers)
			sorted := chunks(t, N, c.workers, obs.Calls)
			requireExact(t, N, c.workers, got, sorted)
			require.LessOrEqualf(t, obs.MaxInFlight, c.workers,
				"Sum(%d, %d) had %d calls of ChunkSum in progress at once (in %d calls): workers is how many "+
					"chunks may be summed at the same time, and Sum must keep to it. %s", N, c.workers,
				obs.MaxInFlight, len(obs.Calls), tooMany(c, obs))
		})
	}
}

// TestSumBoundWhenUneven: the bound holds when n does not divide evenly
// among the workers too: the n%workers numbers left over belong to the
// workers' chunks, not to one more goroutine running beside them.
func TestSumBoundWhenUneven(t *testing.T) {
	for _, c := range []struct{ n, workers int }{{1_000_003, 8}, {100_001, 3}} {
		t.Run(fmt.Sprintf("Sum(%d,%d)", c.n, c.workers), func(t *testing.T) {
			got, obs := observe(t, meter.Plan{Meet: c.workers + 1, Patience: meetWait}, c.n, c.workers)
			sorted := chunks(t, c.n, c.workers, obs.Calls)
			requireExact(t, c.n, c.workers, got, sorted)
			require.LessOrEqualf(t, obs.MaxInFlight, c.workers,
				"Sum(%d, %d) had %d calls of ChunkSum in progress at once (in %d calls): workers is how many "+
					"chunks may be summed at the same time, also when n does not divide evenly. Give the "+
					"%d numbers left over to the workers' own chunks (chunk k covers [k*n/workers, (k+1)*n/workers)), "+
					"not to a chunk of their own.", c.n, c.workers, obs.MaxInFlight, len(obs.Calls), c.n%c.workers)
		})
	}
}

// tooMany says what may have made Sum run more calls at once than workers.
func tooMany(c atOnceCase, obs meter.Observed) string {
	switch {
	case obs.MaxInFlight == c.procs:
		return fmt.Sprintf("That is GOMAXPROCS (%d): use the workers Sum is given, not runtime.GOMAXPROCS(0).", c.procs)
	case len(obs.Calls) > c.workers:
		return fmt.Sprintf("Sum split [0, %d) into %d chunks and started them all at once: make workers chunks, "+
			"chunk k covering [k*n/workers, (k+1)*n/workers).", N, len(obs.Calls))
	}
	return "Start one goroutine per chunk, workers of them."
}
