// Package deadlockbank, wrong: Transfer locks every account of the bank, in
// account order, just as Total does. One order for everybody: no deadlock,
// and every lock is still an account's own. But a transfer now holds all
// the locks, so two transfers that share no account wait for each other:
// a bank-wide lock in disguise. Rejected by: tests
// (TestDisjointTransfersRunAtOnce).
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
// It holds the locks of both accounts while it checks and moves the money,
// and only those two: transfers between other accounts go on meanwhile.
// The two locks are taken lower account number first, whatever the
// direction of the transfer, so no two transfers can each hold a lock the
// other waits for. Retrying with TryLock instead would only hope that the
// collision ends; the order makes it impossible.
func (b *Bank) Transfer(from, to, amount int) error {
	if from == to {
		// One account, one lock: locking it "twice" would block forever,
		// since sync.Mutex is not reentrant.
		a := b.accounts[from]
		a.mu.Lock()
		defer a.mu.Unlock()
		if a.balance < amount {
			return ErrInsufficientFunds
		}
		return nil
	}

	// Lock every account, in account order, as Total does: one order for
	// everybody, so no deadlock.
	for _, a := range b.accounts {
		a.mu.Lock()
		defer a.mu.Unlock()
	}

	src, dst := b.accounts[from], b.accounts[to]
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
