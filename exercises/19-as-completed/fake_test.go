package ascompleted

// The jobs and the handle the tests give AsCompleted, in virtual time
// (testing/synctest): each job connects, fetches its page for as long as
// the tables below say, fails where a test tells it to, and records when it
// was called, when it saw its ctx cancelled and when it returned; handle
// records every call, and notices two calls at once.

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	// connectTime is how long a job takes to connect before it looks at
	// its ctx (job.go).
	connectTime = 2300 * time.Microsecond
	// rollbackTime is how long a job cancelled while it fetches takes to
	// close what it opened before it returns.
	rollbackTime = 6700 * time.Microsecond
	// promptly is how soon a result must be handled after its job
	// returned it, and how soon after AsCompleted stops every running
	// job's ctx must be cancelled.
	promptly = 5 * time.Millisecond
	// returnBudget is how soon after it stops AsCompleted must have
	// returned: the running jobs' rollback, and promptly.
	returnBudget = 12 * time.Millisecond
	// handleSpins is how many times handle lets other goroutines run
	// before it returns, so that a second call made meanwhile is seen.
	handleSpins = 64
)

// pageTimes are the 50 jobs' lengths in milliseconds, connecting included:
// from 31 ms to 2.917 s, none a multiple of 10 ms. Job 0 is the longest:
// read in submission order, every other result waits for it.
var pageTimes = []int{
	2917, 656, 93, 1409, 524, 33, 796, 173, 36, 649,
	83, 196, 117, 625, 34, 427, 296, 554, 46, 677,
	146, 297, 894, 78, 88, 349, 1397, 459, 44, 66,
	359, 43, 41, 1047, 663, 2512, 112, 236, 31, 461,
	79, 743, 588, 285, 189, 92, 108, 473, 62, 44,
}

// sameTimes returns n jobs of the same length: Workers of them finish at
// each instant, so handle is due for Workers results at once.
func sameTimes(n int, ms int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = ms
	}
	return out
}

// never is a moment no test reaches: "AsCompleted never stopped".
const never = time.Duration(1<<63 - 1)

// job is what one job did. Moments are since AsCompleted was called; -1
// is "never".
type job struct {
	length     time.Duration
	fail       error         // the job fails with this error at its end
	calledAt   time.Duration // when AsCompleted called it
	doneAtCall bool          // its ctx was already cancelled when it was called
	cancelAt   time.Duration // when it saw its ctx cancelled
	endedAt    time.Duration // when it returned
	succeeded  bool          // it returned its Result
	handled    []time.Duration
}

// fake is one run of AsCompleted: the jobs, handle, and what both saw.
type fake struct {
	mu       sync.Mutex
	start    time.Time
	jobs     []*job
	running  int // jobs called and not yet returned
	most     int // the most jobs seen running at once
	returned bool
	failedAt time.Duration // when the first failing job returned its error (-1: none)
	handled  []Result      // handle's calls, in order
	problems []string      // calls that break the contract of Job or of handle

	inHandle   atomic.Int32 // handle calls in progress
	mostHandle atomic.Int32 // the most handle calls seen in progress at once
	// lastHandled is written by every handle call without a lock, on
	// purpose: when two calls are not ordered by anything (a mutex, a
	// channel), the race detector reports this line.
	lastHandled int
}

func newFake(lengthsMS []int) *fake {
	f := &fake{failedAt: -1}
	for _, ms := range lengthsMS {
		f.jobs = append(f.jobs, &job{length: time.Duration(ms) * time.Millisecond,
			calledAt: -1, cancelAt: -1, endedAt: -1})
	}
	return f
}

// failAt makes job i fail at its end.
func (f *fake) failAt(i int, err error) { f.jobs[i].fail = err }

// begin marks the moment AsCompleted is called.
func (f *fake) begin() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.start = time.Now()
}

// now is the time since AsCompleted was called.
func (f *fake) now() time.Duration { return time.Since(f.start) }

func title(i int) string { return fmt.Sprintf("Page %d: the title", i) }

// jobList returns the jobs to give AsCompleted.
func (f *fake) jobList() []Job {
	out := make([]Job, len(f.jobs))
	for i := range f.jobs {
		out[i] = func(ctx context.Context) (Result, error) { return f.run(ctx, i) }
	}
	return out
}

// run is job i.
func (f *fake) run(ctx context.Context, i int) (Result, error) {
	j := f.jobs[i]
	f.mu.Lock()
	now := f.now()
	switch {
	case f.returned:
		f.problems = append(f.problems, fmt.Sprintf("job %d was called at %v, after AsCompleted had returned", i, now))
	case j.calledAt >= 0:
		f.problems = append(f.problems, fmt.Sprintf("job %d was called twice (at %v and at %v): call each job once",
			i, j.calledAt, now))
	}
	if j.calledAt < 0 {
		j.calledAt = now
	}
	noteProgress(now)
	j.doneAtCall = ctx.Err() != nil
	f.running++
	f.most = max(f.most, f.running)
	f.mu.Unlock()

	defer func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.running--
		j.endedAt = f.now()
		noteProgress(j.endedAt)
	}()

	// Connect: this takes connectTime whatever ctx does.
	connect := time.NewTimer(connectTime)
	defer connect.Stop()
	select {
	case <-connect.C:
	case <-ctx.Done():
		f.sawCancel(j)
		<-connect.C
		return Result{}, fmt.Errorf("job %d stopped while it connected: %w", i, ctx.Err())
	}

	// Fetch the page.
	fetch := time.NewTimer(j.length - connectTime)
	defer fetch.Stop()
	select {
	case <-fetch.C:
	case <-ctx.Done():
		f.sawCancel(j)
		time.Sleep(rollbackTime)
		return Result{}, fmt.Errorf("job %d cancelled: %w", i, ctx.Err())
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if j.fail != nil {
		if f.failedAt < 0 {
			f.failedAt = f.now()
		}
		return Result{}, j.fail
	}
	j.succeeded = true
	return Result{Job: i, Title: title(i)}, nil
}

func (f *fake) sawCancel(j *job) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if j.cancelAt < 0 {
		j.cancelAt = f.now()
	}
	noteProgress(j.cancelAt)
}

// handle is the callback the tests give AsCompleted. It takes no virtual
// time, but it lets the other goroutines run a while before it returns, so
// that a second call made meanwhile is seen.
func (f *fake) handle(r Result) {
	n := f.inHandle.Add(1)
	defer f.inHandle.Add(-1)
	f.lastHandled = r.Job // no lock on purpose: see lastHandled
	for i := 0; i < handleSpins; i++ {
		f.noteHandleCalls(max(n, f.inHandle.Load()))
		runtime.Gosched()
	}

	f.mu.Lock()
	defer f.mu.Unlock()
	now := f.now()
	noteProgress(now)
	switch {
	case f.returned:
		f.problems = append(f.problems, fmt.Sprintf("handle was called with the result of job %d at %v, "+
			"after AsCompleted had returned", r.Job, now))
	case r.Job < 0 || r.Job >= len(f.jobs) || !f.jobs[r.Job].succeeded || r.Title != title(r.Job):
		f.problems = append(f.problems, fmt.Sprintf("handle was given Result{Job: %d, Title: %q}, which no job returned", r.Job, r.Title))
		return
	}
	f.jobs[r.Job].handled = append(f.jobs[r.Job].handled, now)
	f.handled = append(f.handled, r)
}

func (f *fake) noteHandleCalls(n int32) {
	for {
		most := f.mostHandle.Load()
		if n <= most || f.mostHandle.CompareAndSwap(most, n) {
			return
		}
	}
}

// markReturned records that AsCompleted has returned and lists the jobs
// still running then.
func (f *fake) markReturned() (running []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.returned = true
	for i, j := range f.jobs {
		if j.calledAt >= 0 && j.endedAt < 0 {
			running = append(running, fmt.Sprintf("job %d", i))
		}
	}
	return running
}

// view is a copy of what the fake recorded, for the checks.
type view struct {
	jobs       []job
	most       int
	failedAt   time.Duration
	handled    []Result
	problems   []string
	mostHandle int
}

func (f *fake) view() view {
	f.mu.Lock()
	defer f.mu.Unlock()
	v := view{most: f.most, failedAt: f.failedAt, handled: append([]Result(nil), f.handled...),
		problems: append([]string(nil), f.problems...), mostHandle: int(f.mostHandle.Load())}
	for _, j := range f.jobs {
		c := *j
		c.handled = append([]time.Duration(nil), j.handled...)
		v.jobs = append(v.jobs, c)
	}
	return v
}

// calledAfter lists the jobs called after the moment stop: "job 17 at
// 1.1403s".
func (v view) calledAfter(stop time.Duration) []string {
	type call struct {
		i  int
		at time.Duration
	}
	var calls []call
	for i, j := range v.jobs {
		if j.calledAt > stop {
			calls = append(calls, call{i, j.calledAt})
		}
	}
	sort.Slice(calls, func(a, b int) bool { return calls[a].at < calls[b].at })
	out := make([]string, len(calls))
	for k, c := range calls {
		out[k] = fmt.Sprintf("job %d at %v", c.i, c.at)
	}
	return out
}

// notCancelled lists the jobs running at the moment stop whose ctx was not
// cancelled within promptly: "job 0 (ran to its end at 2.917s)".
func (v view) notCancelled(stop time.Duration) []string {
	var out []string
	for i, j := range v.jobs {
		running := j.calledAt >= 0 && j.calledAt <= stop && (j.endedAt < 0 || j.endedAt > stop)
		if !running || (j.cancelAt >= 0 && j.cancelAt <= stop+promptly) ||
			(j.succeeded && j.endedAt <= stop+promptly) {
			continue
		}
		switch {
		case j.cancelAt >= 0:
			out = append(out, fmt.Sprintf("job %d (cancelled only at %v)", i, j.cancelAt))
		case j.succeeded:
			out = append(out, fmt.Sprintf("job %d (never cancelled: it ran to its end at %v)", i, j.endedAt))
		case j.endedAt >= 0:
			out = append(out, fmt.Sprintf("job %d (never cancelled: it ended at %v)", i, j.endedAt))
		default:
			out = append(out, fmt.Sprintf("job %d (never cancelled)", i))
		}
	}
	return out
}

// lateHandles lists the results handled more than promptly after their
// job returned them, worst first, and the worst delay.
func (v view) lateHandles() ([]string, time.Duration) {
	type late struct {
		i          int
		ended, got time.Duration
	}
	var lates []late
	var worst time.Duration
	for i, j := range v.jobs {
		for _, h := range j.handled {
			worst = max(worst, h-j.endedAt)
			if h-j.endedAt > promptly {
				lates = append(lates, late{i, j.endedAt, h})
			}
		}
	}
	sort.Slice(lates, func(a, b int) bool { return lates[a].got-lates[a].ended > lates[b].got-lates[b].ended })
	out := make([]string, len(lates))
	for k, l := range lates {
		out[k] = fmt.Sprintf("job %d finished at %v, handled at %v", l.i, l.ended, l.got)
	}
	return out, worst
}

// listed shows the first four items of a list, and how many more there are.
func listed(items []string) string {
	shown := items[:min(4, len(items))]
	s := strings.Join(shown, "; ")
	if n := len(items) - len(shown); n > 0 {
		s += fmt.Sprintf("; and %d more", n)
	}
	return s
}

// errPageGone is the error of the job that fails.
var errPageGone = errors.New("page 16: 404 Not Found")
