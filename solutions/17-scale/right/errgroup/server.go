package scale

import (
	"runtime"

	"golang.org/x/sync/errgroup"
)

func Serve(l *Listener) {
	var g errgroup.Group
	for c, ok := l.Accept(); ok; c, ok = l.Accept() {
		g.Go(func() error {
			fetchAnswer(c)
			return nil
		})
	}
	_ = g.Wait()
}

// ServeCPU: a goroutine per client, but errgroup's limit holds the accept
// loop until one of GOMAXPROCS(0) places is free.
func ServeCPU(l *Listener) {
	var g errgroup.Group
	g.SetLimit(runtime.GOMAXPROCS(0))
	for c, ok := l.Accept(); ok; c, ok = l.Accept() {
		g.Go(func() error {
			computeAnswer(c)
			return nil
		})
	}
	_ = g.Wait()
}

// fetchAnswer answers one client with what the backend says.
func fetchAnswer(c *Conn) {
	c.Reply(Fetch(c.Request()))
}

// computeAnswer answers one client with what Compute works out.
func computeAnswer(c *Conn) {
	c.Reply(Compute(c.Request()))
}
