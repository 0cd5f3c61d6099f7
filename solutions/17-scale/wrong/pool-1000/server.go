package scale

import (
	"runtime"
	"sync"
)

// Workers is how many clients the pool serves at once.
const Workers = 100

// Serve serves the waiting clients with a pool ten times the starter's:
// 1,000 workers should be plenty.
func Serve(l *Listener) {
	pool(l, 1000, fetchAnswer)
}

// ServeCPU serves CPU-bound clients with a pool as wide as the cores Go
// uses.
func ServeCPU(l *Listener) {
	pool(l, runtime.GOMAXPROCS(0), computeAnswer)
}

// fetchAnswer answers one client with what the backend says.
func fetchAnswer(c *Conn) {
	c.Reply(Fetch(c.Request()))
}

// computeAnswer answers one client with what Compute works out.
func computeAnswer(c *Conn) {
	c.Reply(Compute(c.Request()))
}

// pool serves the listener's clients with n workers. Each worker takes the
// next client that has connected, answers it, and only then takes another:
// a client that connects while every worker is busy waits for one.
func pool(l *Listener, n int, answer func(*Conn)) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for {
				c, ok := l.Accept()
				if !ok {
					return
				}
				answer(c)
			}
		})
	}
	wg.Wait()
}
