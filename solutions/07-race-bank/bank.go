// Package racebank is the course's unsafe bank: a few accounts, several
// goroutines moving money between them at random, and a validator that
// keeps checking that no money was created or lost.
//
// This is the safe version: one mutex guards every balance, and every
// method that reads or writes a balance holds it.
package racebank

import (
	"slices"
	"sync"
)

// Bank holds the balances of a fixed number of accounts, numbered from 0.
// Every method may be called from many goroutines at once.
//
// Why one sync.Mutex: the bank's invariants span accounts (a transfer
// changes two balances; Total reads them all), so one lock over all of
// them is the simplest thing that is right. Per-account atomics cannot
// make "check the balance, then take the money" one step, nor let Total
// see all six balances at one moment.
//
// The everyday alternative is an owner goroutine: one goroutine holds the
// balances, and Transfer, Balance and Total send it a request on a channel
// and wait for the answer. Nothing is shared, so nothing needs a lock; it
// costs a goroutine to start and stop (a Close method) and two channel
// operations per call, where a mutex costs a few nanoseconds.
type Bank struct {
	mu       sync.Mutex // guards balances; never copy a Bank (go vet: copylocks)
	balances []int
	approve  Approver
}

// NewBank returns a bank whose accounts start with the given balances and
// whose transfers are approved by approve (ApproveAll approves them all).
// The bank keeps its own copy of the slice.
func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{balances: slices.Clone(balances), approve: approve}
}

// Transfer moves amount from account from to account to. When account from
// holds less than amount, Transfer changes nothing and returns
// ErrInsufficientFunds, so no balance ever goes below zero. Otherwise it
// asks the fraud check: when approve declines, Transfer changes nothing and
// returns approve's error.
//
// The check, the fraud check and the update happen under one lock: no
// other transfer can spend the money between "there is enough" and "take
// it". Holding a lock across a slow call makes every other transfer wait
// for it; exercise 08 splits the lock per account so that transfers
// between other accounts do not. (Another way: take the money out under
// the lock, approve without holding it, then pay it in or put it back
// under the lock; Total must then count the money in transit.)
func (b *Bank) Transfer(from, to, amount int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.balances[from] < amount {
		return ErrInsufficientFunds
	}
	if err := b.approve(from, to, amount); err != nil {
		return err
	}
	b.balances[from] -= amount
	b.balances[to] += amount
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[i]
}

// Total returns the sum of all balances. It holds the lock for the whole
// sum, so it never sees a transfer half done. It reads b.balances itself
// rather than calling Balance: sync.Mutex is not reentrant, and locking it
// again from the goroutine that holds it blocks forever.
func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return addUp(b.balances)
}

// addUp returns the sum of balances. It reads them: call it with the lock
// held.
func addUp(balances []int) int {
	total := 0
	for _, balance := range balances {
		total += balance
	}
	return total
}
