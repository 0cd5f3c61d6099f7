// Package racebank, wrong: Transfer reserves the money under the lock,
// asks the fraud check without holding it, then pays it in, and Total
// counts the money in transit. But when the fraud check declines, Transfer
// returns its error and forgets to put the money back: a declined transfer
// loses it. Rejected by: tests (TestFraudCheckPosition).
package racebank

import (
	"slices"
	"sync"
)

// Bank holds the balances of a fixed number of accounts, numbered from 0.
// Every method may be called from many goroutines at once.
type Bank struct {
	mu       sync.Mutex // guards balances and inTransit
	balances []int
	// inTransit is the money taken out of an account whose fraud check
	// has not answered yet.
	inTransit int
	approve   Approver
}

// NewBank returns a bank whose accounts start with the given balances and
// whose transfers are approved by approve (ApproveAll approves them all).
// The bank keeps its own copy of the slice.
func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{balances: slices.Clone(balances), approve: approve}
}

// Transfer takes the money out under the lock, asks the fraud check
// without holding it (so a slow check holds up no other transfer), then
// pays the money in under the lock.
func (b *Bank) Transfer(from, to, amount int) error {
	b.mu.Lock()
	if b.balances[from] < amount {
		b.mu.Unlock()
		return ErrInsufficientFunds
	}
	b.balances[from] -= amount
	b.inTransit += amount
	b.mu.Unlock()

	err := b.approve(from, to, amount)

	if err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inTransit -= amount
	b.balances[to] += amount
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[i]
}

// Total returns the sum of all balances.
func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	total := b.inTransit
	for _, balance := range b.balances {
		total += balance
	}
	return total
}
