package fib

import "context"

type state struct{ a, b uint64 }

func (s *state) next() uint64 {
	v := s.a
	s.a, s.b = s.b, s.a+s.b
	return v
}

func Fibonacci(ctx context.Context) <-chan uint64 {
	out := make(chan uint64)
	s := &state{0, 1}
	go func() {
		defer close(out)
		v := s.next()
		for {
			select {
			case out <- v:
				v = s.next()
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func FirstN(n int) []uint64 {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var nums []uint64
	if n == 0 {
		return nums
	}
	for x := range Fibonacci(ctx) {
		nums = append(nums, x)
		if len(nums) == n {
			break
		}
	}
	return nums
}
