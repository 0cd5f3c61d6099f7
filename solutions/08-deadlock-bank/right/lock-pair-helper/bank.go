// Package deadlockbank is the course's fine-grained bank: every account has
// its own lock, so transfers between different accounts do not wait for
// each other.
//
// All locking goes through lockPair and lockAll, which take account locks
// in ascending account number. Since every goroutine climbs the same
// ladder, none can hold a higher lock while waiting for a lower one, and
// no deadlock cycle can form.
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

// lockPair locks accounts i and j, lower number first, and returns the
// function that unlocks them. When i == j it locks that account once.
func (b *Bank) lockPair(i, j int) (unlock func()) {
	if i > j {
		i, j = j, i
	}
	lo := b.accounts[i]
	lo.mu.Lock()
	if i == j {
		return lo.mu.Unlock
	}
	hi := b.accounts[j]
	hi.mu.Lock()
	return func() {
		hi.mu.Unlock()
		lo.mu.Unlock()
	}
}

// lockAll locks every account, lowest number first (the order lockPair
// uses), and returns the function that unlocks them all.
func (b *Bank) lockAll() (unlock func()) {
	for _, a := range b.accounts {
		a.mu.Lock()
	}
	return func() {
		for i := len(b.accounts) - 1; i >= 0; i-- {
			b.accounts[i].mu.Unlock()
		}
	}
}

// Transfer moves amount from account from to account to. When account from
// holds less than amount, Transfer changes nothing and returns
// ErrInsufficientFunds. A transfer from an account to itself moves
// nothing, but the balance check still applies.
func (b *Bank) Transfer(from, to, amount int) error {
	unlock := b.lockPair(from, to)
	defer unlock()

	src, dst := b.accounts[from], b.accounts[to]
	if src.balance < amount {
		return ErrInsufficientFunds
	}
	if src == dst {
		return nil
	}
	src.balance -= amount
	dst.balance += amount
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	unlock := b.lockPair(i, i)
	defer unlock()
	return b.accounts[i].balance
}

// Total returns the sum of all balances, read while every account's lock
// is held so that no transfer is half done.
func (b *Bank) Total() int {
	unlock := b.lockAll()
	defer unlock()
	total := 0
	for _, a := range b.accounts {
		total += a.balance
	}
	return total
}
