package executor

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"
)

// callDeadline bounds every call into an executor. The work itself takes
// well under a second, even under -race on a busy machine.
const callDeadline = 10 * time.Second

// secondShutdown bounds a second Shutdown, which has nothing left to do.
const secondShutdown = 2 * time.Second

// testBackend is one way to build an Executor. Every test runs the same
// code on both, through the Executor interface only.
type testBackend struct {
	name      string
	processes bool
	build     func(workers int) (Executor, error)
}

var testBackends = []testBackend{
	{"goroutine pool", false, func(n int) (Executor, error) { return NewGoroutinePool(n), nil }},
	{"process pool", true, NewProcessPool},
}

// forEachTestBackend runs test once per testBackend, as a subtest.
func forEachTestBackend(t *testing.T, test func(t *testing.T, b testBackend)) {
	for _, b := range testBackends {
		t.Run(strings.ReplaceAll(b.name, " ", "_"), func(t *testing.T) { test(t, b) })
	}
}

// startExecutor builds an executor of b, resetting the counters first, and shuts it
// down when the test ends if the test did not.
func startExecutor(t *testing.T, b testBackend, workers int) Executor {
	t.Helper()
	gaugeReset()
	logReset()
	var ex Executor
	err := callWithin(func() error {
		var err error
		ex, err = b.build(workers)
		return err
	})
	failOnHang(t, err, fmt.Sprintf("creating a %s of %d", b.name, workers),
		"Starting goroutines or processes takes milliseconds: is it waiting for something that never comes?")
	require.NoError(t, err, "creating a %s of %d failed", b.name, workers)
	require.NotNil(t, ex, "creating a %s of %d returned a nil Executor", b.name, workers)
	w := &shutWatch{Executor: ex}
	t.Cleanup(func() {
		// Best effort: Shutdown twice must be harmless. After a failure
		// (a hang, often) the test has said what it saw: do not wait long.
		d := callDeadline
		if t.Failed() {
			d = 2 * time.Second
		}
		shut := w.shut.Load()
		if shut {
			d = secondShutdown
		}
		err := callWithinFor(d, ex.Shutdown)
		if shut && !t.Failed() && errors.Is(err, errCallTimeout) {
			katatest.Hung(t, "a second Shutdown (the test's cleanup, after the test's own Shutdown)", secondShutdown,
				"A second Shutdown has nothing left to do: return at once (remember that you shut down, or use sync.Once).")
		}
	})
	return w
}

// shutWatch is the Executor a test gets: it remembers that a Shutdown
// returned, so that the cleanup's Shutdown, a second one, is held to
// secondShutdown.
type shutWatch struct {
	Executor
	shut atomic.Bool
}

func (w *shutWatch) Shutdown() error {
	err := w.Executor.Shutdown()
	w.shut.Store(true)
	return err
}

// callWithin runs f in its own goroutine and waits at most callDeadline for it. It
// returns f's error, an error naming a panic in f, or errCallTimeout. On a
// timeout f's goroutine is left behind: the test fails anyway.
func callWithin(f func() error) error { return callWithinFor(callDeadline, f) }

// callWithinFor is within with a deadline of d.
func callWithinFor(d time.Duration, f func() error) error {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%w: %v", errCallPanic, r)
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
		return errCallTimeout
	}
}

var (
	errCallTimeout = errors.New("timed out")
	errCallPanic   = errors.New("panicked")
)

func failOnHang(t *testing.T, err error, what, hint string) {
	t.Helper()
	switch {
	case errors.Is(err, errCallTimeout):
		katatest.Hung(t, what, callDeadline, hint)
	case errors.Is(err, errCallPanic):
		t.Fatalf("%s %v", what, err)
	}
}

// testJobs returns n jobs; the first ones take longest, so they finish
// out of submission order.
func testJobs(n int, sleep time.Duration) []Job {
	jobs := make([]Job, n)
	for i := range jobs {
		jobs[i] = Job{ID: 100 + i, N: 30_000 - (i%5)*4_000, Sleep: sleep * time.Duration(n-i) / time.Duration(n)}
	}
	return jobs
}

// countAllWithin runs the algorithm with a deadline.
func countAllWithin(t *testing.T, ex Executor, jobs []Job, what string) []Result {
	t.Helper()
	var results []Result
	err := callWithin(func() error {
		var err error
		results, err = CountAll(context.Background(), ex, jobs)
		return err
	})
	failOnHang(t, err, fmt.Sprintf("CountAll(%d jobs) on the %s", len(jobs), what),
		"The jobs take well under a second: is a job waiting for a worker that never takes it, "+
			"or a Future whose Get never hears the result?")
	require.NoError(t, err, "CountAll on the %s failed: no job here should fail", what)
	return results
}

// requireResultsMatch checks results against jobs, one for one, in order.
func requireResultsMatch(t *testing.T, jobs []Job, results []Result) {
	t.Helper()
	require.Len(t, results, len(jobs), "CountAll must return exactly one Result per job")
	for i, job := range jobs {
		require.Equal(t, job.ID, results[i].ID,
			"results[%d] is the result of job %d, not of jobs[%d] (ID %d): each Future must hold the "+
				"result of the job it was returned for, whichever job finished first", i, results[i].ID, i, job.ID)
		require.Equal(t, countPrimes(job.N), results[i].Primes, "job %d (primes below %d): wrong count", job.ID, job.N)
	}
}

// requireWorkerPIDs checks that the process pool ran every job in a worker
// process and returns the distinct PIDs.
func requireWorkerPIDs(t *testing.T, results []Result) []int {
	t.Helper()
	self := os.Getpid()
	var pids []int
	for _, r := range results {
		require.NotEqual(t, self, r.PID,
			"job %d ran inside the test process itself (pid %d), not in a worker process. The process "+
				"pool must start its workers with StartWorker and send each job with Worker.Run.", r.ID, self)
		if !slices.Contains(pids, r.PID) {
			pids = append(pids, r.PID)
		}
	}
	return pids
}

func TestResultsInSubmissionOrder(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		const workers = 3
		ex := startExecutor(t, b, workers)
		jobs := testJobs(12, 60*time.Millisecond)
		results := countAllWithin(t, ex, jobs, b.name)
		requireResultsMatch(t, jobs, results)
		if b.processes {
			pids := requireWorkerPIDs(t, results)
			require.GreaterOrEqual(t, len(pids), 2,
				"all 12 jobs ran in one worker process (%v): a pool of %d gives jobs to all its workers", pids, workers)
			require.LessOrEqual(t, len(pids), workers,
				"12 jobs ran in %d different processes on a pool of %d: start the workers once, in "+
					"NewProcessPool, and send each of them job after job", len(pids), workers)
		}
		// The same executor serves a second batch.
		more := testJobs(4, 10*time.Millisecond)
		requireResultsMatch(t, more, countAllWithin(t, ex, more, b.name+" (second batch)"))
	})
}

func TestAtMostNJobsRunAtOnce(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		const workers = 3
		ex := startExecutor(t, b, workers)
		jobs := testJobs(12, 80*time.Millisecond)
		requireResultsMatch(t, jobs, countAllWithin(t, ex, jobs, b.name))
		_, most, _ := gaugeRead()
		require.LessOrEqual(t, most, workers,
			"%d jobs were running at once on a %s of %d workers (counted by Compute and Worker.Run). "+
				"A pool has a fixed number of workers that take jobs from a queue; a goroutine (or a "+
				"process) per Submit has no bound.", most, b.name, workers)
		require.GreaterOrEqual(t, most, 2,
			"at most %d job was ever running at once on a %s of %d workers: the jobs ran one after "+
				"another. Submit must hand the job over and return at once (a Future for later), so the "+
				"next Submit can start another job while the first still runs.", most, b.name, workers)
		if b.processes {
			_, _, alive := logRead()
			require.LessOrEqual(t, alive, workers,
				"%d worker processes were alive at once on a pool of %d: start them once, not per job", alive, workers)
		}
	})
}

func TestFutureGivesTheSameResultEveryTime(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		ex := startExecutor(t, b, 2)
		jobs := testJobs(4, 40*time.Millisecond)
		futures := make([]Future, len(jobs))
		for i, job := range jobs {
			err := callWithin(func() error {
				var err error
				futures[i], err = ex.Submit(context.Background(), job)
				return err
			})
			failOnHang(t, err, "Submit", "Submit may wait for room in a queue, never for the job to run.")
			require.NoError(t, err, "Submit(job %d) failed", job.ID)
		}
		for i, f := range futures {
			// Two readers at once, then two more after: four equal answers.
			var first, second Result
			err := callWithin(func() error {
				errc := make(chan error, 1)
				go func() {
					var err error
					second, err = f.Get()
					errc <- err
				}()
				res, err := f.Get()
				first = res
				return errors.Join(err, <-errc)
			})
			failOnHang(t, err, fmt.Sprintf("two Get calls at once on the Future of job %d", jobs[i].ID),
				"Every Get must return once the job is done, however many readers there are: a "+
					"channel holds one value for one receiver, but a closed channel wakes them all.")
			require.NoError(t, err, "Get on the Future of job %d failed", jobs[i].ID)
			for range 2 {
				var again Result
				err := callWithin(func() error {
					var err error
					again, err = f.Get()
					return err
				})
				failOnHang(t, err, fmt.Sprintf("Get called again on the Future of job %d", jobs[i].ID),
					"A Future can be read any number of times: keep the result in the Future, "+
						"don't receive it from a channel on each Get.")
				require.NoError(t, err, "Get on the Future of job %d failed when called again", jobs[i].ID)
				require.Equal(t, first, again,
					"the Future of job %d gave two different results: %+v first, %+v later. Store the result "+
						"once, then signal it (close a done channel); every Get waits for the signal and "+
						"returns the stored result.", jobs[i].ID, first, again)
			}
			require.Equal(t, first, second, "two Gets at once on the Future of job %d disagreed", jobs[i].ID)
			requireResultsMatch(t, jobs[i:i+1], []Result{first})
		}
	})
}

func TestShutdownWaitsAndLeavesNothingRunning(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		before := katatest.Snapshot()
		const workers = 2
		ex := startExecutor(t, b, workers)
		jobs := testJobs(6, 100*time.Millisecond)
		futures := make([]Future, len(jobs))
		for i, job := range jobs {
			err := callWithin(func() error {
				var err error
				futures[i], err = ex.Submit(context.Background(), job)
				return err
			})
			failOnHang(t, err, "Submit", "Submit may wait for room in a queue, never for the job to run.")
			require.NoError(t, err, "Submit(job %d) failed", job.ID)
		}
		err := callWithin(ex.Shutdown)
		failOnHang(t, err, "Shutdown", "Does a worker wait for jobs on a channel nobody closes?")
		require.NoError(t, err, "Shutdown failed")

		running, _, finished := gaugeRead()
		require.Equal(t, len(jobs), finished,
			"Shutdown returned when %d of the %d submitted jobs had finished (%d still running): "+
				"Shutdown must wait for every job submitted before it, queued ones too. Close the "+
				"queue, then wait for the workers (sync.WaitGroup) before returning.", finished, len(jobs), running)
		katatest.NoGoroutinesLeft(t, before, 50*time.Millisecond, "Shutdown")
		if b.processes {
			requireNoWorkerLeft(t)
		}

		_, err = ex.Submit(context.Background(), Job{ID: 1, N: 10})
		require.ErrorIs(t, err, ErrShutdown, "Submit after Shutdown must return ErrShutdown")
		err = callWithinFor(secondShutdown, ex.Shutdown)
		if errors.Is(err, errCallTimeout) {
			katatest.Hung(t, "a second Shutdown", secondShutdown, "A second Shutdown has nothing left to do: "+
				"return at once (closing a channel twice panics; remember you did it, or use sync.Once).")
		}
		failOnHang(t, err, "a second Shutdown", "A second Shutdown has nothing left to do: return at once.")
		for i, f := range futures {
			var res Result
			err := callWithin(func() error {
				var err error
				res, err = f.Get()
				return err
			})
			failOnHang(t, err, "Get after Shutdown", "A Future keeps its result after Shutdown.")
			require.NoError(t, err, "Get on the Future of job %d failed after Shutdown", jobs[i].ID)
			requireResultsMatch(t, jobs[i:i+1], []Result{res})
		}
	})
}

func TestProcessPoolSurvivesACrash(t *testing.T) {
	const workers = 2
	const crash = 3
	ex := startExecutor(t, testBackends[1], workers)
	jobs := testJobs(8, 20*time.Millisecond)
	jobs[crash].Crash = true
	futures := make([]Future, len(jobs))
	for i, job := range jobs {
		err := callWithin(func() error {
			var err error
			futures[i], err = ex.Submit(context.Background(), job)
			return err
		})
		failOnHang(t, err, "Submit", "Submit may wait for room in a queue, never for the job to run.")
		require.NoError(t, err, "Submit(job %d) failed", job.ID)
	}
	for i, f := range futures {
		var res Result
		err := callWithin(func() error {
			var err error
			res, err = f.Get()
			return err
		})
		if errors.Is(err, errCallTimeout) || errors.Is(err, errCallPanic) {
			failOnHang(t, err, fmt.Sprintf("Get on the Future of job %d", jobs[i].ID),
				"When Worker.Run returns an error, the job's Future must still get it.")
		}
		if i == crash {
			require.Error(t, err, "job %d made its worker process exit, yet its Future reports no error: "+
				"pass Worker.Run's error on to the job's Future", jobs[i].ID)
			continue
		}
		require.NoError(t, err, "job %d failed, but only job %d crashes its worker. After Worker.Run "+
			"returns ErrWorkerDead, that Worker is done for: start a new one with StartWorker for the "+
			"next job.", jobs[i].ID, jobs[crash].ID)
		requireResultsMatch(t, jobs[i:i+1], []Result{res})
	}
	requireNoRetry(t, jobs[crash].ID)
	more := testJobs(4, 10*time.Millisecond)
	requireResultsMatch(t, more, countAllWithin(t, ex, more, "process pool after a crash"))
	pids, _, most := logRead()
	require.LessOrEqual(t, most, workers, "%d worker processes were alive at once on a pool of %d", most, workers)
	require.LessOrEqualf(t, len(pids), workers+1, "%d worker processes were started on a pool of %d with one "+
		"crash: start one new Worker in place of the dead one, and only then", len(pids), workers)

	err := callWithin(ex.Shutdown)
	failOnHang(t, err, "Shutdown", "Does a worker goroutine wait for jobs on a channel nobody closes?")
	require.NoError(t, err, "Shutdown failed")
	requireNoWorkerLeft(t)
}

// requireNoRetry fails when the job with this ID was sent to a worker
// process more than once.
func requireNoRetry(t *testing.T, id int) {
	t.Helper()
	require.NotZerof(t, logTimesSent(id), "job %d, which kills the worker process that runs it, "+
		"never reached a worker process: the process pool sends each job with Worker.Run", id)
	require.Equalf(t, 1, logTimesSent(id),
		"job %d, which kills any worker process that runs it, was sent to a worker %d times: a job "+
			"whose worker died fails, its Future reports Worker.Run's error, and it is not tried again "+
			"(it would kill the next worker too)", id, logTimesSent(id))
}

// TestProcessPoolReplacesADeadWorker gives a process pool of one worker a
// job that kills it, between ordinary jobs: the pool must start one new
// Worker for the jobs after it, and not run the crashing job again.
func TestProcessPoolReplacesADeadWorker(t *testing.T) {
	ex := startExecutor(t, testBackends[1], 1)
	jobs := testJobs(4, 10*time.Millisecond)
	jobs[1].Crash = true
	futures := make([]Future, len(jobs))
	for i, job := range jobs {
		err := callWithin(func() error {
			var err error
			futures[i], err = ex.Submit(context.Background(), job)
			return err
		})
		failOnHang(t, err, "Submit", "Submit may wait for room in a queue, never for the job to run.")
		require.NoError(t, err, "Submit(job %d) failed", job.ID)
	}
	for i, f := range futures {
		var res Result
		err := callWithin(func() error {
			var err error
			res, err = f.Get()
			return err
		})
		failOnHang(t, err, fmt.Sprintf("Get on the Future of job %d", jobs[i].ID),
			fmt.Sprintf("Job %d killed the pool's only worker process. When Worker.Run returns ErrWorkerDead, "+
				"start a new Worker with StartWorker for the next job: a pool that only carries on with the "+
				"workers it has left has none.", jobs[1].ID))
		if i == 1 {
			require.ErrorIsf(t, err, ErrWorkerDead, "job %d killed its worker process: its Future must report "+
				"Worker.Run's error", jobs[i].ID)
			continue
		}
		require.NoError(t, err, "job %d failed, but only job %d kills its worker", jobs[i].ID, jobs[1].ID)
		requireResultsMatch(t, jobs[i:i+1], []Result{res})
	}
	requireNoRetry(t, jobs[1].ID)
	pids, _, _ := logRead()
	require.Lenf(t, pids, 2, "a process pool of 1 whose worker died on one job started %d worker processes "+
		"in all, want 2: the first, and one to replace it", len(pids))
	err := callWithin(ex.Shutdown)
	failOnHang(t, err, "Shutdown", "Does a worker goroutine wait for jobs on a channel nobody closes?")
	require.NoError(t, err, "Shutdown failed")
	requireNoWorkerLeft(t)
}

// TestShutdownOfAnUnusedExecutor shuts down an executor that never got a
// job: Shutdown returns, nothing the executor started is left, and Submit
// returns ErrShutdown.
func TestShutdownOfAnUnusedExecutor(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		before := katatest.Snapshot()
		ex := startExecutor(t, b, 2)
		err := callWithin(ex.Shutdown)
		failOnHang(t, err, "Shutdown of an executor that never got a job",
			"Do the workers wait for jobs on a channel nobody closes?")
		require.NoError(t, err, "Shutdown failed")
		katatest.NoGoroutinesLeft(t, before, 50*time.Millisecond, "Shutdown")
		if b.processes {
			requireNoWorkerLeft(t)
		}
		_, err = ex.Submit(context.Background(), Job{ID: 1, N: 10})
		require.ErrorIs(t, err, ErrShutdown, "Submit after Shutdown must return ErrShutdown")
	})
}

func TestPerJobDeadline(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		ex := startExecutor(t, b, 2)
		// A job that would sleep 6 s, with 200 ms to live.
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		slow := Job{ID: 1, N: 10, Sleep: 6 * time.Second}
		// A job whose context is over before it is even submitted.
		gone, stop := context.WithCancel(context.Background())
		stop()
		early := Job{ID: 2, N: 10}
		ok := testJobs(4, 20*time.Millisecond)

		var fSlow, fEarly Future
		err := callWithin(func() error {
			var err1, err2 error
			fSlow, err1 = ex.Submit(ctx, slow)
			fEarly, err2 = ex.Submit(gone, early)
			return errors.Join(err1, err2)
		})
		failOnHang(t, err, "Submit", "Submit may wait for room in a queue, never for the job to run.")
		require.NoError(t, err, "Submit failed")

		err = callWithinFor(3*time.Second, func() error {
			_, err := fSlow.Get()
			return err
		})
		if errors.Is(err, errCallTimeout) {
			katatest.Hung(t, "Get on a job with a 200ms deadline (and 6s of work)", 3*time.Second,
				"The job's ctx never reached the code that runs it: pass Submit's ctx along with the job "+
					"to Compute(ctx, job) or Worker.Run(ctx, job), which stop the job when ctx ends.")
		}
		failOnHang(t, err, "Get on a job with a 200ms deadline",
			"The job's ctx never reached the code that runs it: pass Submit's ctx along with the job "+
				"to Compute(ctx, job) or Worker.Run(ctx, job), which stop the job when ctx ends.")
		require.ErrorIs(t, err, context.DeadlineExceeded,
			"a job that ran past its 200ms deadline must fail with an error wrapping "+
				"context.DeadlineExceeded (Compute and Worker.Run return one: pass it on)")

		err = callWithin(func() error {
			_, err := fEarly.Get()
			return err
		})
		failOnHang(t, err, "Get on a job submitted with a cancelled ctx", "Pass Submit's ctx on to the job.")
		require.ErrorIs(t, err, context.Canceled,
			"a job submitted with a cancelled ctx must fail with context.Canceled without running")

		// The executor carries on: on the process pool, the slow job's
		// worker was killed and must be replaced.
		requireResultsMatch(t, ok, countAllWithin(t, ex, ok, b.name+" after a deadline"))
		err = callWithin(ex.Shutdown)
		failOnHang(t, err, "Shutdown", "Does a worker wait for jobs on a channel nobody closes?")
		require.NoError(t, err, "Shutdown failed")
		if b.processes {
			requireNoWorkerLeft(t)
		}
	})
}

// requireNoWorkerLeft checks that every worker process StartWorker started
// has exited and been reaped, and that the test process has no child left.
func requireNoWorkerLeft(t *testing.T) {
	t.Helper()
	pids, live, _ := logRead()
	for _, pid := range pids {
		if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
			t.Fatalf("worker process %d is still there after Shutdown returned (%d of the %d workers "+
				"started were never closed). Shutdown must call Close on every Worker, after its last "+
				"job.", pid, live, len(pids))
		}
	}
	require.Zero(t, live, "%d worker processes were never closed", live)
	self := strconv.Itoa(os.Getpid())
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s := string(b)
		end := strings.LastIndexByte(s, ')')
		if end < 0 {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if len(fields) >= 2 && fields[1] == self {
			t.Fatalf("after Shutdown, process %s, a child of the test process, is still there", strings.Fields(s)[0])
		}
	}
}
