package supervisor_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"

	supervisor "github.com/asynckata/kata/exercises/18-supervisor"
)

// callWait bounds a call that starts no worker and waits for none: Close,
// and calls on a closed pool or with bad arguments.
const callWait = 5 * time.Second

// quiet is how long a call into the pool (NewPool, Map) may go with no
// worker doing anything (the journals unchanged) before the test calls it
// stuck. A batch needs about a second; a fresh -race worker takes tens of
// milliseconds to say hello, seconds on a very busy machine.
const quiet = 5 * time.Second

// callCap bounds a call into the pool however busy its workers are.
const callCap = 60 * time.Second

// makeJobs returns n healthy jobs with IDs from first on, each taking
// takes in its worker.
func makeJobs(first, n int, takes time.Duration) []supervisor.Job {
	jobs := make([]supervisor.Job, n)
	for i := range jobs {
		jobs[i] = supervisor.Job{ID: first + i, N: 2_000 + 377*i, Takes: takes}
	}
	return jobs
}

// testPool wraps the pool under test so that every call is bounded and the
// pool is closed when the test ends, whatever happens.
type testPool struct {
	p      *supervisor.Pool
	j      *journal
	closed bool
}

func startPool(t *testing.T, j *journal, size int, deadline time.Duration) *testPool {
	t.Helper()
	var p *supervisor.Pool
	waited, err := j.wait(func() error {
		var err error
		p, err = supervisor.NewPool(size, deadline)
		return err
	})
	call := fmt.Sprintf("NewPool(%d, %s)", size, deadline)
	switch {
	case errors.Is(err, errTimeout):
		katatest.Hung(t, call, waited, fmt.Sprintf("No worker did anything in the last %s. Starting a process "+
			"takes milliseconds. Is NewPool waiting for something from a worker that never comes?", quiet))
	case errors.Is(err, errPanic):
		t.Fatalf("%s %v", call, err)
	}
	require.NoError(t, err, "%s failed", call)
	require.NotNil(t, p, "%s returned a nil *Pool and no error", call)
	tp := &testPool{p: p, j: j}
	t.Cleanup(func() {
		if tp.closed {
			return
		}
		tp.closed = true
		if !t.Failed() {
			_ = within(callWait, p.Close)
			return
		}
		_ = within(time.Second, p.Close) // best effort: the test has failed already
		j.killLeft()
	})
	return tp
}

// within runs f in its own goroutine and waits at most d for it. It returns
// f's error, an error naming a panic in f, or errTimeout. On a timeout f's
// goroutine is left behind: the test fails anyway.
func within(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%w: %v", errPanic, r)
			}
		}()
		done <- f()
	}()
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case err := <-done:
		return err
	case <-timer.C:
		return errTimeout
	}
}

var (
	errTimeout = errors.New("timed out")
	errPanic   = errors.New("panicked")
)

// mapJobs calls Map, waiting while the workers show signs of life, and
// fails the test if it hangs, panics or returns an error.
func (tp *testPool) mapJobs(t *testing.T, jobs []supervisor.Job, hangHint string) []supervisor.Result {
	t.Helper()
	var results []supervisor.Result
	waited, err := tp.j.wait(func() error {
		var err error
		results, err = tp.p.Map(jobs)
		return err
	})
	switch {
	case errors.Is(err, errTimeout):
		katatest.Hung(t, fmt.Sprintf("Map(%d jobs)", len(jobs)), waited, fmt.Sprintf("No worker did anything "+
			"in the last %s, and the work takes about a second. %s", quiet, hangHint))
	case errors.Is(err, errPanic):
		t.Fatalf("Map %v", err)
	}
	require.NoError(t, err, "Map returned an error: a job that failed is reported in its own Result.Err; "+
		"Map's error is for the pool as a whole (a closed pool)")
	require.Len(t, results, len(jobs), "Map must return exactly one Result per job, the failed ones included")
	for i, job := range jobs {
		if results[i].ID == 0 && results[i].Err == nil {
			t.Fatalf("results[%d], for job %d, is an empty Result (ID 0, no Err). Either Map returned before "+
				"this job's result was in (wait for every job), or the worker's greeting, {\"ready\":<pid>}, "+
				"was decoded as a Result: read each worker's Hello line before you send it a job, as the "+
				"starter's startWorker does.", i, job.ID)
		}
		require.Equal(t, job.ID, results[i].ID,
			"results[%d] is the result of job %d, not of jobs[%d] (ID %d): Map must return results in the order "+
				"the jobs were given, not the order they finished. Remember each job's index, and give a failed "+
				"job's Result its ID too.", i, results[i].ID, i, job.ID)
	}
	return results
}

// close calls Close, waiting at most callWait, and fails the test if it
// hangs or errs.
func (tp *testPool) close(t *testing.T) {
	t.Helper()
	tp.closed = true
	err := within(callWait, tp.p.Close)
	if errors.Is(err, errTimeout) {
		katatest.Hung(t, "Close()", callWait, "Close should close each worker's stdin "+
			"(ServeWorker returns at end of input), then Wait for each process and for your own goroutines.")
	}
	require.NoError(t, err, "Close returned an error: closing a pool whose workers are healthy should succeed "+
		"(a worker killed earlier was reaped then, and is not Close's business)")
}

const ordinaryHang = "Is a job waiting for a worker that never reads it, or a result nobody sends?"

// hangHint is the advice when Map does not return on a batch with a job
// that hangs.
func hangHint(jobs []supervisor.Job) string {
	i := slices.IndexFunc(jobs, func(j supervisor.Job) bool { return j.Fault == supervisor.Hang })
	return fmt.Sprintf("Job %d (index %d) hangs: its worker never answers, and closing its stdin does not wake it. "+
		"Give each job the pool's deadline, counted from when you send it: when no answer has come by then, kill "+
		"the worker (start it with exec.CommandContext and cancel that context), reap it with cmd.Wait, set the "+
		"job's Err to a *JobError wrapping ErrDeadline, and start a replacement.", jobs[i].ID, i)
}

// requireHealthy checks that every job without a Fault succeeded with the
// right answer, on the worker whose journal has it.
func requireHealthy(t *testing.T, jobs []supervisor.Job, results []supervisor.Result, runs []run) {
	t.Helper()
	self := os.Getpid()
	for i, job := range jobs {
		if job.Fault != "" {
			continue
		}
		got := results[i]
		if got.Err != nil {
			msg := fmt.Sprintf("job %d (index %d) failed with %q, yet it does nothing wrong: it should succeed.",
				job.ID, i, got.Err)
			if j := earlierFault(jobs, runs, i, supervisor.Garbage); j >= 0 {
				msg += fmt.Sprintf(" Its worker %d had answered garbage for job %d before: a worker that "+
					"answered garbage is corrupt, and every reply of its own after that is garbage too. "+
					"Kill it, reap it and start a replacement, as for a hung one.", runs[i].pid, jobs[j].ID)
			} else {
				msg += " Does the deadline count from when the job is sent to its worker " +
					"(not from when Map started, or when the worker started)? Does a worker's failure " +
					"fail only the job it was running?"
			}
			t.Fatal(msg)
		}
		require.NotEqual(t, self, got.PID, "job %d ran inside the test process itself, not in a worker process", job.ID)
		require.Equal(t, runs[i].pid, got.PID,
			"job %d's Result says worker %d ran it, but it is worker %d's journal that has it: return the Result "+
				"the worker sent, unchanged", job.ID, got.PID, runs[i].pid)
		require.Equal(t, supervisor.CountPrimes(job.N), got.Primes, "job %d (primes below %d): wrong count", job.ID, job.N)
	}
}

// earlierFault returns the index of a job with fault that ran on the same
// worker as jobs[i] before it, or -1.
func earlierFault(jobs []supervisor.Job, runs []run, i int, fault supervisor.Fault) int {
	for j, job := range jobs {
		if job.Fault == fault && runs[j].pid == runs[i].pid && runs[j].start.Before(runs[i].start) {
			return j
		}
	}
	return -1
}

// jobError checks that results[i] failed with a *JobError naming the job
// and the worker whose journal has it, and returns it.
func jobError(t *testing.T, jobs []supervisor.Job, results []supervisor.Result, runs []run, i int) *supervisor.JobError {
	t.Helper()
	job := jobs[i]
	what := map[supervisor.Fault]string{
		supervisor.Hang:    "hangs: its worker never answers",
		supervisor.Crash:   "crashes its worker (exit status 3)",
		supervisor.Garbage: "makes its worker answer garbage",
	}[job.Fault]
	err := results[i].Err
	require.Error(t, err, "job %d (index %d) %s, yet its Result has no Err: report a job whose worker failed "+
		"as failed", job.ID, i, what)
	var je *supervisor.JobError
	require.ErrorAs(t, err, &je, "job %d (index %d) %s; its Err is %q (%T): make it a *supervisor.JobError "+
		"naming the job, the worker's PID and the cause", job.ID, i, what, err, err)
	require.Equal(t, job.ID, je.JobID, "the JobError of job %d names job %d", job.ID, je.JobID)
	require.Equal(t, runs[i].pid, je.PID, "the JobError of job %d names worker %d, but worker %d ran it "+
		"(its journal says so)", job.ID, je.PID, runs[i].pid)
	require.NotNil(t, je.Err, "the JobError of job %d has no cause (Err is nil)", job.ID)
	return je
}

// requireCause checks that a failed job's JobError gives its own cause and
// not another's.
func requireCause(t *testing.T, job supervisor.Job, je *supervisor.JobError) {
	t.Helper()
	var exit *exec.ExitError
	switch job.Fault {
	case supervisor.Hang:
		require.ErrorIs(t, je, supervisor.ErrDeadline, "job %d hung past its deadline, but its error %q does not "+
			"wrap ErrDeadline: set JobError.Err to ErrDeadline (or an error wrapping it) when you kill a worker "+
			"for its deadline", job.ID, je)
		require.NotErrorIs(t, je, supervisor.ErrGarbage, "job %d hung, yet its error %q says garbage: its worker "+
			"never answered at all", job.ID, je)
	case supervisor.Crash:
		require.NotErrorIs(t, je, supervisor.ErrDeadline, "job %d crashed its worker at once, yet its error %q says "+
			"deadline: a worker that dies closes its stdout, so reading gives io.EOF right away", job.ID, je)
		require.NotErrorIs(t, je, supervisor.ErrGarbage, "job %d crashed its worker, yet its error %q says garbage: "+
			"io.EOF (or io.ErrUnexpectedEOF) on reading means the worker is gone, not that it said something wrong",
			job.ID, je)
		require.ErrorAs(t, je, &exit, "job %d's worker exited with status 3, but its error %q carries no "+
			"*exec.ExitError: after the worker's stdout ends, call cmd.Wait and put the error it returns in "+
			"JobError.Err", job.ID, je)
		require.Equal(t, 3, exit.ExitCode(), "job %d's worker exited with status 3, but its error's ExitCode() "+
			"is %d: use the error cmd.Wait returned for that worker", job.ID, exit.ExitCode())
	case supervisor.Garbage:
		require.ErrorIs(t, je, supervisor.ErrGarbage, "job %d's worker answered a line that is not JSON, but the "+
			"job's error %q does not wrap ErrGarbage: when a reply cannot be decoded (json.SyntaxError, or "+
			"another job's ID) while the worker is still running, kill the worker and report "+
			"fmt.Errorf(\"%%w: %%v\", supervisor.ErrGarbage, err)", job.ID, je)
		require.NotErrorIs(t, je, supervisor.ErrDeadline, "job %d's worker answered garbage at once, yet its error "+
			"%q says deadline: a reply that does not decode is known to be garbage as soon as it comes", job.ID, je)
	}
}

// requireRetired checks that the worker of each failed job ran nothing
// after it (it was killed, or died) and is gone and reaped.
func requireRetired(t *testing.T, jobs []supervisor.Job, runs []run) {
	t.Helper()
	for i, job := range jobs {
		if job.Fault == "" {
			continue
		}
		for k, r := range runs {
			if r.pid == runs[i].pid && r.start.After(runs[i].start) {
				t.Fatalf("worker %d ran job %d after job %d (which %ss it): a worker whose job failed must be "+
					"killed and reaped, and a new worker started in its place, not kept", r.pid, jobs[k].ID, job.ID, job.Fault)
			}
		}
		requireReaped(t, runs[i].pid, job, fmt.Sprintf("which %ss it", job.Fault))
	}
}

// requireStarted checks that the pool started at most max workers during
// the test: its size, and one replacement per failure.
func requireStarted(t *testing.T, j *journal, max int, why string) []int {
	t.Helper()
	pids := j.pids()
	katatest.AtMost(t, "worker processes started", len(pids), max,
		fmt.Sprintf("%s: start the pool's workers once, and one replacement per worker that failed; "+
			"not a process per job", why))
	return pids
}

// distinct returns the distinct worker PIDs of the jobs without a Fault.
func distinct(jobs []supervisor.Job, results []supervisor.Result) []int {
	var pids []int
	for i, job := range jobs {
		if job.Fault == "" && !slices.Contains(pids, results[i].PID) {
			pids = append(pids, results[i].PID)
		}
	}
	slices.Sort(pids)
	return pids
}

func TestResultsInSubmissionOrder(t *testing.T) {
	const size = 3
	j := newJournal(t)
	tp := startPool(t, j, size, 1937*time.Millisecond)
	jobs := makeJobs(100, 12, 0)
	for i := range jobs { // the biggest first: they finish out of order
		jobs[i].Takes = time.Duration(90-(i%6)*13) * time.Millisecond
	}
	results := tp.mapJobs(t, jobs, ordinaryHang)
	runs := j.once(t, jobs, results)
	requireHealthy(t, jobs, results, runs)
	pids := distinct(jobs, results)
	katatest.AtLeast(t, "worker processes that ran the 12 jobs", len(pids), 2,
		"all jobs ran in one process: start several workers and give each of them jobs")

	more := makeJobs(200, 5, 23*time.Millisecond)
	results = tp.mapJobs(t, more, "A second batch on the same pool hung. "+ordinaryHang)
	requireHealthy(t, more, results, j.once(t, more, results))
	requireStarted(t, j, size, "no job failed, and two batches ran on a pool of 3")
	tp.close(t)
	j.requireAllGone(t)
}

func TestHungJobFailsAtItsDeadline(t *testing.T) {
	const size = 2
	const deadline = 617 * time.Millisecond
	const margin = time.Second
	const hang = 3
	j := newJournal(t)
	tp := startPool(t, j, size, deadline)
	jobs := makeJobs(300, 24, 59*time.Millisecond)
	jobs[hang].Fault = supervisor.Hang
	w := j.watch(t)
	results := tp.mapJobs(t, jobs, hangHint(jobs))
	runs := j.once(t, jobs, results)
	je := jobError(t, jobs, results, runs, hang)
	requireCause(t, jobs[hang], je)
	requireHealthy(t, jobs, results, runs)
	requireRetired(t, jobs, runs)
	w.halt()

	exited, ok := w.exitedAt(runs[hang].pid)
	require.True(t, ok, "worker %d, which ran the hung job %d, was never seen to end while Map ran", runs[hang].pid, jobs[hang].ID)
	lasted := exited.Sub(runs[hang].start)
	katatest.WithinDuration(t, "time from the hung job's start to its worker's end", lasted, deadline+margin,
		fmt.Sprintf("the deadline is %s: kill the worker as soon as the job's deadline passes, not when the "+
			"batch ends. Start a timer (time.AfterFunc, or a select on time.After) each time you send a job", deadline))
	require.GreaterOrEqual(t, lasted, deadline/2, "the hung job's worker was killed %s after the job started, "+
		"but the deadline is %s: count it from when you send the job to its worker, and kill only when it "+
		"has passed (a job cannot be known to hang before then)", lasted.Round(time.Millisecond), deadline)

	requireStarted(t, j, size+1, "one job of the batch failed")

	// The pool is back to 2 workers: a new batch keeps both busy.
	more := makeJobs(350, 8, 131*time.Millisecond)
	results = tp.mapJobs(t, more, "A new batch after a hung job hung: does a goroutine "+
		"still wait on the worker that was killed?")
	requireHealthy(t, more, results, j.once(t, more, results))
	pids := distinct(more, results)
	katatest.AtLeast(t, "worker processes that ran a new batch of 8 jobs", len(pids), size,
		fmt.Sprintf("a pool of %d lost a worker to the hung job and now runs on fewer: start a replacement "+
			"(when the worker is reaped, or when its slot takes the next job), so that the pool keeps "+
			"%d workers", size, size))
	requireStarted(t, j, size+1, "one job failed, then a healthy batch ran")
	tp.close(t)
	j.requireAllGone(t)
}

func TestHungJobHoldsUpNoOtherJob(t *testing.T) {
	const size = 3
	const deadline = 1131 * time.Millisecond
	j := newJournal(t)
	tp := startPool(t, j, size, deadline)
	jobs := makeJobs(400, 13, 47*time.Millisecond)
	jobs[0].Fault = supervisor.Hang
	w := j.watch(t)
	results := tp.mapJobs(t, jobs, hangHint(jobs))
	runs := j.once(t, jobs, results)
	requireCause(t, jobs[0], jobError(t, jobs, results, runs, 0))
	requireHealthy(t, jobs, results, runs)
	requireRetired(t, jobs, runs)
	w.halt()

	killed, ok := w.exitedAt(runs[0].pid)
	require.True(t, ok, "worker %d, which ran the hung job %d, was never seen to end while Map ran", runs[0].pid, jobs[0].ID)
	var late []string
	for i := 1; i < len(jobs); i++ {
		if runs[i].end.IsZero() || runs[i].end.After(killed) {
			late = append(late, fmt.Sprint(jobs[i].ID))
		}
	}
	if len(late) > 0 {
		t.Fatalf("while job %d hung for its deadline (%s), two more workers were free, and the other 12 jobs "+
			"take %s each; yet jobs %s finished only after the hung worker was killed. A job must go to whichever "+
			"worker is free (one channel of jobs that every worker's goroutine reads), never wait for one "+
			"particular worker (jobs[i] to worker i%%n) or for a whole round of jobs to end.",
			jobs[0].ID, deadline, jobs[1].Takes, strings.Join(late, ", "))
	}
	requireStarted(t, j, size+1, "one job of the batch failed")
	tp.close(t)
	j.requireAllGone(t)
}

func TestEveryFailureGetsAReplacement(t *testing.T) {
	const deadline = 671 * time.Millisecond
	j := newJournal(t)
	tp := startPool(t, j, 1, deadline)
	jobs := makeJobs(500, 8, 37*time.Millisecond)
	jobs[1].Fault = supervisor.Hang
	jobs[3].Fault = supervisor.Crash
	jobs[5].Fault = supervisor.Garbage
	results := tp.mapJobs(t, jobs, hangHint(jobs))
	runs := j.once(t, jobs, results)
	for _, i := range []int{1, 3, 5} {
		requireCause(t, jobs[i], jobError(t, jobs, results, runs, i))
	}
	requireHealthy(t, jobs, results, runs)
	requireRetired(t, jobs, runs)
	requireStarted(t, j, 4, "a pool of 1 whose worker failed three times")

	// The pool still has its one worker: a new batch runs.
	more := makeJobs(600, 3, 29*time.Millisecond)
	results = tp.mapJobs(t, more, "A new batch after three failures hung: does a goroutine "+
		"still wait on a worker that is gone?")
	requireHealthy(t, more, results, j.once(t, more, results))
	ran := map[int]bool{}
	for _, rs := range j.runs(t) {
		for _, r := range rs {
			ran[r.pid] = true
		}
	}
	katatest.AtLeast(t, "worker processes that ran jobs, in a pool of 1 whose worker failed three times", len(ran), 4,
		"each failed worker must be replaced by a new one for the jobs still to come, in this batch or the next")
	requireStarted(t, j, 4, "a pool of 1 whose worker failed three times, then ran a healthy batch")
	tp.close(t)
	j.requireAllGone(t)
}

func TestCrashAndGarbageFailAtOnce(t *testing.T) {
	const size = 2
	const deadline = 3709 * time.Millisecond
	const crash, junk = 2, 5
	j := newJournal(t)
	tp := startPool(t, j, size, deadline)
	jobs := makeJobs(700, 10, 31*time.Millisecond)
	jobs[crash].Fault = supervisor.Crash
	jobs[junk].Fault = supervisor.Garbage
	w := j.watch(t)
	results := tp.mapJobs(t, jobs, "No job of this batch hangs: one crashes its worker, "+
		"one makes it answer garbage. "+ordinaryHang)
	runs := j.once(t, jobs, results)
	for _, i := range []int{crash, junk} {
		requireCause(t, jobs[i], jobError(t, jobs, results, runs, i))
	}
	requireHealthy(t, jobs, results, runs)
	requireRetired(t, jobs, runs)
	w.halt()

	// How soon each failure was acted on, from the workers' side: the
	// crashed worker reaped, the corrupt one killed.
	reaped, ok := w.goneAt(runs[crash].pid)
	require.True(t, ok, "worker %d, which crashed on job %d, was never seen reaped", runs[crash].pid, jobs[crash].ID)
	katatest.WithinDuration(t, "time from the crashing job's start to its worker's reaping", reaped.Sub(runs[crash].start),
		deadline/2, fmt.Sprintf("the job takes %s, then its worker exits; the deadline (%s) is for a worker that "+
			"says nothing, and this one closed its stdout: reading it gives io.EOF at once. Then call cmd.Wait.",
			jobs[crash].Takes, deadline))
	killed, ok := w.exitedAt(runs[junk].pid)
	require.True(t, ok, "worker %d, which answered garbage for job %d, was never seen to end", runs[junk].pid, jobs[junk].ID)
	katatest.WithinDuration(t, "time from the garbage job's start to its worker's end", killed.Sub(runs[junk].start),
		deadline/2, fmt.Sprintf("the job takes %s, then its worker writes a line that is not JSON; the deadline "+
			"(%s) is for a worker that says nothing. A reply that does not decode is garbage as soon as it comes: "+
			"kill that worker then.", jobs[junk].Takes, deadline))
	requireStarted(t, j, size+2, "two jobs of the batch failed")
	tp.close(t)
	j.requireAllGone(t)
}

func TestCloseLeavesNoProcess(t *testing.T) {
	const size = 2
	j := newJournal(t)
	before := katatest.Snapshot()
	tp := startPool(t, j, size, 787*time.Millisecond)
	jobs := makeJobs(800, 12, 23*time.Millisecond)
	jobs[0].Fault = supervisor.Hang
	jobs[4].Fault = supervisor.Crash
	jobs[8].Fault = supervisor.Garbage
	results := tp.mapJobs(t, jobs, hangHint(jobs))
	runs := j.once(t, jobs, results)
	for _, i := range []int{0, 4, 8} {
		requireCause(t, jobs[i], jobError(t, jobs, results, runs, i))
	}
	requireHealthy(t, jobs, results, runs)
	tp.close(t)
	j.requireAllGone(t)
	katatest.NoGoroutinesLeft(t, before, 200*time.Millisecond, "Close")

	err := within(callWait, func() error {
		_, err := tp.p.Map(makeJobs(900, 1, 0))
		return err
	})
	switch {
	case errors.Is(err, errTimeout):
		katatest.Hung(t, "Map on a closed pool", callWait, "It should return ErrClosed at once.")
	case errors.Is(err, errPanic):
		t.Fatalf("Map on a closed pool %v: it should return ErrClosed instead", err)
	}
	require.ErrorIs(t, err, supervisor.ErrClosed, "Map on a closed pool must return ErrClosed: there are no workers left")
}

func TestNewPoolChecksItsArguments(t *testing.T) {
	j := newJournal(t)
	for _, c := range []struct {
		workers  int
		deadline time.Duration
		why      string
	}{
		{0, time.Second, "a pool of no workers would never run a job"},
		{-2, time.Second, "a pool of no workers would never run a job"},
		{2, 0, "every job would be past its deadline before it began"},
		{2, -time.Second, "every job would be past its deadline before it began"},
	} {
		call := fmt.Sprintf("NewPool(%d, %s)", c.workers, c.deadline)
		var p *supervisor.Pool
		err := within(callWait, func() error {
			var err error
			p, err = supervisor.NewPool(c.workers, c.deadline)
			return err
		})
		switch {
		case errors.Is(err, errTimeout):
			katatest.Hung(t, call, callWait, "It should return an error at once.")
		case errors.Is(err, errPanic):
			t.Fatalf("%s %v: return an error instead", call, err)
		case err == nil && p != nil:
			_ = within(callWait, p.Close)
		}
		require.Error(t, err, "%s returned no error: %s. Return an error, as the starter does.", call, c.why)
	}
	require.Empty(t, j.pids(), "NewPool refused its arguments, but only after it had started worker "+
		"processes: check the arguments first")
}

func TestCloseDuringMap(t *testing.T) {
	// A pool of 1 closed while its worker runs a job and Map waits to hand
	// out the next: a job must never be left in a queue no worker will
	// read. Which goroutine wins a select is chance, so the test does it
	// a few times.
	const rounds = 8
	for round := range rounds {
		j := newJournal(t)
		tp := startPool(t, j, 1, 1013*time.Millisecond)
		jobs := makeJobs(1000+100*round, 6, 23*time.Millisecond)
		type outcome struct {
			results []supervisor.Result
			err     error
		}
		got := make(chan outcome, 1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					got <- outcome{err: fmt.Errorf("%w: %v", errPanic, r)}
				}
			}()
			results, err := tp.p.Map(jobs)
			got <- outcome{results, err}
		}()

		// Close once the worker has begun the first job.
		for end := time.Now().Add(quiet); time.Now().Before(end) && len(j.runs(t)) == 0; {
			time.Sleep(time.Millisecond)
		}
		tp.close(t)
		select {
		case o := <-got:
			if errors.Is(o.err, errPanic) {
				t.Fatalf("Map %v when Close was called in the middle of it. Close must not pull the jobs "+
					"channel from under a Map that is still sending on it (\"send on closed channel\"): let Map "+
					"see that the pool is closing (a quit channel in the same select as the send, or a lock).", o.err)
			}
			if o.err != nil {
				require.ErrorIs(t, o.err, supervisor.ErrClosed, "a Map cut short by Close returns ErrClosed")
			} else {
				require.Len(t, o.results, len(jobs), "Map must return exactly one Result per job")
			}
		case <-time.After(quiet):
			katatest.Hung(t, fmt.Sprintf("Map, while Close ran (round %d of %d)", round+1, rounds), quiet,
				"Close has returned, so no worker is left to take the rest of the batch. Does Map wait to "+
					"send a job nobody will ever take, or for a job that sits in a buffered channel no worker "+
					"reads any more? Hand each job straight to a worker (an unbuffered channel), in a select "+
					"beside the quit channel.")
		}
		j.requireAllGone(t)
	}
}
