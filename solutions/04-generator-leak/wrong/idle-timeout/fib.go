// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import (
	"context"
	"time"
)

// WRONG: the generator gives up on its own when nobody has received for
// two seconds, and otherwise ignores ctx. A caller that has gone is
// noticed in the end, but the goroutine lingers two seconds after every
// caller, long after it was told to stop (and a caller slower than that
// would find the channel closed).

// idle is how long the generator waits for a receiver before it stops.
const idle = 2 * time.Second

// Fibonacci starts a goroutine that sends the Fibonacci numbers 0, 1, 1, 2,
// 3, 5, 8, ... on the returned channel, one for each receive, until nobody
// wants more.
func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	go func() {
		defer close(out)
		a, b := uint64(0), uint64(1)
		for {
			select {
			case out <- a:
			case <-time.After(idle):
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
