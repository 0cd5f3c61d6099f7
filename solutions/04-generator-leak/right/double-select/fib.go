package fib

import "context"

func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	go func() {
		defer close(out)
		a, b := uint64(0), uint64(1)
		for {
			select {
			case <-ctx.Done():
				return
			default:
			}
			next := a
			a, b = b, a+b
			select {
			case out <- next:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func FirstN(n int) []uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	nums := []uint64{}
	numbers := Fibonacci(ctx)
	for len(nums) < n {
		nums = append(nums, <-numbers)
	}
	cancel()
	for range numbers { // wait for the generator to close
	}
	return nums
}
