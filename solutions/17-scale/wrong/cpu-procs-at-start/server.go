package scale

import (
	"runtime"
	"sync"
)

// Workers is how many clients the pool serves at once.
const Workers = 100

// Serve gives every client a goroutine of its own.
func Serve(l *Listener) {
	var wg sync.WaitGroup
	for {
		c, ok := l.Accept()
		if !ok {
			break
		}
		wg.Go(func() { fetchAnswer(c) })
	}
	wg.Wait()
}

// cores is how many goroutines Go runs at once, read once, when the
// program starts.
var cores = runtime.GOMAXPROCS(0)

// ServeCPU serves the CPU-bound clients with a worker per core.
func ServeCPU(l *Listener) {
	pool(l, cores, computeAnswer)
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
