// Package scale is a server for many clients: each client's request waits
// on a slow backend (Serve), or needs a core to compute its answer
// (ServeCPU).
//
// Waiting scales and computing does not: Serve gives every client a
// goroutine of its own, because a goroutine that waits costs a few KB and
// no CPU, while ServeCPU keeps to as many workers as Go runs goroutines at
// once, because a computation needs a core and there are only so many.
package scale

import (
	"runtime"
	"sync"
)

// Workers is how many clients the pool serves at once.
const Workers = 100

// Serve answers every client the listener hands out, each with the answer
// the backend gives for its request (Fetch). It returns once the listener
// has closed and every client has been answered, and leaves no goroutine
// behind.
//
// Each client gets its own goroutine the moment it connects, so no client
// ever waits for another: 10,000 clients waiting at once on the backend
// are 10,000 goroutines of a few KB each, asleep.
func Serve(l *Listener) {
	var wg sync.WaitGroup
	for {
		c, ok := l.Accept()
		if !ok {
			break
		}
		wg.Go(func() { fetchAnswer(c) })
	}
	// The listener is closed: wait for the clients still being served.
	wg.Wait()
}

// ServeCPU answers every client the listener hands out, each with the
// answer computed for its request (Compute). It returns once the listener
// has closed and every client has been answered, and leaves no goroutine
// behind.
//
// A computation needs a core, and Go runs at most GOMAXPROCS goroutines at
// the same moment: more workers than that would only wait for a core, so
// the pool is exactly that wide, read when ServeCPU starts.
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
