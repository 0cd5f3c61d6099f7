package racebank

import "sync"

// One mutex per account, always locked in account order.
type Bank struct {
	mus      []sync.Mutex
	balances []int
	approve  Approver
}

func NewBank(balances []int, approve Approver) *Bank {
	b := &Bank{mus: make([]sync.Mutex, len(balances)), balances: make([]int, len(balances)), approve: approve}
	copy(b.balances, balances)
	return b
}

func (b *Bank) Transfer(from, to, amount int) error {
	lo, hi := min(from, to), max(from, to)
	b.mus[lo].Lock()
	defer b.mus[lo].Unlock()
	if hi != lo {
		b.mus[hi].Lock()
		defer b.mus[hi].Unlock()
	}
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
	b.mus[i].Lock()
	defer b.mus[i].Unlock()
	return b.balances[i]
}

func (b *Bank) Total() int {
	for i := range b.mus {
		b.mus[i].Lock()
	}
	t := 0
	for _, v := range b.balances {
		t += v
	}
	for i := range b.mus {
		b.mus[i].Unlock()
	}
	return t
}
