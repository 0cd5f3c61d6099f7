package cgoparallel

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// referenceDigest is kata_digest written in Go: the same SplitMix64 rounds
// on uint64, whose wrap-around arithmetic is the same as C's unsigned
// arithmetic, so the results are equal bit for bit.
func referenceDigest(j Job) uint64 {
	x := j.Seed
	for range j.Rounds {
		x += 0x9e3779b97f4a7c15
		z := x
		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
		z = (z ^ (z >> 27)) * 0x94d049bb133111eb
		x = z ^ (z >> 31)
	}
	return x
}

// makeJobs returns n deterministic jobs with between lo and hi rounds.
func makeJobs(n, lo, hi int, seed uint64) []Job {
	r := rand.New(rand.NewPCG(seed, 16))
	jobs := make([]Job, n)
	for i := range jobs {
		jobs[i] = Job{Seed: r.Uint64(), Rounds: lo + r.IntN(hi-lo+1)}
	}
	return jobs
}

// callLimit is how long a functional test waits for one DigestAll before
// calling it stuck: the batches here need a few milliseconds of C on one
// core, so a call still out after two seconds waits for something that
// never comes, and the test says so at once rather than after the
// exercise's time limit.
const callLimit = 2 * time.Second

// testProcs is the GOMAXPROCS the functional tests run at, whatever the
// machine: with one CPU (GOMAXPROCS 1), a DigestAll sized by GOMAXPROCS
// would make one call at a time, and mistakes that need two workers
// (workers that each run every job, results appended as jobs finish)
// would go unseen there.
const testProcs = 4

// setProcs sets GOMAXPROCS to n for the rest of the test.
func setProcs(t *testing.T, n int) {
	t.Helper()
	was := runtime.GOMAXPROCS(n)
	t.Cleanup(func() { runtime.GOMAXPROCS(was) })
}

// hungBefore is set once a DigestAll call has not returned: the exercise
// already fails, so the tests after it give up after a quarter of a
// second rather than two seconds each.
var hungBefore atomic.Bool

// runAll calls DigestAll(jobs), failing the test if it does not return
// within limit or leaves goroutines running after it returns.
func runAll(t *testing.T, jobs []Job, limit time.Duration) []uint64 {
	t.Helper()
	if hungBefore.Load() {
		limit = min(limit, 250*time.Millisecond)
	}
	snap := katatest.Snapshot()
	done := make(chan []uint64, 1)
	go func() { done <- DigestAll(jobs) }()
	select {
	case got := <-done:
		katatest.NoGoroutinesLeft(t, snap, 100*time.Millisecond, fmt.Sprintf("DigestAll(%d jobs)", len(jobs)))
		return got
	case <-time.After(limit):
		hungBefore.Store(true)
		katatest.Hung(t, fmt.Sprintf("DigestAll(%d jobs)", len(jobs)), limit, "These jobs need a few milliseconds. "+
			"Is it waiting for something that never comes: a WaitGroup whose count never reaches zero, a send "+
			"on a channel nobody reads (yet), a receive from one nobody sends on or closes?")
		return nil
	}
}

// requireResults fails t unless got holds the reference result of every
// job, in order.
func requireResults(t *testing.T, jobs []Job, got []uint64) {
	t.Helper()
	require.Lenf(t, got, len(jobs), "DigestAll returned %d results for %d jobs: one result per job, in order",
		len(got), len(jobs))
	for i, j := range jobs {
		if want := referenceDigest(j); got[i] != want {
			where := slices.Index(got, want)
			hint := "it is not anywhere in the results"
			if where >= 0 {
				hint = fmt.Sprintf("it is at index %d instead", where)
			}
			if got[i] == 0 && where < 0 {
				require.FailNowf(t, "result never written",
					"result %d of %d is 0, want %#x (the digest of job %d): nothing wrote it before DigestAll "+
						"returned. Wait for every worker before returning (call wg.Add before each go statement, "+
						"not inside the goroutine, or use wg.Go).",
					i, len(jobs), want, i)
			}
			require.FailNowf(t, "wrong result",
				"result %d of %d is %#x, want %#x (the digest of job %d; %s). Result i must be Digest(jobs[i]): "+
					"write each result to its own index rather than appending in the order jobs finish.",
				i, len(jobs), got[i], want, i, hint)
		}
	}
}

// TestDigestMatchesReference checks the support code, not your work: the C
// function and the Go reference of the tests agree.
func TestDigestMatchesReference(t *testing.T) {
	for _, j := range append(makeJobs(20, 0, 5000, 1), Job{}, Job{Seed: ^uint64(0), Rounds: 1}) {
		require.Equalf(t, referenceDigest(j), Digest(j), "Digest(%+v) (support code)", j)
	}
}

// TestDigestAllEmpty checks that no jobs give no results.
func TestDigestAllEmpty(t *testing.T) {
	for _, jobs := range [][]Job{nil, {}} {
		got := runAll(t, jobs, callLimit)
		require.Emptyf(t, got, "DigestAll(%#v) returned %v: no jobs, no results", jobs, got)
	}
}

// TestDigestAllResults checks the results for batches of many sizes,
// smaller and larger than the number of cores, with rounds that vary a lot
// from job to job (so jobs finish out of order).
func TestDigestAllResults(t *testing.T) {
	setProcs(t, testProcs)
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 100, 257} {
		jobs := makeJobs(n, 0, 20_000, uint64(n))
		requireResults(t, jobs, runAll(t, jobs, callLimit))
	}
}

// holdWait is how long TestDigestAllOutOfOrder holds the first job's call
// for another call to finish: milliseconds are enough when another worker
// is running, and code that calls C one job at a time waits it once.
const holdWait = 500 * time.Millisecond

// TestDigestAllOutOfOrder makes the first job finish after another one,
// on any machine: its call waits in C, before its work, until another call
// has finished. Result 0 must still be the first job's.
func TestDigestAllOutOfOrder(t *testing.T) {
	setProcs(t, testProcs)
	jobs := makeJobs(16, 5000, 20_000, 17)
	timedOut := holdJob(jobs[0].Seed, holdWait)
	t.Cleanup(func() { holdJob(0, 0) })
	got := runAll(t, jobs, callLimit)
	requireResults(t, jobs, got)
	if timedOut() {
		t.Logf("the first job waited %v in C and no other call finished meanwhile: DigestAll called C one "+
			"job at a time (the timing test says more)", holdWait)
	}
}

// TestDigestAllComputesInC checks that each job is computed in C exactly
// once: the C side counts its calls and the rounds it computed.
func TestDigestAllComputesInC(t *testing.T) {
	setProcs(t, testProcs)
	jobs := makeJobs(64, 1000, 100_000, 64)
	// Two jobs of zero rounds: their digest is their seed, and they still
	// go through C like any other.
	jobs[7].Rounds, jobs[40].Rounds = 0, 0
	rounds := uint64(0)
	for _, j := range jobs {
		rounds += uint64(j.Rounds)
	}
	before := cCounts()
	got := runAll(t, jobs, callLimit)
	after := cCounts()
	requireResults(t, jobs, got)
	require.Equalf(t, uint64(len(jobs)), after.calls-before.calls,
		"the C function was called %d times during DigestAll(%d jobs): each job must go through Digest "+
			"exactly once, a job of zero rounds too (computing in Go, or twice, misses the point)", after.calls-before.calls, len(jobs))
	require.Equalf(t, rounds, after.rounds-before.rounds,
		"the C function computed %d rounds during DigestAll, the jobs ask for %d: pass each job to Digest unchanged",
		after.rounds-before.rounds, rounds)
}

// TestDigestAllLeavesJobsAlone checks that DigestAll does not change its
// input.
func TestDigestAllLeavesJobsAlone(t *testing.T) {
	setProcs(t, testProcs)
	jobs := makeJobs(50, 0, 50_000, 50)
	before := slices.Clone(jobs)
	requireResults(t, jobs, runAll(t, jobs, callLimit))
	for i := range jobs {
		if jobs[i] != before[i] {
			where := "it is not anywhere in the jobs now"
			if at := slices.Index(jobs, before[i]); at >= 0 {
				where = fmt.Sprintf("it is at index %d now: were the jobs sorted, or swapped?", at)
			}
			require.FailNowf(t, "jobs changed",
				"DigestAll changed the jobs it was given: job %d was %+v before the call and is %+v after (%s). "+
					"Leave its input alone: a slice assigned to another variable still shares its elements, so "+
					"sorting or writing through it changes the caller's jobs; work on a slice of indexes, or "+
					"on slices.Clone(jobs).", i, before[i], jobs[i], where)
		}
	}
}
