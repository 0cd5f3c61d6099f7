// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// Fibonacci starts a goroutine that sends the Fibonacci numbers 0, 1, 1, 2,
// 3, 5, 8, ... on the returned channel, one for each receive, without end.
// Past the 93rd number they no longer fit in a uint64 and wrap around (Go's
// unsigned arithmetic is modulo 2^64); the tests expect the same.
//
// The caller stops receiving whenever it has enough, and then cancels ctx:
// once ctx is cancelled, the goroutine must end.
//
// This version ignores ctx. When the caller stops receiving, the goroutine
// waits forever to send the next number: nobody will ever receive it.
func Fibonacci(ctx context.Context) <-chan uint64 {
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
