package scale

import "runtime"

// Serve counts the clients it hands out and waits for as many "done"
// signals.
func Serve(l *Listener) {
	done := make(chan struct{})
	n := 0
	for {
		c, ok := l.Accept()
		if !ok {
			break
		}
		n++
		go func() {
			fetchAnswer(c)
			done <- struct{}{}
		}()
	}
	for range n {
		<-done
	}
}

// ServeCPU: a semaphore of GOMAXPROCS(0) places, taken before the
// goroutine starts.
func ServeCPU(l *Listener) {
	procs := runtime.GOMAXPROCS(0)
	sem := make(chan struct{}, procs)
	for {
		c, ok := l.Accept()
		if !ok {
			break
		}
		sem <- struct{}{}
		go func() {
			computeAnswer(c)
			<-sem
		}()
	}
	for range procs {
		sem <- struct{}{}
	}
}

// fetchAnswer answers one client with what the backend says.
func fetchAnswer(c *Conn) {
	c.Reply(Fetch(c.Request()))
}

// computeAnswer answers one client with what Compute works out.
func computeAnswer(c *Conn) {
	c.Reply(Compute(c.Request()))
}
