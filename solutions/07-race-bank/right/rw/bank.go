package racebank

import (
	"slices"
	"sync"
)

type Bank struct {
	mu       sync.RWMutex
	balances []int
	approve  Approver
}

func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{balances: slices.Clone(balances), approve: approve}
}

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

func (b *Bank) Balance(i int) int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return b.balances[i]
}

func (b *Bank) Total() int {
	b.mu.RLock()
	snapshot := slices.Clone(b.balances)
	b.mu.RUnlock()
	total := 0
	for _, v := range snapshot {
		total += v
	}
	return total
}
