package deadlockbank

import (
	"runtime"
	"strings"
	"sync"
	"time"
)

// barrierPoint says where a probe's locks hold goroutines back.
type barrierPoint int

const (
	// noBarrier: the locks only count.
	noBarrier barrierPoint = iota
	// beforeUnlock: just before releasing a lock, wait until target
	// goroutines hold locks at the same time (or patience runs out).
	beforeUnlock
	// lockstep: keep the two goroutines of runPair in step. After every
	// lock it gets, and after every TryLock that fails, a goroutine waits
	// for the other one to get there too (unless the other is blocked, on
	// a lock for instance, or done). Two goroutines that take their locks
	// in opposite orders then collide every time; ones that retry with
	// TryLock collide again on every retry.
	lockstep
	// yieldOnUnlock: after every lock it releases, a goroutine of runPair
	// waits until the other one is blocked or done. Whatever the other one
	// wants to do while the first holds no lock, it does then: a goroutine
	// that lets go of its locks in the middle of a job (a check in one
	// section, the transfer in another; one account added up at a time)
	// lets the other one in, every time.
	yieldOnUnlock
)

// livelockAfter is how many failed TryLock calls in lockstep mode the
// probe takes for a livelock: it then stops holding goroutines back, so
// the test can end and say so.
const livelockAfter = 20

// lockProbe hands out locks (its newLock method is what the tests pass to
// NewBank) and watches them: how many were made, which goroutines hold how
// many right now, and the most locks and the most goroutines holding locks
// ever seen at once.
//
// Armed, the locks also hold goroutines back (see barrierPoint). This
// turns a schedule that would normally need bad luck (both transfers
// holding their first lock at the same moment) into the schedule that
// happens every time.
type lockProbe struct {
	open chan struct{} // closed when the beforeUnlock barrier opens

	mu         sync.Mutex     // guards the fields below
	created    int            // locks handed out by newLock
	acquired   int            // Lock calls that got their lock
	held       int            // locks held right now
	maxHeld    int            // most locks ever held at once
	holders    map[string]int // goroutine ID -> locks it holds right now
	maxHolders int            // most goroutines ever holding a lock at once
	at         barrierPoint
	target     int
	patience   time.Duration
	opened     bool
	tries      int  // TryLock calls
	failed     int  // TryLock calls that found the lock taken
	livelock   bool // lockstep mode saw livelockAfter failed TryLocks
	step       *stepBarrier
}

func newProbe() *lockProbe {
	return &lockProbe{open: make(chan struct{}), holders: map[string]int{}}
}

// newLock is the lock factory passed to NewBank.
func (p *lockProbe) newLock() Lock {
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
	if at == lockstep {
		p.step = &stepBarrier{gen: make(chan struct{})}
	}
}

// disarm opens the barrier for good; call it once the goroutines are done.
func (p *lockProbe) disarm() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.at = noBarrier
	p.openLocked()
	if p.step != nil {
		p.step.release()
	}
}

// tryStats returns how many TryLock calls were made, how many failed, and
// whether lockstep mode saw a livelock.
func (p *lockProbe) tryStats() (tries, failed int, livelock bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.tries, p.failed, p.livelock
}

// stats returns how many locks were made, how many Lock calls succeeded,
// the most locks ever held at once, and the most goroutines ever holding
// a lock at the same time.
func (p *lockProbe) stats() (created, acquired, maxHeld, maxHolders int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.created, p.acquired, p.maxHeld, p.maxHolders
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

// gotLock records a lock acquired by goroutine g.
func (p *lockProbe) gotLock(g string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.acquired++
	p.held++
	p.maxHeld = max(p.maxHeld, p.held)
	p.holders[g]++
	p.maxHolders = max(p.maxHolders, len(p.holders))
	if p.at == beforeUnlock && len(p.holders) >= p.target {
		p.openLocked()
	}
}

// mode returns the barrier point and, in lockstep mode, the barrier to
// meet at.
func (p *lockProbe) mode() (barrierPoint, *stepBarrier) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.at, p.step
}

// triedLock records a TryLock call that found the lock taken (ok false)
// or got it.
func (p *lockProbe) triedLock(ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tries++
	if ok {
		return
	}
	p.failed++
	if p.at == lockstep && p.failed >= livelockAfter {
		p.livelock = true
		p.at = noBarrier // let the transfers run free, so the test can end
		p.step.release()
	}
}

// aboutToUnlock says whether to wait at the barrier before releasing.
func (p *lockProbe) aboutToUnlock() (wait bool, patience time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.at == beforeUnlock && !p.opened, p.patience
}

// released records a lock released by goroutine g.
func (p *lockProbe) released(g string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.held--
	if p.holders[g]--; p.holders[g] <= 0 {
		delete(p.holders, g)
	}
}

// probeLock is a sync.Mutex that reports to its probe.
type probeLock struct {
	probe *lockProbe
	mu    sync.Mutex
}

// Lock acquires the lock, then, in lockstep mode, waits for the other
// goroutine of runPair.
func (l *probeLock) Lock() {
	l.mu.Lock()
	l.probe.gotLock(goroutineID())
	if at, step := l.probe.mode(); at == lockstep {
		step.meet()
	}
}

// TryLock acquires the lock if it is free. In lockstep mode it then waits
// for the other goroutine to get to the same point, whether it got the
// lock or not.
func (l *probeLock) TryLock() bool {
	ok := l.mu.TryLock()
	if ok {
		l.probe.gotLock(goroutineID())
	}
	l.probe.triedLock(ok)
	if at, step := l.probe.mode(); at == lockstep {
		step.meet()
	}
	return ok
}

// Unlock waits at the barrier when the probe is armed with beforeUnlock,
// then releases the lock; in yieldOnUnlock mode it then waits for the
// other goroutine of runPair to block or finish.
func (l *probeLock) Unlock() {
	if wait, patience := l.probe.aboutToUnlock(); wait {
		l.probe.await(patience)
	}
	l.probe.released(goroutineID())
	l.mu.Unlock()
	if at, _ := l.probe.mode(); at == yieldOnUnlock {
		waitPartnerParked(stepPatience)
	}
}

// countingFactory returns a lock factory that hands out plain mutexes and
// counts them, without adding any synchronisation of its own (so the race
// detector sees exactly what the bank does).
func countingFactory() (newLock func() Lock, created func() int) {
	var mu sync.Mutex
	n := 0
	newLock = func() Lock {
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

// stepBarrier is where the two goroutines of runPair meet in lockstep
// mode: each arrival waits for the next one, unless the other goroutine is
// blocked (on a lock, a channel: it cannot arrive by itself) or gone.
type stepBarrier struct {
	mu       sync.Mutex
	waiting  bool
	gen      chan struct{} // closed when the waiting arrival may go
	released bool          // lockstep is over: nobody waits any more
}

// stepPatience bounds one wait of a goroutine of runPair for the other,
// should the other neither arrive nor block (it cannot happen with
// runPair's two goroutines, but a test must not hang on its own tool).
const stepPatience = 5 * time.Second

func (b *stepBarrier) meet() {
	b.mu.Lock()
	if b.released {
		b.mu.Unlock()
		return
	}
	if b.waiting { // the other goroutine is waiting here: both go on
		close(b.gen)
		b.gen = make(chan struct{})
		b.waiting = false
		b.mu.Unlock()
		return
	}
	b.waiting = true
	gen := b.gen
	b.mu.Unlock()

	deadline := time.Now().Add(stepPatience)
	for time.Now().Before(deadline) {
		select {
		case <-gen:
			return
		case <-time.After(time.Millisecond):
		}
		if partnerBlocked() {
			break
		}
	}
	b.mu.Lock()
	if b.gen == gen { // nobody came: stop waiting
		b.waiting = false
	}
	b.mu.Unlock()
}

// release ends lockstep: whoever waits goes on, and nobody waits again.
func (b *stepBarrier) release() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.released = true
	if b.waiting {
		close(b.gen)
		b.gen = make(chan struct{})
		b.waiting = false
	}
}

// waitPartnerParked waits until the other goroutine of runPair has been
// seen blocked or finished in two looks in a row, or patience runs out.
// It waits on a channel, not in time.Sleep, so that the other goroutine,
// should it wait here too, sees this one as blocked.
func waitPartnerParked(patience time.Duration) {
	deadline := time.Now().Add(patience)
	for calm := 0; calm < 2 && time.Now().Before(deadline); {
		<-time.After(time.Millisecond)
		if partnerBlocked() {
			calm++
		} else {
			calm = 0
		}
	}
}

// partnerBlocked reports whether the other goroutine of runPair (not the
// caller) is blocked on a lock, channel or the like, or has finished: it
// cannot get anywhere while the caller waits. A goroutine that is running,
// runnable or sleeping will get on by itself.
func partnerBlocked() bool {
	buf := make([]byte, 1<<20)
	n := runtime.Stack(buf, true)
	gs := strings.Split(string(buf[:n]), "\n\n")
	for _, g := range gs[1:] { // gs[0] is the caller
		header, body, _ := strings.Cut(g, "\n")
		if !strings.Contains(body, ".pairCall(") {
			continue
		}
		state := header[strings.Index(header, "[")+1:]
		for _, active := range []string{"running", "runnable", "syscall", "sleep", "preempted"} {
			if strings.HasPrefix(state, active) {
				return false
			}
		}
	}
	return true
}

// goroutineID returns the calling goroutine's ID as a goroutine dump
// shows it.
func goroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	fields := strings.Fields(string(buf)) // "goroutine 17 [running]: ..."
	if len(fields) < 2 {
		return ""
	}
	return fields[1]
}
