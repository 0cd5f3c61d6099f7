// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: the generator stops when the caller cancels, but it returns
// without closing the channel. Nothing leaks, yet a caller that ranges
// over the channel after cancelling (to drain it, or simply to the end)
// waits forever: only a close ends a range.

// Fibonacci starts a goroutine that sends the Fibonacci numbers 0, 1, 1, 2,
// 3, 5, 8, ... on the returned channel, one for each receive, until ctx is
// cancelled.
func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	go func() {
		a, b := uint64(0), uint64(1)
		for {
			select {
			case out <- a:
			case <-ctx.Done():
				return
			}
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
