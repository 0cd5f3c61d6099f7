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
	// timingLimit is how long the timing test waits for one DigestAll of
	// the batch (0.2 s of work on one core) before calling it stuck.
	timingLimit = 10 * time.Second
	// meetWait is how long each of the first calls of the counted run
	// waits inside C for one call more than GOMAXPROCS to come in. Calls
	// started together are then all inside at the same moment, however
	// busy the machine; a DigestAll that makes GOMAXPROCS calls at once
	// loses meetWait once.
	meetWait = 300 * time.Millisecond
	// speedAttempts is how many times the batch runs, alternating with
	// the one-call-at-a-time baseline, for the speedup shown as
	// information; the best time of each counts.
	speedAttempts = 3
)

// procsSettings are the GOMAXPROCS values the timing test runs at: a
// DigestAll sized by runtime.GOMAXPROCS(0) fits both, one with a fixed
// number of workers, runtime.NumCPU() workers or a goroutine per job
// misses at least one, on a 2-core laptop as on a 64-core server.
var procsSettings = []int{3, 6}

// TestTimingParallelC runs a batch through DigestAll with GOMAXPROCS set
// to 3 and then 6, and counts in C how many calls were inside the C
// function at the same moment: exactly GOMAXPROCS, no fewer and no more.
// The speedup over one call at a time is shown for information only: on
// a busy machine it says more about the other programs than about yours.
// Run it without -race.
func TestTimingParallelC(t *testing.T) {
	threads := pprof.Lookup("threadcreate")
	threadsBefore := threads.Count()
	jobs := makeJobs(timingJobs, 1<<19, 1<<20, 2026)
	serial := make([]uint64, len(jobs))
	for i, j := range jobs {
		serial[i] = referenceDigest(j)
	}

	for _, procs := range procsSettings {
		ok := t.Run(fmt.Sprintf("GOMAXPROCS=%d", procs), func(t *testing.T) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			defer meet(0, 0, 0)
			resetMaxInFlight()
			meet(procs, procs+1, meetWait)
			before := cCounts()
			got, _ := timedDigestAll(t, jobs)
			after := cCounts()
			meet(0, 0, 0)
			requireSameWork(t, jobs, serial, got, before, after)
			countInFlight(t, procs, after.maxInFlight)
		})
		if !ok {
			return
		}
	}

	// The speedup, for information, at the machine's own GOMAXPROCS.
	var avgInFlight float64 // during the fastest DigestAll, while C was busy
	oneByOne, fastest := time.Duration(1<<62), time.Duration(1<<62)
	for range speedAttempts {
		start := time.Now()
		for _, j := range jobs {
			Digest(j)
		}
		oneByOne = min(oneByOne, time.Since(start))

		before := cCounts()
		_, took := timedDigestAll(t, jobs)
		after := cCounts()
		if took < fastest {
			fastest = took
			avgInFlight = float64(after.inside-before.inside) / float64(max(after.busy-before.busy, 1))
		}
	}
	procs := runtime.GOMAXPROCS(0)
	katatest.Info(t, fmt.Sprintf("one call at a time (%d jobs)", len(jobs)), oneByOne.Round(time.Millisecond).String())
	katatest.Info(t, fmt.Sprintf("DigestAll, GOMAXPROCS %d", procs), fastest.Round(time.Millisecond).String())
	katatest.Info(t, "C calls in flight on average while any was (time inside C / time C was busy)",
		fmt.Sprintf("%.2f", avgInFlight))
	katatest.Info(t, "speedup (information only: on a busy machine it varies)",
		fmt.Sprintf("%.1fx with GOMAXPROCS %d", float64(oneByOne)/float64(fastest), procs))
	katatest.Info(t, "OS threads the program created during the test", fmt.Sprint(threads.Count()-threadsBefore))
}

// timedDigestAll calls DigestAll(jobs) and returns its results and how
// long it took, failing the test if it does not return within timingLimit.
func timedDigestAll(t *testing.T, jobs []Job) ([]uint64, time.Duration) {
	t.Helper()
	type result struct {
		got  []uint64
		took time.Duration
	}
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		got := DigestAll(jobs)
		done <- result{got, time.Since(start)}
	}()
	select {
	case r := <-done:
		return r.got, r.took
	case <-time.After(timingLimit):
		katatest.Hung(t, fmt.Sprintf("DigestAll(%d jobs)", len(jobs)), timingLimit, "The jobs need about 0.2 s "+
			"on one core. Is it waiting for a result that never comes (a WaitGroup whose count never reaches "+
			"zero, a channel nobody reads or nobody sends on)?")
		return nil, 0
	}
}

// requireSameWork fails t unless DigestAll computed every job once, in
// C, and returned the right results.
func requireSameWork(t *testing.T, jobs []Job, want, got []uint64, before, after counts) {
	t.Helper()
	wantRounds := uint64(0)
	for _, j := range jobs {
		wantRounds += uint64(j.Rounds)
	}
	if calls, rounds := after.calls-before.calls, after.rounds-before.rounds; calls != uint64(len(jobs)) || rounds != wantRounds {
		t.Fatalf("during DigestAll(%d jobs, %d rounds in all) the C function received %d calls for %d rounds: "+
			"each job must go through Digest exactly once, unchanged, and nothing else may call it",
			len(jobs), wantRounds, calls, rounds)
	}
	for i := range jobs {
		if i >= len(got) || got[i] != want[i] {
			t.Fatalf("DigestAll returned a wrong result for job %d of %d: a fast wrong answer does not "+
				"count (the functional tests say more)", i, len(jobs))
		}
	}
}

// countInFlight grades the most calls seen inside C at once against
// GOMAXPROCS (procs), both ways.
func countInFlight(t *testing.T, procs, seen int) {
	t.Helper()
	what := fmt.Sprintf("GOMAXPROCS %d, C calls in flight at once (largest, counted in C)", procs)
	var note string
	switch {
	case seen == 1:
		note = fmt.Sprintf("Only one call at a time was inside the C function (counted in C), while Go could "+
			"run %d goroutines at the same moment. DigestAll calls C from one goroutine, or makes its goroutines "+
			"take turns (a lock around the call, or a single goroutine that makes every call). Go has no "+
			"global interpreter lock: a goroutine inside a C call holds an OS thread of its own, and other "+
			"goroutines can call C at the same time. Start min(runtime.GOMAXPROCS(0), len(jobs)) workers that "+
			"each take jobs and call Digest themselves, with no lock around the call.", procs)
	case seen < procs:
		note = fmt.Sprintf("At most %d calls were inside the C function at once, while Go could run %d "+
			"goroutines at the same moment (GOMAXPROCS). Size the workers with runtime.GOMAXPROCS(0), read "+
			"when DigestAll runs: not runtime.NumCPU() (it ignores a container's CPU limit, and GOMAXPROCS "+
			"can be set lower) and not a constant.", seen, procs)
	}
	katatest.AtLeast(t, what, seen, procs, note)
	note = ""
	if seen > procs {
		note = fmt.Sprintf("%d calls were inside the C function at once, while Go runs %d goroutines at the "+
			"same moment (GOMAXPROCS). Each call in C holds an OS thread of its own, so a goroutine per job, "+
			"or more workers than GOMAXPROCS, only adds threads that take turns on the same cores. Start "+
			"min(runtime.GOMAXPROCS(0), len(jobs)) workers, or bound the goroutines with errgroup's "+
			"SetLimit(runtime.GOMAXPROCS(0)).", seen, procs)
	}
	katatest.AtMost(t, what, seen, procs, note)
}
