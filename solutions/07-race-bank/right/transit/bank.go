package racebank

import (
	"slices"
	"sync"
)

// Take the money out under the lock, ask the fraud check without it, then pay
// it in or put it back. Total counts the money in transit.
type Bank struct {
	mu        sync.Mutex
	balances  []int
	inTransit int
	approve   Approver
}

func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{balances: slices.Clone(balances), approve: approve}
}

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

	b.mu.Lock()
	defer b.mu.Unlock()
	b.inTransit -= amount
	if err != nil {
		b.balances[from] += amount
		return err
	}
	b.balances[to] += amount
	return nil
}

func (b *Bank) Balance(i int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[i]
}

func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.inTransit
	for _, v := range b.balances {
		t += v
	}
	return t
}
