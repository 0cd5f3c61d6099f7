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
			// Best effort: the test has already failed if this hangs, and
			// said what it saw: do not wait long.
			_ = within(2*time.Second, p.Close)
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
				"The pool must start worker processes (exec.Command(os.Args[0], \"-test.run=^$\") with "+
				"cmd.Env = append(os.Environ(), WorkerEnv+\"=1\")), send each job to a worker's "+
				"stdin as a JSON line and read the Result back from its stdout. Goroutines alone are not "+
				"worker processes.",
			r.ID, self)
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

// logWorkers makes the worker processes started from now on in this test
// keep a log (see serveLogged) in a folder of their own, and returns it.
func logWorkers(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(logEnv, dir)
	return dir
}

// workerLogs reads the logs of the worker processes started in dir.
func workerLogs(t *testing.T, dir string) map[int][]workerEvent {
	t.Helper()
	logs, err := readWorkerLogs(dir)
	require.NoError(t, err, "reading the worker processes' logs")
	return logs
}

// requireStarted waits (up to deadline) until want worker processes have
// started and logged in, and fails when fewer did.
func requireStarted(t *testing.T, dir string, want int, what string) {
	t.Helper()
	limit := time.Now().Add(deadline)
	for len(workerLogs(t, dir)) < want && time.Now().Before(limit) {
		time.Sleep(5 * time.Millisecond)
	}
	require.Lenf(t, workerLogs(t, dir), want,
		"%s: %d worker processes started, want %d. NewPool(n) starts its n long-lived workers (each "+
			"with cmd.Env = append(os.Environ(), WorkerEnv+\"=1\"): the tests see a worker only "+
			"when it gets the test process's environment).", what, len(workerLogs(t, dir)), want)
}

// timesReceived counts the worker processes a job was sent to.
func timesReceived(logs map[int][]workerEvent, id int) int {
	n := 0
	for _, events := range logs {
		for _, e := range events {
			if e.event == "job" && e.id == id {
				n++
			}
		}
	}
	return n
}

// busyAtOnce returns the most worker processes that were busy at the same
// moment: a process is busy from the moment a job reaches it until it has
// answered every job it has received.
func busyAtOnce(logs map[int][]workerEvent) int {
	type edge struct {
		at    int64
		delta int
	}
	var edges []edge
	for _, events := range logs {
		open := 0
		for _, e := range events {
			switch e.event {
			case "job":
				if open == 0 {
					edges = append(edges, edge{e.at, +1})
				}
				open++
			case "result":
				if open--; open == 0 {
					edges = append(edges, edge{e.at, -1})
				}
			}
		}
		// A process that died on its job stays busy for the rest of the log.
	}
	sort.Slice(edges, func(i, j int) bool {
		if edges[i].at != edges[j].at {
			return edges[i].at < edges[j].at
		}
		return edges[i].delta < edges[j].delta // an end before a start at the same instant
	})
	busy, most := 0, 0
	for _, e := range edges {
		busy += e.delta
		most = max(most, busy)
	}
	return most
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
	logs := logWorkers(t)
	tp := startPool(t, size)
	requireStarted(t, logs, size, fmt.Sprintf("after NewPool(%d) returned", size))
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
	katatest.AtLeast(t, "worker processes busy at the same moment", busyAtOnce(workerLogs(t, logs)), 2,
		"the workers took turns: each got its next job only once another had answered. Map must "+
			"keep several workers busy at once: one goroutine per worker that sends it a job, reads "+
			"the result and takes the next job, all of them at the same time.")

	// The same workers serve the next batch.
	more := makeJobs(5)
	results, err = tp.mapJobs(t, more, ordinaryHang)
	require.NoError(t, err, "a second Map on the same pool failed: a pool serves many batches until Close")
	requireResults(t, more, results)
	started := workerLogs(t, logs)
	require.Lenf(t, started, size,
		"%d worker processes were started for two batches on a pool of %d: the workers live as long "+
			"as the pool, from NewPool to Close, and serve every Map in between; a Map that starts "+
			"workers of its own and stops them at its end is not a pool", len(started), size)
	for _, pid := range workerPIDs(t, results) {
		require.Containsf(t, started, pid, "job of the second batch ran in process %d, which is not one of "+
			"the pool's worker processes", pid)
	}
	tp.close(t)
	requireGone(t, pids)
}

func TestCrashedWorkerFailsOnlyItsJob(t *testing.T) {
	const size = 2
	const crash = 3
	logs := logWorkers(t)
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
	requireNoRetry(t, workerLogs(t, logs), jobs[crash].ID)
	katatest.AtMost(t, "worker processes started (one crashed)", len(workerLogs(t, logs)), size+1,
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

// requireNoRetry fails when the crashing job was sent to more than one
// worker process.
func requireNoRetry(t *testing.T, logs map[int][]workerEvent, id int) {
	t.Helper()
	require.NotZerof(t, timesReceived(logs, id), "job %d, which crashes the worker process that runs it, "+
		"never reached a worker process: send every job to a worker's stdin", id)
	require.Equalf(t, 1, timesReceived(logs, id),
		"job %d, which crashes any worker process that runs it, was sent to %d worker processes: a "+
			"job whose worker died is reported in its Result.Err, not tried again (it would crash the "+
			"next worker too, and the next)", id, timesReceived(logs, id))
}

// TestCrashOnAPoolOfOne gives a pool of one worker a job that kills it,
// between ordinary jobs: the pool must start a new worker for the jobs
// after it, once, and not run the crashing job again.
func TestCrashOnAPoolOfOne(t *testing.T) {
	logs := logWorkers(t)
	tp := startPool(t, 1)
	jobs := makeJobs(4)
	jobs[1].Crash = true
	results, err := tp.mapJobs(t, jobs, fmt.Sprintf("Job %d made the pool's only worker exit. Does the pool "+
		"start a new worker for the jobs after it? With its one worker dead, a pool that only carries on "+
		"with the workers it has left has none.", jobs[1].ID))
	require.NoError(t, err, "Map returned an error: a job whose worker died is reported in its own Result.Err")
	require.Len(t, results, len(jobs), "Map must return exactly one Result per job, the failed one included")
	require.NotEmptyf(t, results[1].Err, "job %d made its worker process exit, yet its Result has no Err", jobs[1].ID)
	ok := []procpool.Job{jobs[0], jobs[2], jobs[3]}
	requireResults(t, ok, []procpool.Result{results[0], results[2], results[3]})
	workerPIDs(t, results)
	requireNoRetry(t, workerLogs(t, logs), jobs[1].ID)
	require.Lenf(t, workerLogs(t, logs), 2,
		"a pool of 1 whose worker died on one job started %d worker processes in all, want 2: the "+
			"first, and one to replace it", len(workerLogs(t, logs)))
	tp.close(t)
	requireNoChildren(t)
}

// TestMapWithNoJobs gives Map an empty batch: it returns no results and no
// error, at once, and the pool still works.
func TestMapWithNoJobs(t *testing.T) {
	tp := startPool(t, 2)
	for _, jobs := range [][]procpool.Job{nil, {}} {
		results, err := tp.mapJobs(t, jobs, "With no jobs there is nothing to wait for: does Map wait "+
			"for a first result, or count results until len(jobs) after receiving one?")
		require.NoError(t, err, "Map of no jobs failed")
		require.Empty(t, results, "Map of no jobs returned results")
	}
	jobs := makeJobs(3)
	results, err := tp.mapJobs(t, jobs, ordinaryHang)
	require.NoError(t, err, "Map failed after a Map of no jobs")
	requireResults(t, jobs, results)
	tp.close(t)
	requireNoChildren(t)
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

// TestCloseWhileMapRuns calls Close from two goroutines at once while a
// Map of 12 jobs runs on a pool of 2: once both workers have a job, Map
// still has jobs to hand out. The Map must finish its batch, both Closes
// must return, and every worker must be gone afterwards.
func TestCloseWhileMapRuns(t *testing.T) {
	const size = 2
	logs := logWorkers(t)
	tp := startPool(t, size)
	requireStarted(t, logs, size, fmt.Sprintf("after NewPool(%d) returned", size))
	jobs := makeJobs(12)

	type mapped struct {
		results []procpool.Result
		err     error
	}
	mapDone := make(chan mapped, 1)
	go func() {
		var m mapped
		m.err = within(deadline, func() error {
			var err error
			m.results, err = tp.p.Map(jobs)
			return err
		})
		mapDone <- m
	}()

	// Wait until both workers have received a job: Map is then still
	// handing out the other 10.
	limit := time.Now().Add(deadline)
	for received(workerLogs(t, logs)) < size && time.Now().Before(limit) {
		time.Sleep(time.Millisecond)
	}
	require.GreaterOrEqualf(t, received(workerLogs(t, logs)), size,
		"Map(12 jobs) on a pool of %d: within %v, fewer than %d jobs reached a worker", size, deadline, size)

	tp.closed = true
	start := make(chan struct{})
	closeErrs := make(chan error, 2)
	for range 2 {
		go func() {
			<-start
			closeErrs <- within(deadline, tp.p.Close)
		}()
	}
	close(start)
	for range 2 {
		err := <-closeErrs
		switch {
		case errors.Is(err, errTimeout):
			katatest.Hung(t, "Close(), called twice at once while a Map ran,", deadline,
				"Close should let the running Map hand out its jobs, then close each worker's stdin and "+
					"Wait for it. A second Close finds the pool closed already.")
		case errors.Is(err, errPanic):
			t.Fatalf("Close(), called twice at once while a Map ran, %v. Close must do its work once: "+
				"check and set the pool's closed flag under one lock, and close the workers (or a "+
				"channel) only when this Close is the one that set it.", err)
		}
		require.NoError(t, err, "Close returned an error: closing a healthy pool should succeed")
	}
	m := <-mapDone
	switch {
	case errors.Is(m.err, errTimeout):
		katatest.Hung(t, "Map(12 jobs), with Close called while it ran,", deadline,
			"Close must not take the workers away from a Map that is still handing out its jobs.")
	case errors.Is(m.err, errPanic):
		t.Fatalf("Map(12 jobs), with Close called twice while it ran, %v. Close must wait until the "+
			"running Map has handed out its jobs before it stops the workers: a Map that sends on a "+
			"channel Close has closed panics. Map holds a lock (a read lock will do) while it hands "+
			"out jobs, and Close takes it before it closes anything.", m.err)
	}
	require.NoError(t, m.err, "Map, with Close called while it ran: the batch had started, so it must finish")
	requireResults(t, jobs, m.results)
	requireGone(t, workerPIDs(t, m.results))
}

// received counts the jobs the worker processes have received so far.
func received(logs map[int][]workerEvent) int {
	n := 0
	for _, events := range logs {
		for _, e := range events {
			if e.event == "job" {
				n++
			}
		}
	}
	return n
}
