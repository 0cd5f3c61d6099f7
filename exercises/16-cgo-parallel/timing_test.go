package cgoparallel

import (
	"fmt"
	"runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

const (
	// timingJobs is the batch the timing test runs: 64 jobs of half a
	// million to a million rounds, 2 to 4 ms of C each on the reference
	// machine, about 0.2 s for the whole batch on one core.
	timingJobs = 64
	// timingAttempts is how many times the batch runs, alternating with
	// the one-call-at-a-time baseline; the largest number of calls in
	// flight and the best time of each count, so a busy moment on the
	// machine does not decide the grade.
	timingAttempts = 3
	// maxTarget caps the calls in flight the test asks for: on a machine
	// with more cores, four at once already shows the point.
	maxTarget = 4
)

// TestTimingParallelC runs a batch through DigestAll and counts, in C, how
// many calls were inside the C function at the same moment: at least
// min(NumCPU, 4). The speedup over one call at a time is shown for
// information only: on a busy machine it says more about the other
// programs than about yours. Run it without -race.
func TestTimingParallelC(t *testing.T) {
	jobs := makeJobs(timingJobs, 1<<19, 1<<20, 2026)
	want := min(runtime.NumCPU(), maxTarget)
	wantRounds := uint64(0)
	for _, j := range jobs {
		wantRounds += uint64(j.Rounds)
	}

	threads := pprof.Lookup("threadcreate")
	threadsBefore := threads.Count()
	var serial []uint64
	best := 0
	var avgInFlight float64 // during the fastest DigestAll, while C was busy
	oneByOne, fastest := time.Duration(1<<62), time.Duration(1<<62)
	for range timingAttempts {
		// The baseline, one call at a time from this goroutine, and
		// DigestAll, alternately: the best time of each counts.
		start := time.Now()
		serial = make([]uint64, len(jobs))
		for i, j := range jobs {
			serial[i] = Digest(j)
		}
		oneByOne = min(oneByOne, time.Since(start))

		resetMaxInFlight()
		before := cCounts()
		start = time.Now()
		got := DigestAll(jobs)
		took := time.Since(start)
		after := cCounts()
		if took < fastest {
			fastest = took
			avgInFlight = float64(after.inside-before.inside) / float64(max(after.busy-before.busy, 1))
		}
		best = max(best, after.maxInFlight)
		if calls, rounds := after.calls-before.calls, after.rounds-before.rounds; calls != uint64(len(jobs)) || rounds != wantRounds {
			t.Fatalf("during DigestAll(%d jobs, %d rounds in all) the C function received %d calls for %d rounds: "+
				"each job must go through Digest exactly once, unchanged, and nothing else may call it",
				len(jobs), wantRounds, calls, rounds)
		}
		for i := range jobs {
			if i >= len(got) || got[i] != serial[i] {
				t.Fatalf("DigestAll returned a wrong result for job %d of %d: a fast wrong answer does not "+
					"count (the functional tests say more)", i, len(jobs))
			}
		}
	}

	katatest.Info(t, fmt.Sprintf("one call at a time (%d jobs)", len(jobs)), oneByOne.Round(time.Millisecond).String())
	katatest.Info(t, "DigestAll", fastest.Round(time.Millisecond).String())
	katatest.Info(t, "C calls in flight on average while any was (time inside C / time C was busy)",
		fmt.Sprintf("%.2f", avgInFlight))
	katatest.Info(t, "speedup (information only: on a busy machine it varies)",
		fmt.Sprintf("%.1fx on %d cores", float64(oneByOne)/float64(fastest), runtime.NumCPU()))
	katatest.Info(t, "OS threads the program created during the test", fmt.Sprint(threads.Count()-threadsBefore))

	var note string
	if best < want {
		note = fmt.Sprintf("At most %d call(s) were inside the C function at the same moment (counted in C). "+
			"DigestAll calls C from one goroutine, or makes its goroutines take turns. Go has no global "+
			"interpreter lock: a goroutine inside a C call holds an OS thread of its own, and other goroutines "+
			"can call C at the same time. Start min(runtime.NumCPU(), len(jobs)) goroutines that each take jobs "+
			"and call Digest themselves, with no lock around the call (Digest is safe for concurrent use).", best)
	}
	katatest.AtLeast(t, "C calls in flight at once (largest, counted in C)", best, want, note)
}
