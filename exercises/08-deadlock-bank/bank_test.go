package deadlockbank

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func balances(b *Bank, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = b.Balance(i)
	}
	return out
}

// requireOwnLocks fails when NewBank did not make one lock per account
// with newLock.
func requireOwnLocks(t *testing.T, created, accounts int) {
	t.Helper()
	require.GreaterOrEqualf(t, created, accounts,
		"account locks must come from newLock: NewBank called newLock %d times for %d accounts. "+
			"Call newLock once per account and keep that lock in the account; the tests watch "+
			"those locks to see what your transfers do.",
		created, accounts)
}

// runPair runs two calls at the same moment, each in a goroutine of its
// own, and returns their errors.
func runPair(first, second func() error) [2]error {
	var (
		wg   sync.WaitGroup
		errs [2]error
	)
	start := make(chan struct{})
	for i, f := range [2]func() error{first, second} {
		wg.Go(func() { errs[i] = pairCall(f, start) })
	}
	close(start)
	wg.Wait() // a deadlocked bank never gets past this line
	return errs
}

// pairCall is one goroutine of runPair (the probe finds it by this name
// in a goroutine dump).
func pairCall(f func() error, start <-chan struct{}) error {
	<-start
	return f()
}

// transfer returns a call of b.Transfer for runPair.
func transfer(b *Bank, from, to, amount int) func() error {
	return func() error { return b.Transfer(from, to, amount) }
}

func TestTransferMovesMoney(t *testing.T) {
	b := NewBank([]int{100, 50, 0}, NewMutex)
	require.NoError(t, b.Transfer(0, 1, 30))
	require.NoError(t, b.Transfer(1, 2, 80))
	require.NoError(t, b.Transfer(2, 0, 5))
	assert.Equal(t, []int{75, 0, 75}, balances(b, 3))
	assert.Equal(t, 150, b.Total(), "transfers only move money: the total stays 150")
}

func TestTransferRefusesOverdraft(t *testing.T) {
	b := NewBank([]int{0, 100}, NewMutex)
	for _, tr := range [][3]int{{1, 0, 101}, {0, 1, 1}} {
		err := b.Transfer(tr[0], tr[1], tr[2])
		require.ErrorIsf(t, err, ErrInsufficientFunds,
			"Transfer(%d, %d, %d) with balances [0 100] must fail with ErrInsufficientFunds",
			tr[0], tr[1], tr[2])
	}
	assert.Equal(t, []int{0, 100}, balances(b, 2), "a refused transfer must not change the balances")
	require.NoError(t, b.Transfer(1, 0, 100), "moving the whole balance is allowed")
	assert.Equal(t, []int{100, 0}, balances(b, 2))
}

// TestOppositeTransfersDoNotDeadlock runs 0→1 and 1→0 at the same moment.
// The test's locks make the unlucky schedule happen every time: they keep
// the two transfers in step, so after each lock it gets, a transfer waits
// until the other one has got one too (or is blocked). With locks taken in
// from/to order, transfer 0→1 then holds account 0 and needs account 1,
// while 1→0 holds account 1 and needs account 0: neither can ever go on,
// and this test hangs until the test binary's timeout kills it. Transfers
// that let go and retry with TryLock collide again on every retry.
func TestOppositeTransfersDoNotDeadlock(t *testing.T) {
	p := newProbe()
	b := NewBank([]int{100, 100}, p.newLock)
	created, _, _, _ := p.stats()
	requireOwnLocks(t, created, 2)

	t.Log("transferring 0→1 and 1→0 at the same moment; if the test stops here, " +
		"each transfer holds one account's lock and waits forever for the other's: a deadlock. " +
		"Make every transfer take its two locks in the same global order.")
	p.arm(lockstep, 0, 0)
	errs := runPair(transfer(b, 0, 1, 10), transfer(b, 1, 0, 30))
	p.disarm()

	tries, failed, livelock := p.tryStats()
	if livelock {
		require.Failf(t, "livelock",
			"transfers 0→1 and 1→0 each took their first lock, found the second one taken (TryLock "+
				"failed %d times of %d), let go and tried again, in step, without either getting through: "+
				"a livelock. The test's locks kept the two transfers in step; in a real program the "+
				"scheduler does that now and then, and meanwhile the retries burn CPU. Retrying cannot "+
				"rule the collision out, it only hopes it ends. Take the two locks in one global order "+
				"(lower account number first) with Lock: then no transfer ever holds a lock the other "+
				"needs while it waits, and there is nothing to retry.",
			failed, tries)
	}
	require.NoError(t, errs[0], "Transfer(0, 1, 10)")
	require.NoError(t, errs[1], "Transfer(1, 0, 30)")
	_, acquired, _, _ := p.stats()
	require.Positivef(t, acquired,
		"account locks must come from newLock: the transfers never locked one of them. "+
			"Keep the lock newLock made in each account and have Transfer lock the two "+
			"accounts it touches; a bank-wide mutex instead is what this exercise rules out.")
	assert.Equal(t, []int{120, 80}, balances(b, 2), "100 - 10 + 30 and 100 + 10 - 30")
}

// TestTransferToSameAccount moves money from an account to itself: the
// balance does not change, and Transfer returns. Locking "both" accounts
// would lock one mutex twice, and sync.Mutex is not reentrant.
func TestTransferToSameAccount(t *testing.T) {
	b := NewBank([]int{100, 50}, NewMutex)
	done := make(chan [3]error, 1)
	go func() {
		done <- [3]error{b.Transfer(1, 1, 30), b.Transfer(1, 1, 50), b.Transfer(1, 1, 80)}
	}()
	select {
	case errs := <-done:
		require.NoError(t, errs[0], "Transfer(1, 1, 30) with 50 in account 1: nothing moves, and nothing is wrong")
		require.NoError(t, errs[1], "Transfer(1, 1, 50) with 50 in account 1: the whole balance may be moved, "+
			"also to the same account")
		require.ErrorIsf(t, errs[2], ErrInsufficientFunds,
			"Transfer(1, 1, 80) with 50 in account 1 must still be refused like any transfer of more than the balance")
	case <-time.After(2 * time.Second):
		katatest.Hung(t, "Transfer(1, 1, 30)", 2*time.Second,
			"A transfer from an account to itself locks the same account twice: sync.Mutex is not "+
				"reentrant, so the second Lock waits forever for the first. When from == to, lock that "+
				"account once (nothing moves; only the balance check applies).")
	}
	assert.Equal(t, []int{100, 50}, balances(b, 2), "a transfer from an account to itself changes no balance")
	assert.Equal(t, 150, b.Total())
}

// TestDisjointTransfersRunAtOnce runs 0→1 and 2→3 at the same moment. They
// share no account, so with one lock per account neither waits for the
// other. The test's locks check it: a transfer about to release a lock
// first waits (up to 1 s) until both transfers hold a lock at the same
// time, which happens only when both are in progress together.
func TestDisjointTransfersRunAtOnce(t *testing.T) {
	p := newProbe()
	b := NewBank([]int{100, 100, 100, 100}, p.newLock)
	created, _, _, _ := p.stats()
	requireOwnLocks(t, created, 4)

	p.arm(beforeUnlock, 2, time.Second)
	errs := runPair(transfer(b, 0, 1, 10), transfer(b, 2, 3, 20))
	p.disarm()

	require.NoError(t, errs[0], "Transfer(0, 1, 10)")
	require.NoError(t, errs[1], "Transfer(2, 3, 20)")
	_, acquired, maxHeld, holders := p.stats()
	require.Positivef(t, acquired,
		"account locks must come from newLock: the transfers never locked one of them. "+
			"Keep the lock newLock made in each account and have Transfer lock the two "+
			"accounts it touches.")
	note := ""
	if holders < 2 {
		note = fmt.Sprintf("transfers 0→1 and 2→3 share no account, yet one waited for the other "+
			"to finish: they never held account locks at the same time (at most %d locks were "+
			"held at once, all by one transfer). A bank-wide lock around Transfer does that, and "+
			"so does a Transfer that locks every account. Lock only the two accounts a transfer "+
			"touches.", maxHeld)
	}
	katatest.AtLeast(t, "transfers in progress at once", holders, 2, note)
	assert.Equal(t, []int{90, 110, 80, 120}, balances(b, 4))
}

// TestConcurrentOverdraftsRefused runs two transfers of 60 each at the
// same moment, out of an account holding 100: one of them must be refused.
// It does so twice, once out of account 0 (0→1 and 0→2: the account paying
// is the first one each transfer locks) and once out of account 2 (2→0 and
// 2→1: the account paying is the second one each locks). The test's locks
// give each transfer every chance to get in the other's way: whenever one
// of them lets go of a lock, it waits there until the other one is blocked
// or done. A Transfer that checks the balance in one lock section and
// takes the money in another lets the other transfer check the same 100 in
// between.
func TestConcurrentOverdraftsRefused(t *testing.T) {
	for _, from := range []int{0, 2} {
		to := [2]int{(from + 1) % 3, (from + 2) % 3}
		start := []int{0, 0, 0}
		start[from] = 100
		p := newProbe()
		b := NewBank(start, p.newLock)
		created, _, _, _ := p.stats()
		requireOwnLocks(t, created, 3)

		p.arm(yieldOnUnlock, 0, 0)
		errs := runPair(transfer(b, from, to[0], 60), transfer(b, from, to[1], 60))
		p.disarm()

		ok := 0
		for i, err := range errs {
			if err == nil {
				ok++
				continue
			}
			require.ErrorIsf(t, err, ErrInsufficientFunds, "Transfer(%d, %d, 60) returned an error that is not "+
				"ErrInsufficientFunds", from, to[i])
		}
		require.Equalf(t, 1, ok,
			"Transfer(%d, %d, 60) and Transfer(%d, %d, 60) at the same moment, out of account %d holding 100: "+
				"%d of them succeeded (balances now %v). Checking the balance and taking the money is "+
				"check-then-act: both steps must happen while Transfer holds the locks, without letting go "+
				"in between. A Transfer that checks under a lock, unlocks, and locks again to move the money "+
				"lets another transfer check the same balance in between; the test's locks make that happen "+
				"every time.", from, to[0], from, to[1], from, ok, balances(b, 3))
		assert.Equalf(t, 40, b.Balance(from), "account %d: 100 - 60", from)
	}
}

// TestTotalTakesLocksInTransfersOrder runs Total and one transfer at the
// same moment, for every pair of accounts of a bank of three, in both
// directions. The test's locks keep the two in step (as in
// TestOppositeTransfersDoNotDeadlock): when Total takes two accounts' locks
// in the opposite order from Transfer, each ends up holding one lock and
// waiting forever for the other's.
func TestTotalTakesLocksInTransfersOrder(t *testing.T) {
	for from := range 3 {
		for to := range 3 {
			if from == to {
				continue
			}
			p := newProbe()
			b := NewBank([]int{100, 100, 100}, p.newLock)
			var total int
			t.Logf("Total and Transfer(%d, %d, 10) at the same moment; if the test stops here, each holds "+
				"one account's lock and waits forever for the other's: take the locks in Total in the "+
				"same order as in Transfer", from, to)
			p.arm(lockstep, 0, 0)
			errs := runPair(
				func() error { total = b.Total(); return nil },
				transfer(b, from, to, 10))
			p.disarm()
			require.NoError(t, errs[1], "Transfer(%d, %d, 10)", from, to)
			require.Equalf(t, 300, total, "Total() while Transfer(%d, %d, 10) ran", from, to)
		}
	}
}

// TestTotalNeverSeesHalfATransfer runs Total and a transfer between the
// bank's two accounts at the same moment, in both directions. The test's
// locks let the transfer run to the end whenever Total lets go of a lock:
// a Total that adds up the accounts one lock at a time (Balance after
// Balance) reads one account before the transfer and the other after it.
func TestTotalNeverSeesHalfATransfer(t *testing.T) {
	for _, dir := range [][2]int{{0, 1}, {1, 0}} {
		p := newProbe()
		b := NewBank([]int{100, 100}, p.newLock)
		var total int
		p.arm(yieldOnUnlock, 0, 0)
		errs := runPair(
			func() error { total = b.Total(); return nil },
			transfer(b, dir[0], dir[1], 10))
		p.disarm()
		require.NoError(t, errs[1], "Transfer(%d, %d, 10)", dir[0], dir[1])
		require.Equalf(t, 200, total,
			"Total() returned %d while Transfer(%d, %d, 10) ran between accounts holding 100 each, want "+
				"200. Total let go of an account's lock before it had read them all, and the transfer "+
				"moved money between one account it had read and one it had not. Total must hold the "+
				"locks of all accounts at once (taken in the same order as Transfer takes its two) "+
				"while it adds up.", total, dir[0], dir[1])
	}
}

// TestBalanceWhileTransfers reads account 0's balance while transfers move
// money out of it and back, and others move money from account 0 to
// itself. Balance, and a transfer to the same account, take the account's
// lock like any transfer does: a read without it is a data race, which the
// race detector reports even when the number read looks right.
func TestBalanceWhileTransfers(t *testing.T) {
	b := NewBank([]int{1000, 1000}, NewMutex)
	var wg sync.WaitGroup
	wg.Go(func() {
		for range 500 {
			_ = b.Transfer(0, 1, 1)
			_ = b.Transfer(1, 0, 1)
		}
	})
	// A transfer from account 0 to itself reads account 0's balance too:
	// under that account's lock, like any transfer.
	wg.Go(func() {
		for range 500 {
			_ = b.Transfer(0, 0, 1)
		}
	})
	seen := make([]int, 0, 500)
	wg.Go(func() {
		for range 500 {
			seen = append(seen, b.Balance(0))
		}
	})
	wg.Wait()
	for _, v := range seen {
		require.Truef(t, v == 999 || v == 1000, "Balance(0) = %d while transfers moved 1 out of account 0 "+
			"(1000) and back: lock the account in Balance as Transfer does", v)
	}
	assert.Equal(t, []int{1000, 1000}, balances(b, 2), "every transfer was undone by the next one")
}

// TestManyTransfersBothWays is the course's bank at work: five workers do
// random transfers in both directions while a validator keeps calling
// Total. Nothing may deadlock, and no money may appear or vanish.
func TestManyTransfersBothWays(t *testing.T) {
	const (
		workers            = 5
		transfersPerWorker = 2000
		maxAmount          = 1000
	)
	start := []int{5000, 10000, 7500, 7000, 6000, 9000}
	want := 0
	for _, v := range start {
		want += v
	}
	newLock, created := countingFactory()
	b := NewBank(start, newLock)
	requireOwnLocks(t, created(), len(start))

	done := make(chan struct{})
	type report struct{ checks, bad, first int }
	validated := make(chan report)
	go func() {
		var r report
		for {
			r.checks++
			if got := b.Total(); got != want {
				if r.bad == 0 {
					r.first = got
				}
				r.bad++
			}
			select {
			case <-done:
				validated <- r
				return
			default:
			}
		}
	}()

	var (
		wg            sync.WaitGroup
		mu            sync.Mutex
		moved, failed int
		other         error
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(8, uint64(w)))
			ok, no := 0, 0
			for range transfersPerWorker {
				from := r.IntN(len(start))
				to := (from + 1 + r.IntN(len(start)-1)) % len(start)
				switch err := b.Transfer(from, to, 1+r.IntN(maxAmount)); {
				case err == nil:
					ok++
				case errors.Is(err, ErrInsufficientFunds):
					no++
				default:
					mu.Lock()
					other = err
					mu.Unlock()
				}
			}
			mu.Lock()
			moved += ok
			failed += no
			mu.Unlock()
		}()
	}
	wg.Wait() // a bank that can deadlock may hang here
	close(done)
	r := <-validated
	t.Logf("%d transfers done, %d refused for insufficient funds, %d checks of Total meanwhile",
		moved, failed, r.checks)

	require.NoError(t, other, "Transfer returned an error other than ErrInsufficientFunds")
	require.Positive(t, moved, "no transfer succeeded: Transfer refuses everything?")
	assert.Zerof(t, r.bad,
		"Total returned %d (want %d) in %d of %d checks made during the transfers. Total must "+
			"hold the locks of all accounts at once, taken in the same order as Transfer takes "+
			"its two, so it never sees a transfer half done.",
		r.first, want, r.bad, r.checks)
	final := balances(b, len(start))
	sum := 0
	for i, v := range final {
		assert.GreaterOrEqualf(t, v, 0, "account %d ended below zero", i)
		sum += v
	}
	assert.Equalf(t, want, sum, "the balances %v add up to %d, want %d: money appeared or vanished",
		final, sum, want)
	assert.Equal(t, want, b.Total())
}
