package racebank

// A channel of capacity one as the lock: send to take it, receive to give it back.
type Bank struct {
	token    chan struct{}
	balances []int
	approve  Approver
}

func NewBank(balances []int, approve Approver) *Bank {
	own := make([]int, len(balances))
	copy(own, balances)
	return &Bank{token: make(chan struct{}, 1), balances: own, approve: approve}
}

func (b *Bank) lock()   { b.token <- struct{}{} }
func (b *Bank) unlock() { <-b.token }

func (b *Bank) Transfer(from, to, amount int) error {
	b.lock()
	defer b.unlock()
	if b.balances[from] < amount {
		return ErrInsufficientFunds
	}
	if err := b.approve(from, to, amount); err != nil {
		return err
	}
	b.balances[from] -= amount
	b.balances[to] += amount
	return nil
}

func (b *Bank) Balance(i int) int {
	b.lock()
	defer b.unlock()
	return b.balances[i]
}

func (b *Bank) Total() int {
	b.lock()
	defer b.unlock()
	t := 0
	for _, v := range b.balances {
		t += v
	}
	return t
}
