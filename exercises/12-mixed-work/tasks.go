package mixed

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"fmt"
	"time"

	"github.com/asynckata/kata/exercises/12-mixed-work/internal/tasklog"
)

// Kind says what a task spends its time on.
type Kind int

const (
	// CPU tasks compute: each keeps one core busy until it is done.
	// (In the timing tests, whose clock is virtual, a CPU task also holds
	// its place for a stretch of that clock, as a longer computation would
	// hold its core: real computing takes no virtual time.)
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
//
// Run tells the tests when each task starts and ends: they count the tasks
// of each kind running at once.
func (t Task) Run() (Result, error) {
	tasklog.Enter(int(t.Kind))
	defer tasklog.Leave(int(t.Kind))
	switch t.Kind {
	case CPU:
		r := Result{ID: t.ID, Value: countPrimes(t.N)}
		tasklog.CPUHold()
		return r, nil
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
	if n := tasklog.ArchiveOpen(); n > IOLimit {
		tasklog.ArchiveClose()
		return Result{}, fmt.Errorf("task %d: the archive service refused the call: %d calls were in "+
			"progress at once, and it accepts at most IOLimit (%d)", t.ID, n, IOLimit)
	}
	defer tasklog.ArchiveClose()
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
