// Package scale is a server for many clients: each client's request waits
// on a slow backend (Serve), or needs a core to compute its answer
// (ServeCPU).
//
// This version serves both kinds of clients the way a thread pool would:
// a fixed pool of Workers workers, each serving one client at a time.
package scale

import "sync"

// Workers is how many clients the pool serves at once.
const Workers = 100

// Serve answers every client the listener hands out, each with the answer
// the backend gives for its request (Fetch). It returns once the listener
// has closed and every client has been answered, and leaves no goroutine
// behind.
func Serve(l *Listener) {
	pool(l, Workers, fetchAnswer)
}

// ServeCPU answers every client the listener hands out, each with the
// answer computed for its request (Compute). It returns once the listener
// has closed and every client has been answered, and leaves no goroutine
// behind.
func ServeCPU(l *Listener) {
	pool(l, Workers, computeAnswer)
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
