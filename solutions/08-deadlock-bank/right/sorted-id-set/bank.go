// Package deadlockbank is the course's fine-grained bank: every account has
// its own lock, so transfers between different accounts do not wait for
// each other.
//
// Every operation names the accounts it needs and withLocks takes their
// locks sorted by account number, each once. One global order for every
// caller means no two goroutines can wait for each other in a cycle.
package deadlockbank

import "slices"

// Bank holds a fixed number of accounts, numbered from 0. Every method may
// be called from many goroutines at once. locks[i] guards balances[i].
type Bank struct {
	locks    []Lock
	balances []int
}

// NewBank returns a bank whose accounts start with the given balances.
// Every account gets its own lock, made by calling newLock once per
// account; pass NewMutex for ordinary sync.Mutex locks.
func NewBank(balances []int, newLock func() Lock) *Bank {
	b := &Bank{
		locks:    make([]Lock, len(balances)),
		balances: slices.Clone(balances),
	}
	for i := range b.locks {
		b.locks[i] = newLock()
	}
	return b
}

// withLocks runs fn while holding the locks of the given accounts. It
// sorts the account numbers and drops duplicates first, so the locks are
// always taken in ascending order and none is taken twice.
func (b *Bank) withLocks(ids []int, fn func()) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	for _, id := range ids {
		b.locks[id].Lock()
	}
	defer func() {
		for _, id := range ids {
			b.locks[id].Unlock()
		}
	}()
	fn()
}

// Transfer moves amount from account from to account to. When account from
// holds less than amount, Transfer changes nothing and returns
// ErrInsufficientFunds. A transfer from an account to itself moves
// nothing, but the balance check still applies.
func (b *Bank) Transfer(from, to, amount int) error {
	var err error
	b.withLocks([]int{from, to}, func() {
		if b.balances[from] < amount {
			err = ErrInsufficientFunds
			return
		}
		b.balances[from] -= amount
		b.balances[to] += amount
	})
	return err
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	var v int
	b.withLocks([]int{i}, func() { v = b.balances[i] })
	return v
}

// Total returns the sum of all balances, computed while every account's
// lock is held so that no transfer is half done.
func (b *Bank) Total() int {
	all := make([]int, len(b.locks))
	for i := range all {
		all[i] = i
	}
	var total int
	b.withLocks(all, func() {
		for _, v := range b.balances {
			total += v
		}
	})
	return total
}
