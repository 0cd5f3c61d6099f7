package executor

// Submit and Shutdown called at the same time, from different goroutines.
// The moment that breaks a pool is the one where a Submit has decided the
// executor is open but has not yet handed its job over, and Shutdown closes
// the queue in between. Waiting "a few milliseconds" and hoping the
// scheduler lands there would catch that only by luck, so the test builds
// the moment instead: every worker is kept busy by a job that runs until the
// test lets it go, so Submits have to wait for room in the queue; the test
// reads the goroutine dump until each of them is seen waiting inside Submit,
// then calls Shutdown, and lets the workers go only once Shutdown is seen
// waiting too.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"
)

const (
	// submitters is how many goroutines call Submit while Shutdown runs.
	submitters = 4
	// submitterJobs is how many jobs each of them tries to submit: with
	// every worker busy, a Submit that hands its job straight to a worker,
	// or to a queue of a few slots, ends up waiting. (A pool with no bound
	// starts a process for each of them: keep the number small.)
	submitterJobs = 10
	// futureGrace is how long a Future may take to answer once Shutdown has
	// returned: its job has finished, so Get should return at once.
	futureGrace = 2 * time.Second
	// blockerSubmit bounds the Submit of a job to an idle pool: it should
	// take microseconds.
	blockerSubmit = 3 * time.Second
	// blockerSleep is how long the jobs that keep the workers busy would
	// run if their ctx were never cancelled: the test cancels it in
	// milliseconds, but a pool that does not pass ctx on still finishes
	// this test (and fails TestPerJobDeadline instead).
	blockerSleep = 5 * time.Second
)

// submitterOutcome is what one submitting goroutine saw.
type submitterOutcome struct {
	futures []Future // one per job Submit accepted
	ids     []int    // the IDs of those jobs
	err     error    // an error other than ErrShutdown, if Submit returned one
	panic   any      // what Submit panicked with, if it did
}

func TestSubmitDuringShutdown(t *testing.T) {
	forEachTestBackend(t, func(t *testing.T, b testBackend) {
		before := katatest.Snapshot()
		const workers = 2
		ex := startExecutor(t, b, workers)

		// Every worker gets a job that runs until hold is cancelled (or for
		// blockerSleep, if the pool does not pass ctx on).
		hold, release := context.WithCancel(context.Background())
		defer release()
		blockers := make([]Future, workers)
		for i := range blockers {
			err := callWithinFor(blockerSubmit, func() error {
				var err error
				blockers[i], err = ex.Submit(hold, Job{ID: 900 + i, N: 10, Sleep: blockerSleep})
				return err
			})
			if errors.Is(err, errCallTimeout) {
				release()
				katatest.Hung(t, fmt.Sprintf("Submit of a job that runs for %v unless cancelled, on a %s of %d workers with "+
					"nothing else to do,", blockerSleep, b.name, workers), blockerSubmit,
					"Submit must hand the job to a worker and return a Future at once, not wait for the job to run.")
			}
			failOnHang(t, err, "Submit", "Submit may wait for room in a queue, never for the job to run.")
			require.NoError(t, err, "Submit(job %d) failed", 900+i)
		}
		waitForRunning(t, workers, b.name)

		// The submitters. Each tells the test who it is before its first
		// Submit, and nothing after: a channel operation between them and
		// the test would also hide from the race detector a flag that
		// Submit reads without the lock Shutdown writes it under.
		ids := make(chan string, submitters)
		outcomes := make([]submitterOutcome, submitters)
		var submitting sync.WaitGroup
		for s := range submitters {
			submitting.Go(func() { outcomes[s] = submitUntilShutdown(ex, s, ids) })
		}
		var watched []string
		for range submitters {
			watched = append(watched, <-ids)
		}
		if !waitParked(watched) {
			t.Logf("the %d goroutines calling Submit were never all seen waiting within %v; "+
				"calling Shutdown anyway", submitters, callDeadline)
		}

		// Shutdown, in a goroutine of its own, while those Submits wait.
		shut := make(chan error, 1)
		shutID := make(chan string, 1)
		go shutdownInBackground(ex, shutID, shut)
		watched = append(watched, <-shutID)
		waitParked(watched) // Shutdown waits for the busy workers, or for a Submit to finish
		release()           // the workers' jobs end (cancelled), and the workers carry on

		var err error
		timer := time.NewTimer(callDeadline)
		defer timer.Stop()
		select {
		case err = <-shut:
		case <-timer.C:
			err = errCallTimeout
		}
		failOnHang(t, err, fmt.Sprintf("Shutdown, called while %d goroutines were waiting in Submit,", submitters),
			"A Submit may hold a lock while it waits for room in the queue, but then the workers must "+
				"go on taking jobs from the queue until Shutdown closes it, so that the waiting Submit "+
				"gets its room and lets go of the lock.")
		require.NoError(t, err, "Shutdown failed")
		running, _, finishedAtShutdown := gaugeRead()

		allDone := make(chan struct{})
		go func() { submitting.Wait(); close(allDone) }()
		timer.Reset(callDeadline)
		select {
		case <-allDone:
		case <-timer.C:
			t.Fatalf("%v after Shutdown returned, a Submit called while Shutdown ran had still not "+
				"returned. Once Shutdown has begun, a waiting Submit must either hand its job over "+
				"before Shutdown closes the queue, or give up and return ErrShutdown: it must not wait "+
				"for a queue nobody reads any more.", callDeadline)
		}

		accepted := 0
		for _, o := range outcomes {
			if o.panic != nil {
				t.Fatalf("Submit panicked while Shutdown ran: %v. Submit found the executor still "+
					"open, and while it waited to send the job on the queue, Shutdown closed the queue: "+
					"a send on a closed channel panics. Checking \"closed\" and sending must be one step "+
					"that Shutdown cannot cut in two: hold a lock across both in Submit, and take the "+
					"same lock in Shutdown before it marks the executor closed and closes the queue "+
					"(a sync.RWMutex lets many Submits hold it at once).", o.panic)
			}
			require.NoError(t, o.err, "Submit, called while Shutdown ran, returned an error that is not "+
				"ErrShutdown: a Submit that comes in time returns a Future, one that comes too late "+
				"returns ErrShutdown")
			accepted += len(o.futures)
		}
		require.Zero(t, running, "Shutdown returned while %d jobs were still running: it must wait "+
			"for every job Submit accepted, including those accepted while it was shutting down", running)

		for _, o := range outcomes {
			for i, f := range o.futures {
				var res Result
				err := callWithinFor(futureGrace, func() error {
					var err error
					res, err = f.Get()
					return err
				})
				if errors.Is(err, errCallTimeout) {
					t.Fatalf("Submit accepted job %d while Shutdown ran (it returned a Future and no "+
						"error), but %v after Shutdown returned, that Future still had no result: the "+
						"job was never run. A job Submit accepts must be run before Shutdown returns; "+
						"once Shutdown has closed the queue, Submit must refuse the job with ErrShutdown "+
						"instead.", o.ids[i], futureGrace)
				}
				failOnHang(t, err, fmt.Sprintf("Get on the Future of job %d", o.ids[i]), "")
				require.NoError(t, err, "job %d, accepted while Shutdown ran, failed. Nothing in it fails; "+
					"but the two jobs that kept the workers busy were cancelled first, and on the process "+
					"pool a cancelled job kills its worker process (Worker.Run returns ErrWorkerDead): "+
					"start a new Worker in place of a dead one before the next job.", o.ids[i])
				require.Equal(t, o.ids[i], res.ID, "the Future of job %d holds the result of job %d", o.ids[i], res.ID)
			}
		}
		for i, f := range blockers {
			err := callWithinFor(futureGrace, func() error {
				_, err := f.Get()
				return err
			})
			failOnHang(t, err, fmt.Sprintf("Get on the Future of job %d (cancelled while it ran)", 900+i),
				"A Future must hear of its job's end, failed or not.")
		}

		_, _, finished := gaugeRead()
		require.Equal(t, workers+accepted, finishedAtShutdown,
			"when Shutdown returned, %d jobs had finished, but Submit had accepted %d (the %d that kept "+
				"the workers busy, and %d from the goroutines calling Submit around Shutdown); %d of them "+
				"ran only after Shutdown returned, %d never ran at all. Shutdown must wait for every job "+
				"Submit accepted; once it has closed the queue, Submit must refuse new ones with ErrShutdown.",
			finishedAtShutdown, workers+accepted, workers, accepted, finished-finishedAtShutdown,
			workers+accepted-finished)
		katatest.NoGoroutinesLeft(t, before, 50*time.Millisecond, "Shutdown")
		if b.processes {
			requireNoWorkerLeft(t)
		}
	})
}

// waitForRunning waits until n jobs are running at once.
func waitForRunning(t *testing.T, n int, what string) {
	t.Helper()
	limit := time.Now().Add(callDeadline)
	for {
		now, _, _ := gaugeRead()
		if now >= n {
			return
		}
		if time.Now().After(limit) {
			t.Fatalf("%d jobs that run for %v unless cancelled were submitted to a %s of %d workers, but %v later "+
				"only %d of them had started (counted by Compute and Worker.Run): each worker should take "+
				"one.", n, blockerSleep, what, n, callDeadline, now)
		}
		time.Sleep(time.Millisecond)
	}
}

// submitUntilShutdown sends its goroutine's ID on ids, then submits up to
// submitterJobs jobs, until Submit returns ErrShutdown.
func submitUntilShutdown(ex Executor, s int, ids chan<- string) (out submitterOutcome) {
	ids <- goroutineID()
	defer func() {
		if r := recover(); r != nil {
			out.panic = r
		}
	}()
	for j := range submitterJobs {
		id := 1000*(s+1) + j
		f, err := ex.Submit(context.Background(), Job{ID: id, N: 50 + j})
		if errors.Is(err, ErrShutdown) {
			return out
		}
		if err != nil {
			out.err = err
			return out
		}
		out.futures = append(out.futures, f)
		out.ids = append(out.ids, id)
	}
	return out
}

// shutdownInBackground sends its goroutine's ID on id, then calls Shutdown
// and sends its error (or its panic, as an error) on done.
func shutdownInBackground(ex Executor, id chan<- string, done chan<- error) {
	id <- goroutineID()
	defer func() {
		if r := recover(); r != nil {
			done <- fmt.Errorf("%w: %v", errCallPanic, r)
		}
	}()
	done <- ex.Shutdown()
}

// goroutineID returns the ID of the calling goroutine, as the goroutine
// dump shows it.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	fields := strings.Fields(string(buf)) // "goroutine 17 [running]: ..."
	if len(fields) < 2 {
		return ""
	}
	return fields[1]
}

// waitParked reads the goroutine dump until every goroutine in ids is
// blocked (on a channel, a lock, a WaitGroup, a timer...) or has ended, in
// three reads in a row, and reports whether it saw that within
// callDeadline. Reading the dump is no synchronisation between goroutines:
// it hides no data race from the race detector.
func waitParked(ids []string) bool {
	limit := time.Now().Add(callDeadline)
	for calm := 0; calm < 3; {
		if time.Now().After(limit) {
			return false
		}
		time.Sleep(time.Millisecond)
		states := goroutineStates()
		calm++
		for _, id := range ids {
			if st, alive := states[id]; alive && !parkedState(st) {
				calm = 0
				break
			}
		}
	}
	return true
}

// goroutineStates maps each live goroutine's ID to its state in the dump:
// "chan send", "sync.RWMutex.Lock", "running"...
func goroutineStates() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	states := map[string]string{}
	for _, block := range strings.Split(string(buf), "\n\n") {
		header, _, _ := strings.Cut(block, "\n") // "goroutine 7 [chan send, 2 minutes]:"
		fields := strings.Fields(header)
		open, end := strings.Index(header, "["), strings.LastIndex(header, "]")
		if len(fields) < 2 || fields[0] != "goroutine" || open < 0 || end < open {
			continue
		}
		state, _, _ := strings.Cut(header[open+1:end], ",")
		states[fields[1]] = strings.TrimSpace(state)
	}
	return states
}

// parkedState reports whether a goroutine in this state waits for another
// one (or for a timer), rather than running or about to run.
func parkedState(state string) bool {
	switch state {
	case "running", "runnable", "syscall", "copystack", "preempted", "idle":
		return false
	}
	return !strings.HasPrefix(state, "GC ")
}
