// Package racebank, wrong: Transfer and Balance are locked, but Total
// "only reads" and skips the lock.
package racebank

import "sync"

// Bank holds the balances of a fixed number of accounts, numbered from 0.
type Bank struct {
	mu       sync.Mutex
	balances []int
	approve  Approver
}

// NewBank returns a bank whose accounts start with the given balances.
func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{balances: append([]int(nil), balances...), approve: approve}
}

// Transfer moves amount from account from to account to, or returns
// ErrInsufficientFunds.
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

// Total returns the sum of all balances, reading without the lock.
func (b *Bank) Total() int {
	total := 0
	for _, balance := range b.balances {
		total += balance
	}
	return total
}
