// Package racebank, wrong: an owner goroutine holds the balances and runs
// every request, so nothing is shared and nothing needs a lock. Transfers
// are right, but every NewBank starts a goroutine that nothing ever stops:
// the API has no Close, so each bank leaves its goroutine running for the
// life of the program. Rejected by: leak.
package racebank

// Bank holds the balances in one goroutine that owns them: Transfer,
// Balance and Total send it a request and wait for the answer. Nothing is
// shared, so nothing needs a lock.
type Bank struct {
	requests chan func(balances []int)
	approve  Approver
}

// NewBank returns a bank whose accounts start with the given balances and
// whose transfers are approved by approve. It starts the owner goroutine.
func NewBank(balances []int, approve Approver) *Bank {
	b := &Bank{requests: make(chan func([]int)), approve: approve}
	owned := append([]int(nil), balances...)
	go func() {
		for req := range b.requests { // nothing ever closes requests
			req(owned)
		}
	}()
	return b
}

// do runs f in the owner goroutine and waits until it has run.
func (b *Bank) do(f func(balances []int)) {
	done := make(chan struct{})
	b.requests <- func(balances []int) {
		f(balances)
		close(done)
	}
	<-done
}

// Transfer moves amount from account from to account to.
func (b *Bank) Transfer(from, to, amount int) error {
	var err error
	b.do(func(balances []int) {
		if balances[from] < amount {
			err = ErrInsufficientFunds
			return
		}
		if err = b.approve(from, to, amount); err != nil {
			return
		}
		balances[from] -= amount
		balances[to] += amount
	})
	return err
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	var v int
	b.do(func(balances []int) { v = balances[i] })
	return v
}

// Total returns the sum of all balances.
func (b *Bank) Total() int {
	total := 0
	b.do(func(balances []int) {
		for _, v := range balances {
			total += v
		}
	})
	return total
}
