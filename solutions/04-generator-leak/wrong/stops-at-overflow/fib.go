// Package fib produces the Fibonacci numbers with a generator: a goroutine
// that sends them down a channel, for as long as someone wants more.
package fib

import "context"

// WRONG: the generator stops (and closes the channel) after the 94th
// number, the last that fits in a uint64. The sequence has no end: a
// caller that wants more numbers finds the channel closed, though it never
// cancelled. Only the caller decides when to stop.

func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	go func() {
		defer close(out)
		a, b := uint64(0), uint64(1)
		for i := 0; i < 94; i++ {
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

func FirstN(n int) []uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var nums []uint64
	for x := range Fibonacci(ctx) {
		if len(nums) == n {
			break
		}
		nums = append(nums, x)
	}
	return nums
}
