package scale

import (
	"runtime"
	"sync"
)

func Serve(l *Listener) {
	var wg sync.WaitGroup
	for {
		c, ok := l.Accept()
		if !ok {
			break
		}
		wg.Add(1)
		go func(c *Conn) {
			defer wg.Done()
			fetchAnswer(c)
		}(c)
	}
	wg.Wait()
}

// ServeCPU: one goroutine accepts and feeds a channel; GOMAXPROCS(0)
// workers range over it.
func ServeCPU(l *Listener) {
	conns := make(chan *Conn)
	go func() {
		defer close(conns)
		for {
			c, ok := l.Accept()
			if !ok {
				return
			}
			conns <- c
		}
	}()
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range conns {
				computeAnswer(c)
			}
		}()
	}
	wg.Wait()
}

// fetchAnswer answers one client with what the backend says.
func fetchAnswer(c *Conn) {
	c.Reply(Fetch(c.Request()))
}

// computeAnswer answers one client with what Compute works out.
func computeAnswer(c *Conn) {
	c.Reply(Compute(c.Request()))
}
