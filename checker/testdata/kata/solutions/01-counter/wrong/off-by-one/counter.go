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
			for range k - 1 {
				c.mu.Lock()
				c.n++
				c.mu.Unlock()
			}
		})
	}
	wg.Wait()
}

// Value is the count so far.
func (c *Counter) Value() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
