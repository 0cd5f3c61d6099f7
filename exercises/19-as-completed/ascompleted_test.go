package ascompleted

// The functional tests, run with -race. Each runs AsCompleted in a
// synctest bubble (virtual time): the jobs' lengths, the deadline and the
// moments things happen are exact, and the tests take no real time.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// The scenarios, worked out from pageTimes with the jobs started in the
// order given (moments differ a little for a pool that starts them in
// another order; the tests look at what happened, not at these numbers).
const (
	// failingJob fails at its end: at 1.133 s, while jobs 0, 3, 13, 15
	// and 17 run and 31 jobs wait for a worker.
	failingJob = 16
	// deadline is the timeout of TestAsCompletedDeadline: 2.443 s, while
	// jobs 0, 26, 33, 34, 35 and 37 run, 12 wait, and no job finishes
	// until 2.644 s.
	deadline = 2443 * time.Millisecond
	// callerCancelAt is when the caller cancels ctx in
	// TestAsCompletedCallerCancels: while jobs 0, 19, 22, 25, 26 and 27
	// run and 22 wait.
	callerCancelAt = 1712 * time.Millisecond
	// noDeadline is a timeout no scenario reaches.
	noDeadline = time.Hour
	// stuckAfter is how long (virtual) a test waits for AsCompleted.
	stuckAfter = 2 * time.Hour
	// settle is how long (virtual) a test lets pass after AsCompleted has
	// returned, so that whatever was left running shows in the records.
	settle = 10 * time.Second
)

// outcome is what one call of AsCompleted did.
type outcome struct {
	results  []Result
	err      error
	returned time.Duration // when it returned, since it was called
	running  []string      // jobs still running when it returned
}

// runAsCompleted calls AsCompleted with the fake's jobs and handle inside
// the current bubble, and waits for it. Then it checks that no goroutine
// it started is left, and lets settle pass before the test reads the
// records.
func runAsCompleted(t *testing.T, ctx context.Context, f *fake, timeout time.Duration) outcome {
	t.Helper()
	snap := katatest.Snapshot()
	jobs := f.jobList()
	type answer struct {
		results []Result
		err     error
	}
	done := make(chan answer, 1)
	f.begin()
	start := time.Now()
	go func() {
		results, err := AsCompleted(ctx, jobs, timeout, f.handle)
		done <- answer{results, err}
	}()
	var o outcome
	select {
	case a := <-done:
		o = outcome{results: a.results, err: a.err, returned: time.Since(start)}
		o.running = f.markReturned()
	case <-time.After(stuckAfter):
		katatest.Hung(t, fmt.Sprintf("AsCompleted with %d jobs", len(jobs)), stuckAfter,
			"It waits for something that never comes: a receive from a channel nobody sends on or "+
				"closes any more, a send nobody receives, or a WaitGroup that is never done. Every "+
				"goroutine must be able to finish once the jobs are done or AsCompleted has stopped.")
	}
	katatest.NoGoroutinesLeft(t, snap, time.Millisecond, "AsCompleted")
	time.Sleep(settle)
	synctest.Wait()
	return o
}

// requireHandledOnce checks handle's calls and the results returned: each
// job that returned its Result before the moment stop was handled once,
// with that Result, never two at once; and AsCompleted returned exactly
// the results it handled.
func requireHandledOnce(t *testing.T, f *fake, o outcome, stop time.Duration) {
	t.Helper()
	v := f.view()
	require.Emptyf(t, v.problems, "the jobs or handle were used against their contract: %s", listed(v.problems))
	require.LessOrEqualf(t, v.mostHandle, 1, "handle was running %d times at once: call it from one goroutine "+
		"only (the one that reads the results as they come), or hold a sync.Mutex around every call.", v.mostHandle)

	var missing, twice []string
	for i, j := range v.jobs {
		switch {
		case len(j.handled) > 1:
			twice = append(twice, fmt.Sprintf("job %d (%d times)", i, len(j.handled)))
		case len(j.handled) == 0 && j.succeeded && j.endedAt < stop:
			missing = append(missing, fmt.Sprintf("job %d (finished at %v)", i, j.endedAt))
		}
	}
	require.Emptyf(t, twice, "handle was called more than once for %s: handle each result once.", listed(twice))
	when := fmt.Sprintf("before AsCompleted stopped at %v", stop)
	if stop == never {
		when = "and nothing failed"
	}
	require.Emptyf(t, missing, "these jobs returned their Result %s, but handle never saw it: %s. Handle "+
		"every result, as soon as its job returns it, until AsCompleted stops (AsCompleted returned at %v).",
		when, listed(missing), o.returned)

	if diff := resultsDiff(o.results, v.handled); len(diff) > 0 {
		require.Failf(t, "not the results handled", "AsCompleted returned %d results, and handle was "+
			"called with %d: %s. Return exactly the results you handled, each once (no zero Result for "+
			"a job that did not finish).", len(o.results), len(v.handled), listed(diff))
	}
}

// resultsDiff compares the results returned with those handled, job by
// job: "job 7 handled but not returned".
func resultsDiff(returned, handled []Result) []string {
	count := func(rs []Result) map[Result]int {
		m := map[Result]int{}
		for _, r := range rs {
			m[r]++
		}
		return m
	}
	got, want := count(returned), count(handled)
	var keys []Result
	for r := range got {
		keys = append(keys, r)
	}
	for r := range want {
		if got[r] == 0 {
			keys = append(keys, r)
		}
	}
	slices.SortFunc(keys, func(a, b Result) int {
		if a.Job != b.Job {
			return a.Job - b.Job
		}
		return strings.Compare(a.Title, b.Title)
	})
	var out []string
	for _, r := range keys {
		g, w := got[r], want[r]
		name := fmt.Sprintf("job %d", r.Job)
		if r.Title != title(r.Job) {
			name = fmt.Sprintf("Result{Job: %d, Title: %q}, which no job returned,", r.Job, r.Title)
		}
		switch {
		case g == w:
		case w == 0 && g == 1:
			out = append(out, name+" returned but never handled")
		case w == 0:
			out = append(out, fmt.Sprintf("%s returned %d times but never handled", name, g))
		case g == 0:
			out = append(out, name+" handled but not returned")
		default:
			out = append(out, fmt.Sprintf("%s handled %d times and returned %d times", name, w, g))
		}
	}
	return out
}

// requireStopped checks that AsCompleted stopped at the moment stop: no
// job called afterwards, every job running then cancelled within
// promptly, and none still running when it returned.
func requireStopped(t *testing.T, f *fake, o outcome, stop time.Duration, what string) {
	t.Helper()
	v := f.view()
	late := v.calledAfter(stop)
	if left := v.notCancelled(stop); len(left) > 0 {
		also := ""
		if len(late) > 0 {
			also = fmt.Sprintf(", and it went on starting jobs (%s)", listed(late))
		}
		require.Failf(t, "running jobs not cancelled", "%s at %v should have cancelled the jobs running "+
			"then, within %v, but these were not: %s%s. AsCompleted returned at %v, error %v. Give every "+
			"job one ctx made with context.WithTimeout(ctx, timeout), and call its cancel func at the "+
			"first error: the deadline cancels it by itself, even while no result comes.",
			what, stop, promptly, listed(left), also, o.returned, o.err)
	}
	if len(late) > 0 {
		require.Failf(t, "a job started after the stop", "%s at %v should have stopped AsCompleted, but it "+
			"went on starting jobs: %s. AsCompleted returned at %v, error %v. Once stopped, start no job, "+
			"not even with the cancelled ctx (it still connects): whatever hands out the jobs must stop "+
			"when ctx is done (a select beside <-ctx.Done(), or a ctx.Err() check right before each job).",
			what, stop, listed(late), o.returned, o.err)
	}
	require.Emptyf(t, o.running, "AsCompleted returned at %v while %s still ran: a job cancelled while it "+
		"fetches takes %v to close what it opened, and AsCompleted must wait until every job it started "+
		"has returned (a sync.WaitGroup, or errgroup's Wait).", o.returned, listed(o.running), rollbackTime)
}

// requireWidth checks the pool's width: at most Workers jobs at once, and
// Workers at once while there were that many to run.
func requireWidth(t *testing.T, f *fake, want int) {
	t.Helper()
	v := f.view()
	require.LessOrEqualf(t, v.most, Workers, "%d jobs were running at once: the pool is %d wide (Workers), "+
		"so run at most %d jobs at a time.", v.most, Workers, Workers)
	require.Equalf(t, want, v.most, "at most %d jobs were running at once, with %d jobs to run: keep "+
		"%d running while there are that many left (Workers workers, or a limit of Workers).",
		v.most, len(v.jobs), want)
}

// requireFirstError checks that AsCompleted returned the failing job's
// error, alone.
func requireFirstError(t *testing.T, got error) {
	t.Helper()
	require.Errorf(t, got, "job %d failed with %q, but AsCompleted returned nil: the first error is "+
		"AsCompleted's error.", failingJob, errPageGone)
	if !errors.Is(got, errPageGone) {
		note := ""
		if errors.Is(got, context.Canceled) {
			note = " That is what the jobs it cancelled returned after the failure: keep the first " +
				"error, and ignore what comes after it."
		}
		require.Failf(t, "not the first error", "job %d failed with %q, which stopped everything; "+
			"AsCompleted returned %q instead.%s", failingJob, errPageGone, got, note)
	}
	require.NotErrorIsf(t, got, context.Canceled, "AsCompleted returned %q, which also holds "+
		"context.Canceled: return the first error alone, not joined with what the cancelled jobs "+
		"returned after it.", got)
}

// requireStopError checks that AsCompleted returned the error of the
// context that stopped it: context.DeadlineExceeded or context.Canceled.
func requireStopError(t *testing.T, o outcome, want error, what string) {
	t.Helper()
	name := "context.Canceled"
	if want == context.DeadlineExceeded {
		name = "context.DeadlineExceeded"
	}
	switch {
	case o.err == nil:
		require.Failf(t, "no error", "%s, and AsCompleted returned nil, as if every job had been done: "+
			"return %s (what ctx.Err() says then; the cancelled jobs' errors wrap it too).", what, name)
	case !errors.Is(o.err, want):
		require.Failf(t, "not the context's error", "%s: AsCompleted should return %s, not %q. Make the "+
			"jobs' ctx with context.WithTimeout from the ctx AsCompleted is given (never from "+
			"context.Background()), and return its error.", what, name, o.err)
	}
}

// TestAsCompletedHandlesEveryResult runs the 50 jobs with no deadline and
// no failure: every result is handled once, and returned.
func TestAsCompletedHandlesEveryResult(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		o := runAsCompleted(t, context.Background(), f, noDeadline)
		require.NoErrorf(t, o.err, "every job succeeded and the %v timeout was never reached: "+
			"AsCompleted should return nil", noDeadline)
		requireHandledOnce(t, f, o, never)
		requireStopped(t, f, o, never, "nothing")
	})
}

// TestAsCompletedOneHandleAtATime runs 30 jobs of the same length, so
// that Workers of them finish at each instant: handle is never called
// twice at once.
func TestAsCompletedOneHandleAtATime(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(sameTimes(5*Workers, 523))
		o := runAsCompleted(t, context.Background(), f, noDeadline)
		require.NoError(t, o.err, "every job succeeded: AsCompleted should return nil")
		requireHandledOnce(t, f, o, never)
	})
}

// TestAsCompletedPoolWidth counts the jobs running at once: Workers, never
// more, with 50 jobs; all of them with fewer jobs than that.
func TestAsCompletedPoolWidth(t *testing.T) {
	for _, n := range []int{len(pageTimes), Workers + 1, 3} {
		t.Run(fmt.Sprintf("%d jobs", n), func(t *testing.T) {
			bubble(t, func(t *testing.T) {
				f := newFake(pageTimes[:n])
				o := runAsCompleted(t, context.Background(), f, noDeadline)
				require.NoError(t, o.err, "every job succeeded: AsCompleted should return nil")
				requireWidth(t, f, min(n, Workers))
				requireHandledOnce(t, f, o, never)
			})
		})
	}
}

// TestAsCompletedNoJobs gives AsCompleted no job at all: it returns at
// once, with no result and no error, and never calls handle.
func TestAsCompletedNoJobs(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(nil)
		o := runAsCompleted(t, context.Background(), f, noDeadline)
		require.NoError(t, o.err, "with no job, nothing can fail: AsCompleted should return nil")
		require.Emptyf(t, o.results, "with no job, AsCompleted should return no result")
		require.Zerof(t, o.returned, "with no job, AsCompleted should return at once, not after %v", o.returned)
		requireHandledOnce(t, f, o, never)
	})
}

// TestAsCompletedFirstError makes job 16 fail at its end (1.133 s):
// AsCompleted stops there, and returns that error.
func TestAsCompletedFirstError(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		f.failAt(failingJob, errPageGone)
		o := runAsCompleted(t, context.Background(), f, noDeadline)
		failedAt := f.view().failedAt
		require.GreaterOrEqualf(t, failedAt, time.Duration(0), "AsCompleted returned (error %v) at %v "+
			"before job %d, which fails, had finished: run every job until one fails", o.err, o.returned, failingJob)
		requireFirstError(t, o.err)
		requireStopped(t, f, o, failedAt, fmt.Sprintf("job %d's failure", failingJob))
		requireHandledOnce(t, f, o, failedAt)
	})
}

// TestAsCompletedDeadline runs the 50 jobs with a 2.443 s timeout, when
// no job finishes for 201 ms: AsCompleted stops at the deadline, and
// returns context.DeadlineExceeded.
func TestAsCompletedDeadline(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		o := runAsCompleted(t, context.Background(), f, deadline)
		requireStopped(t, f, o, deadline, "the deadline")
		requireStopError(t, o, context.DeadlineExceeded, fmt.Sprintf("the %v timeout passed before every "+
			"job had finished", deadline))
		requireHandledOnce(t, f, o, deadline)
	})
}

// TestAsCompletedCallerCancels cancels the caller's ctx at 1.712 s:
// AsCompleted stops there, and returns context.Canceled.
func TestAsCompletedCallerCancels(t *testing.T) {
	bubble(t, func(t *testing.T) {
		f := newFake(pageTimes)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stop := time.AfterFunc(callerCancelAt, cancel)
		defer stop.Stop()
		o := runAsCompleted(t, ctx, f, noDeadline)
		requireStopped(t, f, o, callerCancelAt, "the caller's cancel")
		requireStopError(t, o, context.Canceled, fmt.Sprintf("the caller cancelled ctx at %v", callerCancelAt))
		requireHandledOnce(t, f, o, callerCancelAt)
	})
}
