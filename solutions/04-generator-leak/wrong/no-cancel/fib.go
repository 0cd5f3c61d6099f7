// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: the generator is right, but FirstN never cancels its context, so
// the generator is never told the caller has gone and waits forever to
// send the next number. Whoever creates a cancel function must call it.

// Fibonacci starts a goroutine that sends the Fibonacci numbers 0, 1, 1, 2,
// 3, 5, 8, ... on the returned channel, one for each receive, without end.
// Past the 93rd number they no longer fit in a uint64 and wrap around (Go's
// unsigned arithmetic is modulo 2^64); the tests expect the same.
//
// The caller stops receiving whenever it has enough, and then cancels ctx:
// once ctx is cancelled, the goroutine ends and closes the channel.
func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64) // unbuffered: a number is computed when asked for
	go func() {
		// The sender owns the channel, so the sender closes it: a caller
		// ranging over it then sees the end. Closing from the receiving
		// side would make this goroutine's next send panic.
		defer close(out)
		a, b := uint64(0), uint64(1)
		for {
			// Wait for whichever comes first: a receiver for this number,
			// or the caller saying it wants no more. A plain `out <- a`
			// would wait forever once the caller has gone; checking
			// ctx.Err() before the send would not help either, because the
			// caller may leave while this goroutine is already waiting.
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

// FirstN returns the first n Fibonacci numbers, taken from Fibonacci.
func FirstN(n int) []uint64 {
	nums := make([]uint64, 0, n)
	numbers := Fibonacci(context.Background()) // nothing will ever cancel it
	for range n {
		nums = append(nums, <-numbers)
	}
	return nums
}
