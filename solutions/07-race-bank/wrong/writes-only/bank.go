// Package racebank, wrong: the mutex guards the writes only. The balance
// check in Transfer, Balance and Total all read without it.
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
	if b.balances[from] < amount { // read outside the lock
		return ErrInsufficientFunds
	}
	if err := b.approve(from, to, amount); err != nil {
		return err
	}
	b.mu.Lock()
	b.balances[from] -= amount
	b.balances[to] += amount
	b.mu.Unlock()
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	return b.balances[i]
}

// Total returns the sum of all balances.
func (b *Bank) Total() int {
	total := 0
	for _, balance := range b.balances {
		total += balance
	}
	return total
}
