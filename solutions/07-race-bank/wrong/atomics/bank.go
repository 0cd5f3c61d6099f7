// Package racebank, wrong: one atomic.Int64 per account. Every access is
// atomic, so the race detector is silent, but "check the balance, then take
// the money" is two atomic operations, not one: two transfers can both see
// enough money and both take it (a race condition, not a data race). Total
// adds up six loads made at six different moments. Rejected by: tests.
package racebank

import "sync/atomic"

// Bank holds the balances of a fixed number of accounts, numbered from 0.
type Bank struct {
	balances []atomic.Int64
	approve  Approver
}

// NewBank returns a bank whose accounts start with the given balances.
func NewBank(balances []int, approve Approver) *Bank {
	b := &Bank{balances: make([]atomic.Int64, len(balances)), approve: approve}
	for i, v := range balances {
		b.balances[i].Store(int64(v))
	}
	return b
}

// Transfer moves amount from account from to account to.
func (b *Bank) Transfer(from, to, amount int) error {
	if b.balances[from].Load() < int64(amount) {
		return ErrInsufficientFunds
	}
	if err := b.approve(from, to, amount); err != nil {
		return err
	}
	b.balances[from].Add(-int64(amount))
	b.balances[to].Add(int64(amount))
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	return int(b.balances[i].Load())
}

// Total returns the sum of all balances.
func (b *Bank) Total() int {
	total := int64(0)
	for i := range b.balances {
		total += b.balances[i].Load()
	}
	return int(total)
}
