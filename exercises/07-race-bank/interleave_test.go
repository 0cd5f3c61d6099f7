package racebank

// Two tests here force the schedules that a bank with a gap in its locking
// gets wrong, so that such a bank fails every run rather than now and then.
//
// TestConcurrentOverdraftsRefused lets six goroutines (the grabbers) try to
// take 60 out of an account holding 100 at the same moment: exactly one of
// them may succeed. TestValidatorNeverSeesHalfATransfer calls Total while
// transfers run: it must always see the same total.
//
// Inside the fraud check: the first grabber asked about its transfer waits
// there until a second grabber is asked about its own transfer at the same
// moment (then both passed the balance check: the bank let the second one
// in between the first one's check and its debit), or until every other
// grabber is blocked or done (a bank that keeps them out meanwhile).
//
// Between the bank's own lock sections: a Transfer that checks under the
// lock, lets go of it and takes it again to ask the fraud check and move
// the money (or checks and asks in one section and moves the money in
// another, or takes the money out in one section and pays it in in
// another) leaves a gap in which another goroutine can see the bank half
// way. Left alone, a goroutine that lets go of a sync.Mutex nearly always
// takes it straight back, and the gap never shows. So the tests make the
// lock hand itself over in turn, as a sync.Mutex does once its waiters
// have waited more than a millisecond ("starvation mode", described in the
// sync package's source): each Unlock then hands the lock to the goroutine
// that has waited longest, and a goroutine that locks again goes to the
// back of the queue. A hammer goroutine keeps moving 1 from one account to
// another and back, and the fraud check holds each of its transfers for a
// while, so that the other goroutines queue up behind it and wait long
// enough; the tests run with GOMAXPROCS set to 1, so that a woken waiter
// runs only once the hammer is held again, and finds the lock taken. Then
// the waiters get in between the sections of every Transfer.

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"
)

// The accounts of one round.
const (
	grabSource = 0 // holds 100; the grabbers each try to move 60 out of it into accounts 1 to 6
	grabbers   = 6
	pingAcct   = 7 // the hammer moves 1 from here into grabSource and back
)

// roundBalances are the balances a round starts with.
var roundBalances = []int{100, 0, 0, 0, 0, 0, 0, 1}

// patience bounds every wait of the test's fraud check.
const patience = 2 * time.Second

// round is the test's fraud check for one round.
type round struct {
	hammerIn chan struct{} // closed when the hammer's first transfer is in the fraud check
	inOnce   sync.Once
	others   string // the function the goroutines queued behind the hammer run

	met     chan struct{} // closed when two grabbers were in the fraud check at once, or the first stopped waiting
	metOnce sync.Once

	mu     sync.Mutex
	inside int // grabbers in the fraud check right now
}

func newRound(others string) *round {
	return &round{hammerIn: make(chan struct{}), others: others, met: make(chan struct{})}
}

func (r *round) approve(from, to, amount int) error {
	if from == pingAcct || to == pingAcct {
		r.holdHammer()
	} else {
		r.meet()
	}
	return nil
}

// holdHammer keeps a transfer of the hammer in the fraud check until every
// goroutine running r.others is blocked (on the bank's lock, in a bank that
// holds it here) or done, in two looks in a row, and at least 2 ms: long
// enough for the goroutines queued behind it to have waited more than a
// millisecond.
func (r *round) holdHammer() {
	r.inOnce.Do(func() { close(r.hammerIn) })
	start := time.Now()
	for calm := 0; calm < 2 || time.Since(start) < 2*time.Millisecond; {
		if time.Since(start) > patience {
			return
		}
		time.Sleep(time.Millisecond)
		if allParked(goroutinesIn(r.others)) {
			calm++
		} else {
			calm = 0
		}
	}
}

// meet holds the first grabber in the fraud check until a second one is
// there too, or until every other grabber is blocked or done (three looks
// in a row), or patience runs out.
func (r *round) meet() {
	r.mu.Lock()
	r.inside++
	n := r.inside
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.inside--
		r.mu.Unlock()
	}()
	if n >= 2 {
		r.metOnce.Do(func() { close(r.met) })
	}
	deadline := time.Now().Add(patience)
	for calm := 0; calm < 3 && time.Now().Before(deadline); {
		select {
		case <-r.met:
			return
		case <-time.After(time.Millisecond):
		}
		if allParked(goroutinesIn(grabFunc)) {
			calm++
		} else {
			calm = 0
		}
	}
	r.metOnce.Do(func() { close(r.met) })
}

// grab is one grabber: once start is closed, it tries to move 60 out of
// grabSource into account to.
func grab(b *Bank, to int, start <-chan struct{}, ok *atomic.Int64, other chan<- error) {
	<-start
	switch err := b.Transfer(grabSource, to, 60); {
	case err == nil:
		ok.Add(1)
	case !errors.Is(err, ErrInsufficientFunds):
		other <- fmt.Errorf("Transfer(%d, %d, 60) returned %w", grabSource, to, err)
	}
}

// hammer makes the transfers of moves, 1 at a time, in a loop until stop
// is closed, or rounds times round the loop if rounds is positive; then it
// sends nil on done, or the first error that is not ErrInsufficientFunds
// (a bank that let the grabbers overdraw grabSource refuses to move the 1
// back out).
func hammer(b *Bank, moves [][2]int, rounds int, stop <-chan struct{}, done chan<- error) {
	for n := 0; rounds <= 0 || n < rounds; n++ {
		select {
		case <-stop:
			done <- nil
			return
		default:
		}
		for _, m := range moves {
			if err := b.Transfer(m[0], m[1], 1); err != nil && !errors.Is(err, ErrInsufficientFunds) {
				done <- fmt.Errorf("Transfer(%d, %d, 1) returned %w", m[0], m[1], err)
				return
			}
		}
	}
	done <- nil
}

// The names of grab and validate as a goroutine dump shows them.
var (
	grabFunc     = funcName(grab)
	validateFunc = funcName(validate)
)

func funcName(f any) string { return runtime.FuncForPC(reflect.ValueOf(f).Pointer()).Name() }

// goroutinesIn returns the states ("sync.Mutex.Lock", "select",
// "running"...) of the goroutines other than the caller whose stack runs
// the function named fn.
func goroutinesIn(fn string) []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var states []string
	for _, g := range strings.Split(string(buf), "\n\n")[1:] { // [0] is the caller
		header, body, _ := strings.Cut(g, "\n")
		open, end := strings.Index(header, "["), strings.LastIndex(header, "]")
		if open < 0 || end < open || !strings.Contains(body, fn+"(") {
			continue
		}
		state, _, _ := strings.Cut(header[open+1:end], ",")
		states = append(states, state)
	}
	return states
}

// allParked reports whether every state is a wait (for a lock, a channel,
// a select, or a sleep, as in a loop that retries TryLock): none of those
// goroutines is on its way anywhere right now. No states at all (every
// goroutine done) counts as parked.
func allParked(states []string) bool {
	for _, s := range states {
		switch {
		case s == "running", s == "runnable", s == "syscall", s == "preempted",
			s == "copystack", strings.HasPrefix(s, "GC "):
			return false
		}
	}
	return true
}

func TestConcurrentOverdraftsRefused(t *testing.T) {
	// One P: a goroutine woken by an Unlock runs only when the one that
	// woke it blocks (see the comment at the top of this file).
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const rounds = 10
	for n := range rounds {
		r := newRound(grabFunc)
		b := NewBank(slices.Clone(roundBalances), r.approve)
		stop := make(chan struct{})
		hammerDone := make(chan error, 1)
		// Two round trips are enough: the lock hands itself over in turn
		// from the hammer's second transfer on (see the top of this file).
		// The hammer then stops, so that it never keeps the grabbers from
		// the lock for long.
		go hammer(b, [][2]int{{pingAcct, grabSource}, {grabSource, pingAcct}}, 2, stop, hammerDone)
		select {
		case <-r.hammerIn:
		case err := <-hammerDone:
			t.Fatalf("round %d: %v", n, err)
		case <-time.After(patience):
			close(stop)
			katatest.Hung(t, fmt.Sprintf("Transfer(%d, %d, 1), with 1 in account %d,", pingAcct, grabSource, pingAcct),
				patience, "It never got as far as asking the fraud check: is it waiting for a lock? "+
					"Transfer must ask approve about every transfer the account can pay for.")
		}

		var (
			wg        sync.WaitGroup
			succeeded atomic.Int64
		)
		other := make(chan error, grabbers)
		start := make(chan struct{})
		for g := range grabbers {
			wg.Go(func() { grab(b, 1+g, start, &succeeded, other) })
		}
		close(start)
		wg.Wait()
		close(stop)
		close(other)
		for err := range other {
			t.Errorf("round %d: %v, want nil or ErrInsufficientFunds", n, err)
		}
		require.NotZerof(t, succeeded.Load(), "round %d: %d goroutines each tried to take 60 out of an "+
			"account holding 100 (101 at times), and none of them succeeded (balance now %d): one of them "+
			"should have", n, grabbers, b.Balance(grabSource))
		require.Equalf(t, 1, int(succeeded.Load()),
			"round %d: %d goroutines each tried to take 60 out of an account holding 100 (101 at times), "+
				"and %d of them succeeded (balance now %d). Checking the balance and taking the money is "+
				"check-then-act: other transfers got in between the check and the debit. The check, the "+
				"fraud check and the debit must sit inside one critical section, without letting go of "+
				"the lock in between: a helper that locks to check and another that locks to move the "+
				"money leaves a gap, and the test makes other transfers run in it every time. Two atomic "+
				"operations are still two steps, too: the race detector cannot see this race condition, "+
				"because no memory access is unsynchronised.",
			n, grabbers, succeeded.Load(), b.Balance(grabSource))
		require.NoErrorf(t, <-hammerDone, "round %d: want nil or ErrInsufficientFunds", n)
		require.Equalf(t, 40, b.Balance(grabSource), "round %d: 100 - 60, once the hammer has moved its 1 back out", n)
	}
}

// validate calls Total checks times and returns the totals it saw that
// were not want, and how many.
func validate(b *Bank, want, checks int) (bad []int) {
	for range checks {
		if got := b.Total(); got != want {
			bad = append(bad, got)
		}
	}
	return bad
}

// TestValidatorNeverSeesHalfATransfer calls Total 20 times while two
// hammers keep moving 1 from accounts 7 and 8 into account 0 (see the top
// of this file for how the test makes Total run in any gap between the
// lock sections of a transfer, and a transfer in any gap between those of
// Total): Total must see 20,000 every time.
func TestValidatorNeverSeesHalfATransfer(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const checks = 20
	start := []int{0, 0, 0, 0, 0, 0, 0, 10_000, 10_000}
	want := sum(start)
	r := newRound(validateFunc)
	b := NewBank(start, func(from, to, amount int) error {
		r.holdHammer()
		return nil
	})
	stop := make(chan struct{})
	hammersDone := make(chan error, 2)
	go hammer(b, [][2]int{{7, 0}}, 0, stop, hammersDone)
	select {
	case <-r.hammerIn:
	case err := <-hammersDone:
		t.Fatal(err)
	case <-time.After(patience):
		close(stop)
		katatest.Hung(t, "Transfer(7, 0, 1), with 10000 in account 7,", patience,
			"It never got as far as asking the fraud check: is it waiting for a lock? "+
				"Transfer must ask approve about every transfer the account can pay for.")
	}
	go hammer(b, [][2]int{{8, 0}}, 0, stop, hammersDone)
	bad := make(chan []int, 1)
	go func() { bad <- validate(b, want, checks) }()
	seen := <-bad
	close(stop)
	require.NoError(t, errors.Join(<-hammersDone, <-hammersDone))
	shown := seen[:min(len(seen), 5)]
	require.Emptyf(t, seen,
		"Total returned %v in %d of %d calls made while other goroutines moved money into account 0, "+
			"want %d every time. Total saw the bank half way through a transfer: between the debit and "+
			"the credit, or between reading one account and the next. The debit and the credit must "+
			"happen in one critical section, and Total must hold the same lock for the whole sum, so it "+
			"only ever sees the bank between transfers. A Transfer that lets go of the lock between "+
			"the two, even for an instant, leaves a gap, and so does a Total that locks once per "+
			"account (by calling Balance, say): the test makes the other side run in that gap.",
		shown, len(seen), checks, want)
	require.Equal(t, want, b.Total())
}

// TestFraudCheckAskedOncePerTransfer runs two transfers of 60 at the same
// moment out of an account holding 200, enough for both, in each of 3
// rounds. The fraud check holds the first transfer it is asked about until
// the second one is asked too, or until the second is blocked or done.
// Each transfer must be asked about once and succeed: a Transfer that asks,
// finds the balance changed meanwhile and starts over (a compare-and-swap
// loop, say) asks the fraud check twice about one transfer.
func TestFraudCheckAskedOncePerTransfer(t *testing.T) {
	const rounds = 3
	for n := range rounds {
		r := newRound(grabFunc)
		var (
			mu    sync.Mutex
			asked = map[int]int{} // destination account: times asked
		)
		b := NewBank([]int{200, 0, 0}, func(from, to, amount int) error {
			mu.Lock()
			asked[to]++
			mu.Unlock()
			r.meet()
			return nil
		})
		var (
			wg        sync.WaitGroup
			succeeded atomic.Int64
		)
		other := make(chan error, 2)
		start := make(chan struct{})
		for to := 1; to <= 2; to++ {
			wg.Go(func() { grab(b, to, start, &succeeded, other) })
		}
		close(start)
		wg.Wait()
		close(other)
		for err := range other {
			t.Errorf("round %d: %v, want nil", n, err)
		}
		mu.Lock()
		got := map[int]int{1: asked[1], 2: asked[2]}
		mu.Unlock()
		require.Equalf(t, map[int]int{1: 1, 2: 1}, got,
			"round %d: Transfer(0, 1, 60) and Transfer(0, 2, 60) at the same moment, out of an account "+
				"holding 200: the map says how many times the fraud check was asked about each (by "+
				"destination account); want once each. A Transfer that asks the fraud check, then finds "+
				"the balance changed by the other transfer and starts over, asks twice about one transfer. "+
				"Check, ask and move the money while holding the lock, and no other transfer can change "+
				"the balance in between.", n, got)
		require.Equalf(t, 2, int(succeeded.Load()), "round %d: 200 is enough for both transfers of 60", n)
		require.Equalf(t, 80, b.Balance(0), "round %d: 200 - 60 - 60", n)
	}
}
