package mixed

import (
	"fmt"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/exercises/12-mixed-work/internal/tasklog"
	"github.com/asynckata/kata/internal/katatest"
)

// taskShape is how many tasks of each kind a set holds, and their sizes.
type taskShape struct {
	cpu, io, wait int
	n             int           // CPU: primes below n
	ioD, waitD    time.Duration // one archive call, one wait
}

// testTasks builds a set of tasks of taskShape s, the kinds interleaved (a
// Wait, an IO, a CPU, a Wait, ...) as they would arrive in a real program.
// The IDs run down from len(tasks) to 1, so that results sorted by ID are
// not in the order of tasks.
func testTasks(s taskShape) []Task {
	var tasks []Task
	for i := range max(s.cpu, s.io, s.wait) {
		if i < s.wait {
			tasks = append(tasks, Task{Kind: Wait, D: s.waitD})
		}
		if i < s.io {
			tasks = append(tasks, Task{Kind: IO, D: s.ioD})
		}
		if i < s.cpu {
			tasks = append(tasks, Task{Kind: CPU, N: s.n})
		}
	}
	for i := range tasks {
		tasks[i].ID = len(tasks) - i
	}
	return tasks
}

// wantResult is the result task must have.
func wantResult(t Task) Result {
	switch t.Kind {
	case CPU:
		return Result{ID: t.ID, Value: countPrimes(t.N)}
	case IO:
		return Result{ID: t.ID, Value: 3 * t.ID}
	default:
		return Result{ID: t.ID, Value: int(t.D / time.Millisecond)}
	}
}

// requireResultsMatch checks results against tasks, one for one, in order, and
// that every task ran exactly once and had finished when RunAll returned.
func requireResultsMatch(t *testing.T, tasks []Task, results []Result, err error) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), "refused") {
		require.NoError(t, err, "RunAll made more than IOLimit (%d) calls to the archive service at once. "+
			"Blocking calls to a service go on a lane of their own, as wide as the service allows", IOLimit)
	}
	require.NoError(t, err, "RunAll failed: no task here should fail")
	require.Len(t, results, len(tasks), "RunAll must return exactly one Result per task")
	for i, task := range tasks {
		require.Equal(t, wantResult(task), results[i],
			"results[%d] is wrong: it should be the result of tasks[%d] (a %v task, ID %d). Keep each "+
				"task's index with it, whichever lane runs it", i, i, task.Kind, task.ID)
	}
	s := tasklog.Read()
	for k := range 3 {
		n := 0
		for _, task := range tasks {
			if int(task.Kind) == k {
				n++
			}
		}
		require.Equal(t, n, s.Started[k], "%d %v tasks were given, but Task.Run started %d of them: run each "+
			"task exactly once", n, Kind(k), s.Started[k])
		require.Equal(t, n, s.Finished[k], "RunAll returned while %d %v tasks were still running: wait for "+
			"every lane before returning", s.Started[k]-s.Finished[k], Kind(k))
	}
}

// withinTenSeconds runs f and waits at most 10 s for it (real time).
func withinTenSeconds(f func()) bool {
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
		return true
	case <-time.After(10 * time.Second):
		return false
	}
}

// TestRunAllLeavesNothingRunning runs a small set in real time and checks
// that no goroutine from mixed.go is left once RunAll has returned.
func TestRunAllLeavesNothingRunning(t *testing.T) {
	tasks := testTasks(taskShape{cpu: 4, io: 12, wait: 10, n: 20_000, ioD: 5 * time.Millisecond, waitD: 10 * time.Millisecond})
	before := katatest.Snapshot()
	tasklog.Start(0)
	var results []Result
	var err error
	if !withinTenSeconds(func() { results, err = RunAll(tasks) }) {
		katatest.Hung(t, fmt.Sprintf("RunAll(%d small tasks)", len(tasks)), 10*time.Second,
			"They need well under a second. Does a lane wait for tasks on a channel nobody closes?")
	}
	requireResultsMatch(t, tasks, results, err)
	katatest.NoGoroutinesLeft(t, before, 50*time.Millisecond, "RunAll")
}

// TestRunAllResults checks the results of a mixed set, in virtual time.
func TestRunAllResults(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tasks := testTasks(taskShape{cpu: 6, io: 20, wait: 25, n: 20_000, ioD: 250 * time.Millisecond, waitD: time.Second})
		tasklog.Start(0)
		results, err := RunAll(tasks)
		requireResultsMatch(t, tasks, results, err)
	})
}

// TestArchiveNeverOverloaded checks that RunAll never makes more than
// IOLimit archive calls at once, however many there are to make.
func TestArchiveNeverOverloaded(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tasks := testTasks(taskShape{io: 32, wait: 10, ioD: 250 * time.Millisecond, waitD: time.Second})
		tasklog.Start(0)
		results, err := RunAll(tasks)
		hi := tasklog.Read().ArchiveMost
		require.LessOrEqual(t, hi, IOLimit, "the archive service saw %d calls at once; it accepts %d "+
			"(IOLimit) and refuses the rest. A goroutine per task has no bound: run the IO tasks on a lane "+
			"of IOLimit goroutines (errgroup's SetLimit, or a buffered channel as a semaphore)", hi, IOLimit)
		requireResultsMatch(t, tasks, results, err)
	})
}

// TestRunAllEmpty checks that an empty batch is no problem.
func TestRunAllEmpty(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tasklog.Start(0)
		results, err := RunAll(nil)
		require.NoError(t, err, "RunAll(nil) failed")
		require.Empty(t, results, "RunAll(nil) returned results for no tasks")
	})
}

// TestRunAllReturnsTheError checks that a task's error comes back, after
// the tasks already running have finished.
func TestRunAllReturnsTheError(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		tasks := testTasks(taskShape{cpu: 2, io: 4, wait: 4, n: 1_000, ioD: 100 * time.Millisecond, waitD: 200 * time.Millisecond})
		tasks = append(tasks, Task{ID: 99, Kind: Kind(7)})
		tasklog.Start(0)
		_, err := RunAll(tasks)
		require.Error(t, err, "task 99 has no valid kind, so its Run fails, but RunAll returned no error")
		require.True(t, strings.Contains(err.Error(), "task 99"), "RunAll returned %q, not task 99's error", err)
		synctest.Wait()
		s := tasklog.Read()
		require.Equal(t, s.Started, s.Finished, "RunAll returned while tasks were still running: started %v, "+
			"finished %v (CPU, IO, Wait): wait for every lane, also when a task fails", s.Started, s.Finished)
	})
}
