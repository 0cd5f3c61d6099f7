// Package tasklog is the support code behind Task.Run in exercise 12: it
// records, per kind of task, how many run at once, how many started and
// finished and when the last one finished, and the archive service's
// calls in progress; in the timing tests it also makes each CPU task hold
// its place for a stretch of the test's virtual clock.
//
// It lives in its own package so that code in the exercise's package can
// use Task.Run but cannot reach these figures. Nothing here is for the
// learner to change or to call.
package tasklog

import (
	"sync"
	"time"
)

// Kinds is how many kinds of task there are (CPU, IO, Wait: 0, 1, 2).
const Kinds = 3

// Figures is what the log saw since the last Start.
type Figures struct {
	// Now, Most, Started and Finished count, per kind, the tasks running
	// now, the most seen running at once, those that started and those
	// that finished.
	Now, Most, Started, Finished [Kinds]int
	// LastStart is when the last task of each kind started, and Last when
	// the last one finished, after Start.
	LastStart, Last [Kinds]time.Duration
	// ArchiveMost is the most archive calls seen in progress at once.
	ArchiveMost int
}

var (
	mu      sync.Mutex
	since   time.Time
	seen    Figures
	archive int
	hold    time.Duration
)

// Start forgets what the log saw, starts the clock of Figures.Last, and
// makes each CPU task hold its place for cpuHold after its work (0: no
// hold). Call it in the goroutine (and synctest bubble) that runs the
// tasks.
func Start(cpuHold time.Duration) {
	mu.Lock()
	defer mu.Unlock()
	since, seen, archive, hold = time.Now(), Figures{}, 0, cpuHold
}

// Read returns what the log saw since Start.
func Read() Figures {
	mu.Lock()
	defer mu.Unlock()
	return seen
}

// Enter records that a task of kind k started.
func Enter(k int) {
	if k < 0 || k >= Kinds {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	seen.Now[k]++
	seen.Started[k]++
	seen.Most[k] = max(seen.Most[k], seen.Now[k])
	seen.LastStart[k] = max(seen.LastStart[k], time.Since(since))
}

// Leave records that a task of kind k finished.
func Leave(k int) {
	if k < 0 || k >= Kinds {
		return
	}
	mu.Lock()
	defer mu.Unlock()
	seen.Now[k]--
	seen.Finished[k]++
	seen.Last[k] = max(seen.Last[k], time.Since(since))
}

// CPUHold waits for the CPU hold Start set, if any: in a synctest bubble,
// a stretch of virtual time that stands for a longer computation, during
// which the task keeps its place as a computation keeps its core.
func CPUHold() {
	mu.Lock()
	d := hold
	mu.Unlock()
	if d > 0 {
		time.Sleep(d)
	}
}

// ArchiveOpen records a call to the archive service and returns how many
// are in progress, this one included.
func ArchiveOpen() int {
	mu.Lock()
	defer mu.Unlock()
	archive++
	seen.ArchiveMost = max(seen.ArchiveMost, archive)
	return archive
}

// ArchiveClose records that an archive call ended.
func ArchiveClose() {
	mu.Lock()
	defer mu.Unlock()
	archive--
}
