// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: a second goroutine waits for the cancel and closes the channel,
// so that the caller's range ends. But the generator itself never looks at
// ctx and is about to send its next number: a send on a closed channel
// panics. Only the goroutine that sends may close.

// Fibonacci starts a goroutine that sends the Fibonacci numbers 0, 1, 1, 2,
// 3, 5, 8, ... on the returned channel, one for each receive, until ctx is
// cancelled.
func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	go func() {
		<-ctx.Done()
		close(out) // "no more numbers"
	}()
	go func() {
		a, b := uint64(0), uint64(1)
		for {
			out <- a
			a, b = b, a+b
		}
	}()
	return out
}

// FirstN returns the first n Fibonacci numbers, taken from Fibonacci, and
// leaves no goroutine behind.
func FirstN(n int) []uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // tell the generator to stop once we have enough

	nums := make([]uint64, 0, n)
	numbers := Fibonacci(ctx)
	for range n {
		nums = append(nums, <-numbers)
	}
	return nums
}
