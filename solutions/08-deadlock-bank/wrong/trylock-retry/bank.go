// Package deadlockbank, wrong: Transfer takes the source account's lock,
// then tries the destination's with TryLock; when it is taken, it lets go
// of the first lock, waits a moment and starts again. No transfer ever
// waits holding a lock, so there is no deadlock, but two opposite
// transfers can collide again on every retry (a livelock), burning CPU
// meanwhile. Rejected by: tests (the test's locks keep the two transfers
// in step, and the retries never end).
package deadlockbank

import "time"

// account is one balance and the lock that guards it.
type account struct {
	mu      Lock // guards balance
	balance int
}

// Bank holds a fixed number of accounts, numbered from 0. Every method may
// be called from many goroutines at once.
type Bank struct {
	accounts []*account
}

// NewBank returns a bank whose accounts start with the given balances.
// Every account gets its own lock, made by calling newLock once per
// account; pass NewMutex for ordinary sync.Mutex locks.
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
	src, dst := b.accounts[from], b.accounts[to]
	for {
		src.mu.Lock()
		if dst.mu.TryLock() {
			break
		}
		src.mu.Unlock()
		time.Sleep(10 * time.Microsecond) // back off, then retry
	}
	defer src.mu.Unlock()
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

// Total returns the sum of all balances. It holds every account's lock,
// taken in account order, so no transfer is half done while it adds up.
func (b *Bank) Total() int {
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
