package cgobatch

import (
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

// Budget of TestTimingBatch.
const (
	// timingElements is the size of the slice both versions process.
	timingElements = 1 << 20
	// timingRounds is how many times Apply runs, each time on fresh
	// input; baselineRounds how many of them also time the baseline (for
	// information only).
	timingRounds   = 7
	baselineRounds = 2
	// maxCrossings bounds the calls from Go into C of one Apply of
	// timingElements elements: one per chunk of at least 16 elements. The
	// Go runtime counts every crossing (runtime.NumCgoCall), whatever C
	// function it goes to, so unlike a speedup no busy moment of the
	// machine can move it.
	maxCrossings = timingElements / 16
)

// timeIt returns how long f took.
func timeIt(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}

// perElement formats d spread over n elements, e.g. "27.3ns".
func perElement(d time.Duration, n int) string {
	return fmt.Sprintf("%.2fns", float64(d.Nanoseconds())/float64(n))
}

// TestTimingBatch counts how often Apply crosses from Go into C: at most
// once per 16 elements, on each of timingRounds rounds of input it has
// never seen (fresh values in a fresh slice), so an Apply that remembers
// an earlier answer gains nothing. The Go runtime counts the crossings
// (every cgo call, to any C function), and the kernel counts the elements
// it computed: all of them, in C, in every round. It also times Apply
// against the one-call-per-element baseline, alternating them, and shows
// the speedup for information only: on a busy machine a short C call can
// wait for a core as long as a long one, and a grade must not depend on
// that. Run it without -race.
//
// An Apply over budget stops the test after the rounds that time the
// baseline: one crossing per element, with a busy machine, can take
// seconds a round.
func TestTimingBatch(t *testing.T) {
	// Warm up (first-touch page faults, caches) and check that Apply is
	// right: a fast wrong answer does not count.
	xs := inputs(timingElements, 2026)
	requireMatchesReference(t, "Apply", xs, apply(t, "Apply", xs))

	basePerElem, batched := time.Duration(1<<62), time.Duration(1<<62)
	mostCrossings, mostKernelCalls := int64(0), uint64(0)
	for round := range timingRounds {
		xs := inputs(timingElements, 2027+uint64(round)) // fresh input, never seen before
		if round < baselineRounds {
			basePerElem = min(basePerElem, timeIt(func() { ApplyPerElement(xs) }))
		}

		callsBefore, elementsBefore := kernelStats()
		crossingsBefore := runtime.NumCgoCall()
		var got []float64
		batched = min(batched, timeIt(func() { got = Apply(xs) }))
		crossings := runtime.NumCgoCall() - crossingsBefore
		callsAfter, elementsAfter := kernelStats()
		mostCrossings = max(mostCrossings, crossings)
		mostKernelCalls = max(mostKernelCalls, callsAfter-callsBefore)
		if computed := elementsAfter - elementsBefore; computed != timingElements {
			t.Fatalf("during Apply of %d fresh elements (round %d of %d), the C kernel computed %d "+
				"elements: each Apply must compute every element of its input in C, exactly once. An answer "+
				"kept from an earlier call, or computed in Go, does not count.",
				timingElements, round+1, timingRounds, computed)
		}
		requireMatchesReference(t, fmt.Sprintf("Apply (round %d)", round+1), xs, got)
		if mostCrossings > maxCrossings && round+1 >= baselineRounds {
			break // over budget already: more rounds would only take longer to say so
		}
	}

	katatest.Info(t, "calls into the C kernel per Apply (counted by the kernel)", fmt.Sprint(mostKernelCalls))
	katatest.Info(t, "ApplyPerElement time per element (one cgo call each)", perElement(basePerElem, timingElements))
	katatest.Info(t, "Apply time per element", perElement(batched, timingElements))
	katatest.Info(t, "Apply speedup over one cgo call per element (information only: on a busy machine it varies)",
		fmt.Sprintf("%.1fx", float64(basePerElem)/float64(batched)))

	var note string
	if mostCrossings > maxCrossings {
		why := "Apply calls the kernel once per element, or once per handful of elements."
		if mostKernelCalls <= maxCrossings {
			why = fmt.Sprintf("The kernel itself was called only %d times: the other crossings go to other "+
				"C functions, called once per element (a helper that copies one value in or out?). Copy in "+
				"Go instead (copy into unsafe.Slice over C memory), or pass Go memory straight to the kernel.",
				mostKernelCalls)
		}
		note = fmt.Sprintf("%s Each call from Go into C costs tens of nanoseconds, far more than the kernel's "+
			"arithmetic on one element. Pass the slice to kernel_batch once per chunk of thousands of "+
			"elements: a pointer to the chunk's first element and its length.", why)
	}
	katatest.Log(t, katatest.Measure{
		What: fmt.Sprintf("calls from Go into C per Apply of %d elements (counted by the Go runtime, the most "+
			"in any round)", timingElements),
		Observed: fmt.Sprint(mostCrossings),
		Budget:   fmt.Sprintf("at most %d", maxCrossings),
		OK:       mostCrossings <= maxCrossings,
		Note:     note,
	})
}
