package deadlockbank

import (
	"sync"
	"time"
)

// barrierPoint says where a probe's locks hold goroutines back.
type barrierPoint int

const (
	// noBarrier: the locks only count.
	noBarrier barrierPoint = iota
	// afterLock: right after acquiring, wait at the barrier.
	afterLock
	// beforeUnlock: just before releasing, wait at the barrier.
	beforeUnlock
)

// lockProbe hands out locks (its newLock method is what the tests pass to
// NewBank) and watches them: how many were made, how many are held right
// now, and the most ever held at once.
//
// Armed, the locks also hold goroutines back at a one-shot barrier that
// opens as soon as target locks are held at once, or after patience if
// that never happens. This turns a schedule that would normally need bad
// luck (both transfers holding their first lock at the same moment) into
// the schedule that happens every time.
type lockProbe struct {
	open chan struct{} // closed when the barrier opens

	mu       sync.Mutex // guards the fields below
	created  int        // locks handed out by newLock
	acquired int        // Lock calls that got their lock
	held     int        // locks held right now
	maxHeld  int        // most locks ever held at once
	at       barrierPoint
	target   int
	patience time.Duration
	opened   bool
}

func newProbe() *lockProbe {
	return &lockProbe{open: make(chan struct{})}
}

// newLock is the lock factory passed to NewBank.
func (p *lockProbe) newLock() sync.Locker {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.created++
	return &probeLock{probe: p}
}

// arm sets the barrier; call it before the goroutines start.
func (p *lockProbe) arm(at barrierPoint, target int, patience time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at, p.target, p.patience = at, target, patience
}

// disarm opens the barrier for good; call it once the goroutines are done.
func (p *lockProbe) disarm() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at = noBarrier
	p.openLocked()
}

// stats returns how many locks were made, how many Lock calls succeeded,
// and the most locks ever held at once.
func (p *lockProbe) stats() (created, acquired, maxHeld int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.created, p.acquired, p.maxHeld
}

func (p *lockProbe) openLocked() {
	if !p.opened {
		p.opened = true
		close(p.open)
	}
}

// await blocks until the barrier opens or patience runs out; in the latter
// case it opens the barrier itself, so nobody waits twice.
func (p *lockProbe) await(patience time.Duration) {
	timer := time.NewTimer(patience)
	defer timer.Stop()
	select {
	case <-p.open:
	case <-timer.C:
		p.mu.Lock()
		p.openLocked()
		p.mu.Unlock()
	}
}

// gotLock records a successful Lock and says whether to wait at the barrier.
func (p *lockProbe) gotLock() (wait bool, patience time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.acquired++
	p.held++
	p.maxHeld = max(p.maxHeld, p.held)
	if p.at != noBarrier && p.held >= p.target {
		p.openLocked()
	}
	return p.at == afterLock && !p.opened, p.patience
}

// aboutToUnlock says whether to wait at the barrier before releasing.
func (p *lockProbe) aboutToUnlock() (wait bool, patience time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.at == beforeUnlock && !p.opened, p.patience
}

func (p *lockProbe) released() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.held--
}

// probeLock is a sync.Mutex that reports to its probe.
type probeLock struct {
	probe *lockProbe
	mu    sync.Mutex
}

// Lock acquires the lock, then waits at the barrier when the probe is
// armed with afterLock.
func (l *probeLock) Lock() {
	l.mu.Lock()
	if wait, patience := l.probe.gotLock(); wait {
		l.probe.await(patience)
	}
}

// Unlock waits at the barrier when the probe is armed with beforeUnlock,
// then releases the lock.
func (l *probeLock) Unlock() {
	if wait, patience := l.probe.aboutToUnlock(); wait {
		l.probe.await(patience)
	}
	l.probe.released()
	l.mu.Unlock()
}

// countingFactory returns a lock factory that hands out plain mutexes and
// counts them, without adding any synchronisation of its own (so the race
// detector sees exactly what the bank does).
func countingFactory() (newLock func() sync.Locker, created func() int) {
	var mu sync.Mutex
	n := 0
	newLock = func() sync.Locker {
		mu.Lock()
		defer mu.Unlock()
		n++
		return new(sync.Mutex)
	}
	created = func() int {
		mu.Lock()
		defer mu.Unlock()
		return n
	}
	return newLock, created
}
