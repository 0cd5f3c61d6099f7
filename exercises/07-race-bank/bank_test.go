package racebank

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The course's bank: six accounts and five workers doing random transfers.
var startBalances = []int{5000, 10000, 7500, 7000, 6000, 9000}

const (
	workers            = 5
	transfersPerWorker = 5000
	maxAmount          = 1000
)

func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

// runWorkers starts the workers, waits for them and returns how many
// transfers succeeded and how many were refused.
func runWorkers(t *testing.T, b *Bank) (moved, refused int) {
	t.Helper()
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		other []error
	)
	start := make(chan struct{})
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(7, uint64(w)))
			ok, no := 0, 0
			<-start
			for range transfersPerWorker {
				from := r.IntN(len(startBalances))
				to := (from + 1 + r.IntN(len(startBalances)-1)) % len(startBalances)
				switch err := b.Transfer(from, to, 1+r.IntN(maxAmount)); {
				case err == nil:
					ok++
				case errors.Is(err, ErrInsufficientFunds):
					no++
				default:
					mu.Lock()
					other = append(other, err)
					mu.Unlock()
				}
			}
			mu.Lock()
			moved += ok
			refused += no
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	require.Empty(t, other, "Transfer returned an error other than ErrInsufficientFunds")
	return moved, refused
}

// requireSane checks the bank once every worker has stopped.
func requireSane(t *testing.T, b *Bank) {
	t.Helper()
	want := sum(startBalances)
	final := make([]int, len(startBalances))
	for i := range final {
		final[i] = b.Balance(i)
	}
	for i, bal := range final {
		assert.GreaterOrEqualf(t, bal, 0,
			"account %d ended at %d: a balance went below zero. Two goroutines both "+
				"checked the balance, both saw enough money, and both took it. The check "+
				"and the update must happen under the same lock, without letting go in between.",
			i, bal)
	}
	require.Equalf(t, want, sum(final),
		"money was created or lost: the balances add up to %d (final balances %v), want %d. "+
			"`balance -= amount` is a read, a subtraction and a write: two goroutines that "+
			"do it at once can both read the old value, and one update is lost. "+
			"Guard every access to the balances with a sync.Mutex.",
		sum(final), final, want)
	require.Equalf(t, want, b.Total(),
		"Total() returned %d after all transfers ended, but the balances add up to %d",
		b.Total(), sum(final))
}

func TestTransferMovesMoney(t *testing.T) {
	b := NewBank([]int{100, 50, 0}, ApproveAll)
	require.NoError(t, b.Transfer(0, 1, 30))
	require.NoError(t, b.Transfer(1, 2, 80))
	assert.Equal(t, 70, b.Balance(0), "account 0: 100 - 30")
	assert.Equal(t, 0, b.Balance(1), "account 1: 50 + 30 - 80")
	assert.Equal(t, 80, b.Balance(2), "account 2: 0 + 80")
	assert.Equal(t, 150, b.Total(), "transfers only move money: the total stays 150")
}

func TestTransferRefusesOverdraft(t *testing.T) {
	b := NewBank([]int{100, 0}, ApproveAll)
	err := b.Transfer(0, 1, 101)
	require.ErrorIsf(t, err, ErrInsufficientFunds,
		"moving 101 out of an account holding 100 must fail with ErrInsufficientFunds")
	assert.Equal(t, 100, b.Balance(0), "a refused transfer must not change the balances")
	assert.Equal(t, 0, b.Balance(1), "a refused transfer must not change the balances")
	require.NoError(t, b.Transfer(0, 1, 100), "moving the whole balance is allowed")
	assert.Equal(t, 0, b.Balance(0))
	assert.Equal(t, 100, b.Balance(1))
}

func TestNewBankKeepsItsOwnCopy(t *testing.T) {
	balances := []int{10, 20}
	b := NewBank(balances, ApproveAll)
	balances[0] = 1000
	assert.Equal(t, 10, b.Balance(0),
		"NewBank must copy the slice: the caller changing its slice afterwards must not change the bank")
}

func TestConcurrentTransfersConserveTotal(t *testing.T) {
	b := NewBank(slices.Clone(startBalances), ApproveAll)
	moved, refused := runWorkers(t, b)
	t.Logf("%d workers: %d transfers done, %d refused for insufficient funds", workers, moved, refused)
	require.Positive(t, moved, "no transfer succeeded: Transfer refuses everything?")
	requireSane(t, b)
}

// TestValidatorSeesConservedTotal is the course's validator: while the
// workers move money, another goroutine keeps calling Total, and a third
// keeps looking for a negative balance. A transfer takes money out of one
// account and puts it into another; a Total that runs between those two
// steps sees money missing.
func TestValidatorSeesConservedTotal(t *testing.T) {
	b := NewBank(slices.Clone(startBalances), ApproveAll)
	want := sum(startBalances)

	type report struct {
		checks, bad int
		first       string
	}
	done := make(chan struct{})
	running := make(chan struct{}, 2)
	watch := func(out chan<- report, check func() (ok bool, seen string)) {
		var r report
		running <- struct{}{}
		for {
			r.checks++
			if ok, seen := check(); !ok {
				r.bad++
				if r.first == "" {
					r.first = seen
				}
			}
			select {
			case <-done:
				out <- r
				return
			default:
			}
		}
	}
	totalsC, auditsC := make(chan report), make(chan report)
	// The validator: the total never changes.
	go watch(totalsC, func() (bool, string) {
		got := b.Total()
		return got == want, fmt.Sprintf("Total() = %d", got)
	})
	// The auditor: no balance is ever below zero.
	go watch(auditsC, func() (bool, string) {
		for i := range startBalances {
			if bal := b.Balance(i); bal < 0 {
				return false, fmt.Sprintf("Balance(%d) = %d", i, bal)
			}
		}
		return true, ""
	})
	<-running
	<-running
	moved, _ := runWorkers(t, b)
	close(done)
	totals, audits := <-totalsC, <-auditsC
	t.Logf("validator: %d checks of Total, auditor: %d checks of Balance, while %d transfers ran",
		totals.checks, audits.checks, moved)

	assert.Zerof(t, totals.bad,
		"the validator saw a wrong total %d times out of %d checks (first: %s, want %d). "+
			"Total read the balances while a transfer had taken the money out of one account "+
			"and not yet put it into the other (or an update was lost). Total must take the "+
			"same lock as Transfer, so it only ever sees the bank between transfers.",
		totals.bad, totals.checks, totals.first, want)
	assert.Zerof(t, audits.bad,
		"the auditor saw a negative balance %d times (first: %s). The balance check in "+
			"Transfer and the update that follows must happen under one lock.",
		audits.bad, audits.first)
	requireSane(t, b)
}

// errDeclined is what the tests' fraud check answers when it declines.
var errDeclined = errors.New("declined by the fraud check")

// TestFraudCheckPosition checks, one transfer at a time, where Transfer
// asks the fraud check: only about a transfer the account can pay for, and
// before any money moves, so that a declined transfer changes nothing.
func TestFraudCheckPosition(t *testing.T) {
	var asked [][3]int
	b := NewBank([]int{100, 0}, func(from, to, amount int) error {
		asked = append(asked, [3]int{from, to, amount})
		if amount == 13 {
			return errDeclined
		}
		return nil
	})

	err := b.Transfer(0, 1, 101)
	require.ErrorIs(t, err, ErrInsufficientFunds, "moving 101 out of an account holding 100")
	require.Emptyf(t, asked, "Transfer asked the fraud check about moving 101 out of an account holding 100 "+
		"(asked: %v): check the balance first, and ask only about transfers the account can pay for", asked)

	err = b.Transfer(0, 1, 13)
	require.ErrorIsf(t, err, errDeclined, "the fraud check declined Transfer(0, 1, 13): Transfer must return its error")
	require.Equal(t, [][3]int{{0, 1, 13}}, asked, "Transfer(0, 1, 13) must ask the fraud check once, about (0, 1, 13)")
	assert.Equal(t, []int{100, 0}, []int{b.Balance(0), b.Balance(1)},
		"a declined transfer must not move any money: ask the fraud check before changing the balances")

	require.NoError(t, b.Transfer(0, 1, 30))
	assert.Equal(t, []int{70, 30}, []int{b.Balance(0), b.Balance(1)})
}
