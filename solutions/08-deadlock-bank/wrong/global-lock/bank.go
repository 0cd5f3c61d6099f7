// Package deadlockbank, wrong: a bank-wide mutex around every transfer.
// No deadlock, and the account locks are still taken, but now only one
// transfer is ever in progress, even between accounts that have nothing in
// common: the fine-grained locks no longer buy anything.
package deadlockbank

import "sync"

// account is one balance and the lock that guards it.
type account struct {
	mu      Lock // guards balance
	balance int
}

// Bank holds a fixed number of accounts, numbered from 0.
type Bank struct {
	mu       sync.Mutex // one transfer (or Total) at a time
	accounts []*account
}

// NewBank returns a bank whose accounts start with the given balances.
func NewBank(balances []int, newLock func() Lock) *Bank {
	b := &Bank{accounts: make([]*account, len(balances))}
	for i, balance := range balances {
		b.accounts[i] = &account{mu: newLock(), balance: balance}
	}
	return b
}

// Transfer moves amount from account from to account to, or returns
// ErrInsufficientFunds.
func (b *Bank) Transfer(from, to, amount int) error {
	if from == to { // one account: lock it once
		a := b.accounts[from]
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.balance < amount {
			return ErrInsufficientFunds
		}
		return nil
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	src, dst := b.accounts[from], b.accounts[to]
	src.mu.Lock()
	defer src.mu.Unlock()
	dst.mu.Lock()
	defer dst.mu.Unlock()

	if src.balance < amount {
		return ErrInsufficientFunds
	}
	src.balance -= amount
	dst.balance += amount
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	a := b.accounts[i]
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Total returns the sum of all balances.
func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range b.accounts {
		a.mu.Lock()
	}
	total := 0
	for _, a := range b.accounts {
		total += a.balance
	}
	for _, a := range b.accounts {
		a.mu.Unlock()
	}
	return total
}
