// Package deadlockbank is the course's fine-grained bank: every account has
// its own lock, so transfers between different accounts do not wait for
// each other.
//
// Every goroutine that needs several account locks takes them in one
// global order, lowest account number first. A goroutine holding account
// i only ever waits for an account above i, so no cycle of goroutines
// each waiting for the next can form: no deadlock.
//
// Per-account locks are not faster in general. When the critical section
// is a few additions, as here, one bank-wide sync.Mutex is simpler and
// faster (fewer lock operations, and Total takes one lock, not six). They
// pay off when a transfer waits while it holds its locks (a call to an
// audit service, a slow store): then transfers between other accounts go
// on meanwhile.
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
// ErrInsufficientFunds. A transfer from an account to itself moves
// nothing; only the balance check applies.
//
// The two locks are taken lower account number first, whatever the
// direction of the transfer, so no two transfers can each hold a lock the
// other waits for. They are let go of as soon as the work is done.
func (b *Bank) Transfer(from, to, amount int) error {
	if from == to {
		a := b.accounts[from]
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.balance < amount {
			return ErrInsufficientFunds
		}
		return nil
	}

	first, second := b.accounts[min(from, to)], b.accounts[max(from, to)]
	first.mu.Lock()
	second.mu.Lock()

	src, dst := b.accounts[from], b.accounts[to]
	if src.balance < amount {
		first.mu.Unlock()
		return ErrInsufficientFunds
	}
	src.balance -= amount
	dst.balance += amount
	second.mu.Unlock()
	first.mu.Unlock()
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
