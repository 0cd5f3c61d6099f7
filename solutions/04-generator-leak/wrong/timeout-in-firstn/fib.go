// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import (
	"context"
	"time"
)

// WRONG: FirstN gives the generator a context with a one-second timeout
// and never cancels it, "so it stops by itself": every call leaves the
// generator waiting to send for up to a second after FirstN has returned.
// Cancel as soon as you have what you need (defer cancel()).

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

// FirstN returns the first n Fibonacci numbers, taken from Fibonacci, and
// leaves no goroutine behind.
//
// (Since Go 1.23 a generator can also be a function of type
// iter.Seq[uint64] used in a range loop: no goroutine, no channel, and a
// break in the loop stops it. A channel is the shape to use when the
// values come from another goroutine's work.)
func FirstN(n int) []uint64 {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	_ = cancel

	nums := make([]uint64, 0, n)
	numbers := Fibonacci(ctx)
	for range n {
		nums = append(nums, <-numbers)
	}
	return nums
}
