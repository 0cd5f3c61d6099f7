// Package deadlockbank is the course's fine-grained bank: every account has
// its own lock, so transfers between different accounts do not wait for
// each other.
//
// A deadlock needs a goroutine that holds one lock while it waits for
// another. Transfer never does: it holds one account's lock at a time.
package deadlockbank

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

// Transfer moves amount from account from to account to. When account from
// holds less than amount, Transfer changes nothing and returns
// ErrInsufficientFunds.
//
// A goroutine that never holds two locks at once cannot be part of a
// cycle, so Transfer takes one account's lock at a time: it takes the
// money out of account from under that account's lock, lets go, and then
// pays it into account to under that one's.
func (b *Bank) Transfer(from, to, amount int) error {
	src, dst := b.accounts[from], b.accounts[to]

	src.mu.Lock()
	if src.balance < amount {
		src.mu.Unlock()
		return ErrInsufficientFunds
	}
	src.balance -= amount
	src.mu.Unlock()

	dst.mu.Lock()
	dst.balance += amount
	dst.mu.Unlock()
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
