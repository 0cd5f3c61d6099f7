// Package deadlockbank is the course's fine-grained bank: every account has
// its own lock, so transfers between different accounts do not wait for
// each other.
//
// Each account carries its number as a rank. Whoever needs two accounts
// locks the one of lower rank first; Total walks the ranks upwards. With a
// single order everyone agrees on, a goroutine that holds a lock only ever
// waits for one of higher rank, so waiting can never go round in a circle.
package deadlockbank

// account is one balance and the lock that guards it. rank is the
// account's number, fixed at creation: the lock order.
type account struct {
	rank    int
	mu      Lock // guards balance
	balance int
}

// Bank holds a fixed number of accounts, numbered from 0. Every method may
// be called from many goroutines at once.
type Bank struct {
	accounts []account
}

// NewBank returns a bank whose accounts start with the given balances.
// Every account gets its own lock, made by calling newLock once per
// account; pass NewMutex for ordinary sync.Mutex locks.
func NewBank(balances []int, newLock func() Lock) *Bank {
	b := &Bank{accounts: make([]account, len(balances))}
	for i, balance := range balances {
		b.accounts[i] = account{rank: i, mu: newLock(), balance: balance}
	}
	return b
}

// Transfer moves amount from account from to account to. When account from
// holds less than amount, Transfer changes nothing and returns
// ErrInsufficientFunds. A transfer from an account to itself moves
// nothing, but the balance check still applies.
func (b *Bank) Transfer(from, to, amount int) error {
	src, dst := &b.accounts[from], &b.accounts[to]

	if src == dst {
		src.mu.Lock()
		defer src.mu.Unlock()
		if src.balance < amount {
			return ErrInsufficientFunds
		}
		return nil
	}

	first, second := src, dst
	if second.rank < first.rank {
		first, second = second, first
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
	a := &b.accounts[i]
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.balance
}

// Total returns the sum of all balances. It takes every account's lock in
// rank order, the order Transfer uses, and adds up only once it holds them
// all, so it never sees a transfer half done. It lets go of each lock as
// soon as that balance is added in.
func (b *Bank) Total() int {
	for i := range b.accounts {
		b.accounts[i].mu.Lock()
	}
	total := 0
	for i := range b.accounts {
		total += b.accounts[i].balance
		b.accounts[i].mu.Unlock()
	}
	return total
}
