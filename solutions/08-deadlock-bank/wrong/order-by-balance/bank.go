// Package deadlockbank, wrong: the two locks are taken in order of the
// balances, poorer account first. The balances are read before any lock
// is held (a data race), and they change under you, so two transfers can
// still disagree on the order.
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

// Transfer moves amount from account from to account to, which must be a
// different account. When account from holds less than amount, Transfer
// changes nothing and returns ErrInsufficientFunds.
//
// It holds the locks of both accounts while it checks and moves the money,
// and only those two: transfers between other accounts go on meanwhile.
func (b *Bank) Transfer(from, to, amount int) error {
	src, dst := b.accounts[from], b.accounts[to]

	first, second := src, dst
	if dst.balance < src.balance || dst.balance == src.balance && to < from {
		first, second = dst, src
	}
	first.mu.Lock()
	defer first.mu.Unlock()
	second.mu.Lock()
	defer second.mu.Unlock()

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
