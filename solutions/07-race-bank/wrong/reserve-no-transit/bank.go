// Package racebank, wrong: Transfer reserves the money (takes it out under
// the lock), asks the fraud check without holding the lock, then pays it in
// or back. That is a sound design, and no balance can go negative, but
// Total forgets the money in transit: while a fraud check runs, the amount
// is in no account, and Total comes up short. Rejected by: tests
// (TestValidatorNeverSeesHalfATransfer).
package racebank

import (
	"slices"
	"sync"
)

// Bank holds the balances of a fixed number of accounts, numbered from 0.
// Every method may be called from many goroutines at once.
type Bank struct {
	mu       sync.Mutex // guards balances
	balances []int
	approve  Approver
}

// NewBank returns a bank whose accounts start with the given balances and
// whose transfers are approved by approve (ApproveAll approves them all).
// The bank keeps its own copy of the slice.
func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{balances: slices.Clone(balances), approve: approve}
}

// Transfer takes the money out under the lock, asks the fraud check
// without holding it (so a slow check holds up no other transfer), then
// pays the money in, or back, under the lock.
func (b *Bank) Transfer(from, to, amount int) error {
	b.mu.Lock()
	if b.balances[from] < amount {
		b.mu.Unlock()
		return ErrInsufficientFunds
	}
	b.balances[from] -= amount
	b.mu.Unlock()

	err := b.approve(from, to, amount)

	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		b.balances[from] += amount
		return err
	}
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
	total := 0
	for _, balance := range b.balances {
		total += balance
	}
	return total
}
