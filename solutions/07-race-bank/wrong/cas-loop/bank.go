// Package racebank, wrong: lock-free, one atomic.Int64 per account. Transfer
// checks the balance, asks the fraud check, then takes the money with a
// compare-and-swap, and starts over (fraud check included) when another
// transfer changed the balance meanwhile. No overdraft, but the fraud check
// is asked twice about one transfer, and Total can still add up six loads
// taken half way through a transfer. Rejected by: tests.
package racebank

import "sync/atomic"

// Lock-free: the debit is a compare-and-swap loop, so no two transfers can
// both take the same money.
type Bank struct {
	balances []atomic.Int64
	approve  Approver
}

func NewBank(balances []int, approve Approver) *Bank {
	b := &Bank{balances: make([]atomic.Int64, len(balances)), approve: approve}
	for i, v := range balances {
		b.balances[i].Store(int64(v))
	}
	return b
}

func (b *Bank) Transfer(from, to, amount int) error {
	a := int64(amount)
	for {
		cur := b.balances[from].Load()
		if cur < a {
			return ErrInsufficientFunds
		}
		if err := b.approve(from, to, amount); err != nil {
			return err
		}
		if b.balances[from].CompareAndSwap(cur, cur-a) {
			b.balances[to].Add(a)
			return nil
		}
	}
}

func (b *Bank) Balance(i int) int { return int(b.balances[i].Load()) }

func (b *Bank) Total() int {
	t := int64(0)
	for i := range b.balances {
		t += b.balances[i].Load()
	}
	return int(t)
}
