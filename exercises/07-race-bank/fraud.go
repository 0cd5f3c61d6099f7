package racebank

// This file is support code: do not edit it.

// Approver is the bank's fraud check. Transfer asks it about every
// transfer that the source account can pay for, after checking the balance
// and before any money moves. When it returns an error the transfer does
// not happen: Transfer changes nothing and returns that error.
//
// An Approver may take a while (in a real bank it is a call to another
// service) and may be called from many goroutines at once. It must not call
// the Bank back.
type Approver func(from, to, amount int) error

// ApproveAll approves every transfer at once: pass it to NewBank for a bank
// without a fraud check, NewBank(balances, ApproveAll).
func ApproveAll(from, to, amount int) error { return nil }
