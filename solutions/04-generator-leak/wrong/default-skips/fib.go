// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: a default case in the select, so that the generator "never
// blocks": when no caller is waiting at that instant, the number is
// skipped and the generator spins on to the next. Callers get numbers
// from anywhere in the sequence, and the spinning goroutine burns a core.
// An unbuffered send is supposed to wait for its receiver.

func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	go func() {
		defer close(out)
		a, b := uint64(0), uint64(1)
		for {
			select {
			case out <- a:
			case <-ctx.Done():
				return
			default:
			}
			a, b = b, a+b
		}
	}()
	return out
}

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
