// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: a big buffer lets the generator run ahead of the caller, but the
// sequence has no end: once the buffer is full the goroutine waits to send,
// and after the caller has gone it waits forever. A buffer moves the point
// where a goroutine blocks; it does not give it a way to stop.

// bufferSize is far more numbers than any caller of the tests asks for.
const bufferSize = 1 << 16

// Fibonacci starts a goroutine that sends the Fibonacci numbers on the
// returned channel, without end.
func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64, bufferSize)
	go func() {
		a, b := uint64(0), uint64(1)
		for {
			out <- a
			a, b = b, a+b
		}
	}()
	return out
}

// FirstN returns the first n Fibonacci numbers, taken from Fibonacci.
func FirstN(n int) []uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	nums := make([]uint64, 0, n)
	numbers := Fibonacci(ctx)
	for range n {
		nums = append(nums, <-numbers)
	}
	return nums
}
