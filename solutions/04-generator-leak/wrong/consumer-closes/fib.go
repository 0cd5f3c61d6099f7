// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: the caller closes the channel to tell the generator to stop. Only
// the sender may close a channel: the generator's next send on the closed
// channel panics ("send on closed channel") and takes the program down.

// Fibonacci starts a goroutine that sends the Fibonacci numbers on the
// returned channel until the channel is closed.
func Fibonacci(ctx context.Context) chan uint64 {
	out := make(chan uint64)
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
// closes the channel to stop the generator.
func FirstN(n int) []uint64 {
	nums := make([]uint64, 0, n)
	numbers := Fibonacci(context.Background())
	for range n {
		nums = append(nums, <-numbers)
	}
	close(numbers) // "we are done": but this is the receiving side
	return nums
}
