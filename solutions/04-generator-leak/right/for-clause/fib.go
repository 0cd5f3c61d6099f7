package fib

import "context"

func Fibonacci(ctx context.Context) <-chan uint64 {
	ch := make(chan uint64)
	go func() {
		defer close(ch)
		for a, b := uint64(0), uint64(1); ; a, b = b, a+b {
			select {
			case <-ctx.Done():
				return
			case ch <- a:
			}
		}
	}()
	return ch
}

func FirstN(n int) []uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := Fibonacci(ctx)
	res := make([]uint64, n)
	for i := range res {
		res[i] = <-ch
	}
	return res
}
