package mixed

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"fmt"
	"sync"
	"time"
)

// Kind says what a task spends its time on.
type Kind int

const (
	// CPU tasks compute: each keeps one core busy until it is done.
	CPU Kind = iota
	// IO tasks make a blocking call to the archive service, which accepts
	// at most IOLimit calls at once and refuses any more.
	IO
	// Wait tasks wait for a timer: they cost nothing while they wait.
	Wait
)

func (k Kind) String() string {
	switch k {
	case CPU:
		return "CPU"
	case IO:
		return "IO"
	case Wait:
		return "Wait"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// IOLimit is how many calls the archive service accepts at once. A call
// made while IOLimit others are in progress is refused with an error.
const IOLimit = 8

// Task is one piece of work of some Kind.
type Task struct {
	// ID names the task; its Result carries the same ID.
	ID   int
	Kind Kind
	// N is for CPU tasks: the task counts the primes below N.
	N int
	// D is for IO and Wait tasks: how long the call or the wait takes.
	D time.Duration
}

// Result is what one task produced.
type Result struct {
	ID    int
	Value int
}

// Run performs the task in the calling goroutine and returns its result:
// a CPU task computes, an IO task calls the archive service (an error if
// the service refuses the call), a Wait task waits for its timer.
func (t Task) Run() (Result, error) {
	taskLog.enter(t.Kind)
	defer taskLog.leave(t.Kind)
	switch t.Kind {
	case CPU:
		return Result{ID: t.ID, Value: countPrimes(t.N)}, nil
	case IO:
		return archiveServiceCall(t)
	case Wait:
		<-time.After(t.D)
		return Result{ID: t.ID, Value: int(t.D / time.Millisecond)}, nil
	}
	return Result{}, fmt.Errorf("task %d: unknown kind %v", t.ID, t.Kind)
}

// archiveServiceCall stands for a blocking call to a slow service (a legacy
// client library, a database driver): it holds its goroutine until the
// answer comes. Here the wait is a sleep.
func archiveServiceCall(t Task) (Result, error) {
	if n := taskLog.archiveOpen(); n > IOLimit {
		taskLog.archiveClose()
		return Result{}, fmt.Errorf("task %d: the archive service refused the call: %d calls were in "+
			"progress at once, and it accepts at most IOLimit (%d)", t.ID, n, IOLimit)
	}
	defer taskLog.archiveClose()
	time.Sleep(t.D)
	return Result{ID: t.ID, Value: 3 * t.ID}, nil
}

// countPrimes counts the primes below n by trial division.
func countPrimes(n int) int {
	count := 0
	for c := 2; c < n; c++ {
		prime := true
		for d := 2; d*d <= c; d++ {
			if c%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			count++
		}
	}
	return count
}

// taskLog records, per kind, the tasks running now, the most seen at once,
// how many started and finished and when the last one finished, and the
// archive's calls in progress. The tests read it; your code has no reason
// to.
var taskLog taskTracker

type taskTracker struct {
	mu        sync.Mutex
	since     time.Time
	now, most [3]int
	started   [3]int
	finished  [3]int
	last      [3]time.Duration // when the last task of each kind finished, after since
	archive   int
	archiveHi int
}

func (tr *taskTracker) enter(k Kind) {
	if k < CPU || k > Wait {
		return
	}
	tr.mu.Lock()
	tr.now[k]++
	tr.started[k]++
	tr.most[k] = max(tr.most[k], tr.now[k])
	tr.mu.Unlock()
}

func (tr *taskTracker) leave(k Kind) {
	if k < CPU || k > Wait {
		return
	}
	tr.mu.Lock()
	tr.now[k]--
	tr.finished[k]++
	tr.last[k] = max(tr.last[k], time.Since(tr.since))
	tr.mu.Unlock()
}

func (tr *taskTracker) archiveOpen() int {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.archive++
	tr.archiveHi = max(tr.archiveHi, tr.archive)
	return tr.archive
}

func (tr *taskTracker) archiveClose() {
	tr.mu.Lock()
	tr.archive--
	tr.mu.Unlock()
}

// taskFigures is a copy of the taskTracker's figures.
type taskFigures struct {
	now, most, started, finished [3]int
	last                         [3]time.Duration
	archiveHi                    int
}

func (tr *taskTracker) read() taskFigures {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return taskFigures{tr.now, tr.most, tr.started, tr.finished, tr.last, tr.archiveHi}
}

// reset zeroes the figures and starts the clock of tr.last.
func (tr *taskTracker) reset() {
	tr.mu.Lock()
	tr.since = time.Now()
	tr.now, tr.most, tr.started, tr.finished = [3]int{}, [3]int{}, [3]int{}, [3]int{}
	tr.last = [3]time.Duration{}
	tr.archive, tr.archiveHi = 0, 0
	tr.mu.Unlock()
}
