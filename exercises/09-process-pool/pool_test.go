package procpool_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"

	procpool "github.com/asynckata/kata/exercises/09-process-pool"
)

// deadline bounds every call into the pool. The work itself takes well under
// a second, even under -race on a busy machine.
const deadline = 10 * time.Second

// makeJobs returns n jobs of different sizes, the biggest first, so they do
// not finish in the order they were sent.
func makeJobs(n int) []procpool.Job {
	jobs := make([]procpool.Job, n)
	for i := range jobs {
		jobs[i] = procpool.Job{ID: 100 + i, N: 150_000 - (i%6)*20_000}
	}
	return jobs
}

// testPool wraps the pool under test so every call is bounded by deadline
// and the pool is closed when the test ends, whatever happens.
type testPool struct {
	p      *procpool.Pool
	size   int
	closed bool
}

func startPool(t *testing.T, size int) *testPool {
	t.Helper()
	var p *procpool.Pool
	err := within(deadline, func() error {
		var err error
		p, err = procpool.NewPool(size)
		return err
	})
	switch {
	case errors.Is(err, errTimeout):
		katatest.Hung(t, fmt.Sprintf("NewPool(%d)", size), deadline, "Starting a process takes milliseconds. "+
			"Is NewPool waiting for something from a worker that never comes?")
	case errors.Is(err, errPanic):
		t.Fatalf("NewPool(%d) %v", size, err)
	}
	require.NoError(t, err, "NewPool(%d) failed", size)
	require.NotNil(t, p, "NewPool(%d) returned a nil *Pool and no error", size)
	tp := &testPool{p: p, size: size}
	t.Cleanup(func() {
		if !tp.closed {
			tp.closed = true
			_ = within(deadline, p.Close) // best effort: the test has already failed if this hangs
		}
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

// mapJobs calls Map with a deadline and fails the test if it hangs or panics.
func (tp *testPool) mapJobs(t *testing.T, jobs []procpool.Job, hangHint string) ([]procpool.Result, error) {
	t.Helper()
	var results []procpool.Result
	err := within(deadline, func() error {
		var err error
		results, err = tp.p.Map(jobs)
		return err
	})
	switch {
	case errors.Is(err, errTimeout):
		katatest.Hung(t, fmt.Sprintf("Map(%d jobs)", len(jobs)), deadline, "The work takes well under a second. "+hangHint)
	case errors.Is(err, errPanic):
		t.Fatalf("Map %v", err)
	}
	return results, err
}

// close calls Close with a deadline and fails the test if it hangs or errs.
func (tp *testPool) close(t *testing.T) {
	t.Helper()
	tp.closed = true
	err := within(deadline, tp.p.Close)
	if errors.Is(err, errTimeout) {
		katatest.Hung(t, "Close()", deadline, "Close should close each worker's stdin "+
			"(ServeWorker returns at end of input), then Wait for each process and for your own goroutines.")
	}
	require.NoError(t, err, "Close returned an error: closing a healthy pool should succeed")
}

const ordinaryHang = "Is a job waiting for a worker that never reads it, or a result nobody sends?"

// requireResults checks that results answer jobs one for one, in the same
// order, with the same figures as running Compute right here.
func requireResults(t *testing.T, jobs []procpool.Job, results []procpool.Result) {
	t.Helper()
	require.Len(t, results, len(jobs), "Map must return exactly one Result per job")
	for i, job := range jobs {
		got := results[i]
		require.Equal(t, job.ID, got.ID,
			"results[%d] is the result of job %d, not of jobs[%d] (ID %d): Map must return results in "+
				"the order the jobs were given, not the order they finished. Remember each job's index.",
			i, got.ID, i, job.ID)
		require.Empty(t, got.Err, "job %d failed, but no worker was asked to crash", job.ID)
		want := procpool.Compute(job)
		require.Equal(t, want.Primes, got.Primes, "job %d (primes below %d): wrong count", job.ID, job.N)
	}
}

// workerPIDs checks that every result came from a worker process, not from
// the test process itself, and returns the distinct PIDs that did work.
func workerPIDs(t *testing.T, results []procpool.Result) []int {
	t.Helper()
	self := os.Getpid()
	seen := map[int]bool{}
	for _, r := range results {
		if r.Err != "" {
			continue
		}
		require.NotEqual(t, self, r.PID,
			"job %d ran inside the test process itself (pid %d), not in a worker process. "+
				"The pool must start worker processes (exec.Command(os.Args[0], \"-test.run=^$\") with %s=1 "+
				"in the environment), send each job to a worker's stdin as a JSON line and read the "+
				"Result back from its stdout. Goroutines alone are not worker processes.",
			r.ID, self, procpool.WorkerEnv)
		require.NotZero(t, r.PID, "job %d came back with PID 0: return the Result the worker sent, unchanged", r.ID)
		seen[r.PID] = true
	}
	pids := make([]int, 0, len(seen))
	for pid := range seen {
		pids = append(pids, pid)
	}
	sort.Ints(pids)
	return pids
}

// requireGone checks that each pid has exited AND been reaped. kill(pid, 0)
// still succeeds on a zombie (a child that exited but nobody waited for), so
// ESRCH means the pool called Wait.
func requireGone(t *testing.T, pids []int) {
	t.Helper()
	for _, pid := range pids {
		err := syscall.Kill(pid, 0)
		if errors.Is(err, syscall.ESRCH) {
			continue
		}
		state := ""
		switch s := procState(pid); s {
		case "":
		case "Z":
			state = " as a zombie: it exited, but nobody called cmd.Wait for it"
		default:
			state = fmt.Sprintf(" and still running (state %q in /proc): did Close close its stdin?", s)
		}
		t.Fatalf("worker process %d is still there after Close returned%s. Close must end every worker "+
			"(close its stdin: ServeWorker returns at end of input) and then call cmd.Wait for it: "+
			"a child that exited but was never waited for stays behind as a zombie.", pid, state)
	}
	requireNoChildren(t)
}

// requireNoChildren looks in /proc (Linux only; skipped elsewhere) for any
// child process of the test still there, including one whose PID no result
// names, such as a worker that crashed.
func requireNoChildren(t *testing.T) {
	t.Helper()
	self := strconv.Itoa(os.Getpid())
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended while we looked
		}
		// pid (comm) state ppid ...; comm may hold spaces or parentheses.
		s := string(b)
		end := strings.LastIndexByte(s, ')')
		if end < 0 {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if len(fields) < 2 || fields[1] != self {
			continue
		}
		pid := strings.Fields(s)[0]
		what := "still running"
		if fields[0] == "Z" {
			what = "a zombie: it exited, but the pool never called cmd.Wait for it"
		}
		t.Fatalf("after Close, process %s, a child of the test process, is %s. Every worker the pool "+
			"started, including one that crashed or was replaced, must be waited for.", pid, what)
	}
}

// procState returns a process's state letter from /proc, or "".
func procState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	s := string(b)
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return ""
	}
	if f := strings.Fields(s[end+1:]); len(f) > 0 {
		return f[0]
	}
	return ""
}

func TestMapReturnsResultsInOrder(t *testing.T) {
	tp := startPool(t, 3)
	jobs := makeJobs(12)
	results, err := tp.mapJobs(t, jobs, ordinaryHang)
	require.NoError(t, err, "Map failed on ordinary jobs")
	requireResults(t, jobs, results)

	// The pool must still work for a second batch.
	more := makeJobs(5)
	results, err = tp.mapJobs(t, more, ordinaryHang)
	require.NoError(t, err, "a second Map on the same pool failed: a pool serves many batches until Close")
	requireResults(t, more, results)
	tp.close(t)
}

func TestJobsRunInWorkerProcesses(t *testing.T) {
	const size = 3
	tp := startPool(t, size)
	jobs := makeJobs(12)
	results, err := tp.mapJobs(t, jobs, ordinaryHang)
	require.NoError(t, err, "Map failed on ordinary jobs")
	requireResults(t, jobs, results)
	pids := workerPIDs(t, results)

	katatest.AtLeast(t, "worker processes that ran jobs", len(pids), 2,
		"all jobs ran in one process: start several workers and give each of them jobs")
	katatest.AtMost(t, "worker processes used for 12 jobs", len(pids), size,
		fmt.Sprintf("a pool of %d keeps %d long-lived workers and sends them job after job; "+
			"starting a new process for every job is what a pool exists to avoid", size, size))
	tp.close(t)
	requireGone(t, pids)
}

func TestCrashedWorkerFailsOnlyItsJob(t *testing.T) {
	const size = 2
	const crash = 3
	tp := startPool(t, size)
	jobs := makeJobs(8)
	jobs[crash].Crash = true
	results, err := tp.mapJobs(t, jobs, fmt.Sprintf("Job %d (index %d) made its worker exit, and its result "+
		"never came back: does your pool notice when a worker exits? Reading its stdout then fails "+
		"(io.EOF): give that job a Result with Err set, Wait for the dead process, and carry on with a "+
		"new worker or the others. (Retrying the job would not help: it crashes every worker it meets.)",
		jobs[crash].ID, crash))
	require.NoError(t, err, "Map returned an error: a job whose worker died is reported in its own "+
		"Result.Err; Map's error is for the pool as a whole (for example, a closed pool)")
	require.Len(t, results, len(jobs), "Map must return exactly one Result per job, the failed one included")

	for i, job := range jobs {
		require.Equal(t, job.ID, results[i].ID, "results[%d] is not the result of jobs[%d]: keep submission order", i, i)
	}
	pids := workerPIDs(t, results)
	require.NotEmpty(t, results[crash].Err,
		"job %d made its worker process exit with status 3, yet its Result has no Err: "+
			"report a job whose worker died as failed", jobs[crash].ID)
	ok := append(append([]procpool.Job{}, jobs[:crash]...), jobs[crash+1:]...)
	rest := append(append([]procpool.Result{}, results[:crash]...), results[crash+1:]...)
	requireResults(t, ok, rest)
	t.Logf("the crashed job's error: %s", results[crash].Err)
	katatest.AtMost(t, "worker processes used (one crashed)", len(pids), size+1,
		"a pool replaces a dead worker at most once per crash; do not start a process per job")

	// The pool must still serve a new batch after losing a worker.
	more := makeJobs(4)
	results, err = tp.mapJobs(t, more, "The pool hung on a new batch after one of its workers crashed. "+
		"Does a goroutine still hand jobs to the dead worker?")
	require.NoError(t, err, "Map failed on a new batch after a worker crashed: the pool must keep going")
	requireResults(t, more, results)
	pids = append(pids, workerPIDs(t, results)...)
	tp.close(t)
	requireGone(t, pids)
}

func TestCloseReapsEveryWorker(t *testing.T) {
	tp := startPool(t, 3)
	jobs := makeJobs(9)
	results, err := tp.mapJobs(t, jobs, ordinaryHang)
	require.NoError(t, err, "Map failed on ordinary jobs")
	requireResults(t, jobs, results)
	pids := workerPIDs(t, results)
	tp.close(t)
	requireGone(t, pids)

	err = within(deadline, func() error {
		_, err := tp.p.Map(makeJobs(1))
		return err
	})
	switch {
	case errors.Is(err, errTimeout):
		katatest.Hung(t, "Map on a closed pool", deadline, "It should return an error at once.")
	case errors.Is(err, errPanic):
		t.Fatalf("Map on a closed pool %v: it should return an error instead", err)
	}
	assert.Error(t, err, "Map on a closed pool returned no error: there are no workers left to run the jobs")
}
