// Package fan is a recorded-trace fixture for package picture: Fan starts
// n goroutines that each sleep, wait on a channel, then compute a little.
package fan

import (
	"sync"
	"time"
)

// Fan runs n workers at once and waits for them.
func Fan(n int) int {
	start := make(chan struct{})
	var mu sync.Mutex
	sum := 0
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			time.Sleep(20 * time.Millisecond)
			<-start
			x := 0
			for j := range 100_000 {
				x += j % (i + 2)
			}
			mu.Lock()
			sum += x
			mu.Unlock()
		})
	}
	time.Sleep(40 * time.Millisecond)
	close(start)
	wg.Wait()
	return sum
}
