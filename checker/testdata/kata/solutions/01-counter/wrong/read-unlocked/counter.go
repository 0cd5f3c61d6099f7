// Package counter is a fixture exercise of the checker's own tests.
package counter

import "sync"

// Counter counts from several goroutines at once.
type Counter struct {
	mu sync.Mutex
	n  int
}

// Add adds one, k times, from each of g goroutines, and waits for them.
func (c *Counter) Add(g, k int) {
	var wg sync.WaitGroup
	for range g {
		wg.Go(func() {
			for range k {
				c.mu.Lock()
				c.n++
				c.mu.Unlock()
			}
		})
	}
	done := make(chan struct{})
	go func() { // a progress report that reads without the lock
		_ = c.n
		close(done)
	}()
	wg.Wait()
	<-done
}

// Value is the count so far.
func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
