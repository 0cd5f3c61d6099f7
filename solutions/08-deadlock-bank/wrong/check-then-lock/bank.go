// Package deadlockbank, wrong: Transfer checks the balance with Balance
// (the source account's lock only), lets go, then takes both locks in
// order to move the money. Between the check and the move another transfer
// can check the same balance: both see enough, both take it, and the
// account goes below zero. Rejected by: tests (TestConcurrentOverdraftsRefused).
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

	if b.Balance(from) < amount { // check first, cheaply, under one lock
		return ErrInsufficientFunds
	}
	first, second := b.accounts[min(from, to)], b.accounts[max(from, to)]
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()

	src, dst := b.accounts[from], b.accounts[to]
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
