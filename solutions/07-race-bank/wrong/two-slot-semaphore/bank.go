// Package racebank, wrong: a channel of capacity 2 as the lock, to let
// two transfers run at once "for speed". Two goroutines inside at once is no
// lock at all: two grabbers both pass the balance check, and their updates
// race. Rejected by: tests (and race).
package racebank

import "slices"

// At most two transfers at once: a little parallelism, still "protected".
type Bank struct {
	sem      chan struct{}
	balances []int
	approve  Approver
}

func NewBank(balances []int, approve Approver) *Bank {
	return &Bank{sem: make(chan struct{}, 2), balances: slices.Clone(balances), approve: approve}
}

func (b *Bank) Transfer(from, to, amount int) error {
	b.sem <- struct{}{}
	defer func() { <-b.sem }()
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
	b.sem <- struct{}{}
	defer func() { <-b.sem }()
	return b.balances[i]
}

func (b *Bank) Total() int {
	b.sem <- struct{}{}
	defer func() { <-b.sem }()
	total := 0
	for _, v := range b.balances {
		total += v
	}
	return total
}
