package scale

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// Listener hands out the connections of the clients as they arrive, like
// a net.Listener. Several goroutines may call Accept at once.
type Listener struct {
	s *site
}

// Accept waits for the next client to connect and returns its connection.
// Once every client has connected, the listener closes: from then on
// Accept returns ok == false at once, every time it is called.
func (l *Listener) Accept() (c *Conn, ok bool) {
	s := l.s
	s.mu.Lock()
	i := s.next
	if i < len(s.clients) {
		s.next++
	}
	s.mu.Unlock()
	at := s.closeAt
	if i < len(s.clients) {
		at = s.clients[i].arrive
	}
	if d := at - s.elapsed(); d > 0 {
		time.Sleep(d) // until the client connects, or the listener closes
	}
	if i >= len(s.clients) {
		return nil, false
	}
	return &Conn{s: s, i: i}, true
}

// Conn is one client's connection: one request to answer, once.
type Conn struct {
	s *site
	i int
}

// Request returns the client's request.
func (c *Conn) Request() Request {
	return Request{Client: c.i, Wait: c.s.clients[c.i].wait, s: c.s}
}

// Reply sends the answer to the client, who then hangs up and leaves.
func (c *Conn) Reply(r Response) {
	c.s.reply(c.i, r)
}

// Request is what a client asks for.
type Request struct {
	// Client is the client's number, from 0.
	Client int
	// Wait is how long the backend takes to answer this request.
	Wait time.Duration

	s *site
}

// Response is the answer to one client's request.
type Response struct {
	Client int
	Value  uint64
}

// Fetch asks the slow backend for the answer to req and waits for it:
// req.Wait, 1 to 3 seconds here. The goroutine that calls it waits too,
// and uses no CPU while it waits.
func Fetch(req Request) Response {
	s := req.s
	if s == nil {
		return Response{Client: req.Client}
	}
	s.enter(&s.fetching, req.Client)
	time.Sleep(req.Wait) // the backend works on it
	return s.leave(&s.fetching, req.Client, s.value(req.Client))
}

// Compute works the answer to req out on a core: the goroutine that calls
// it keeps one core busy until it returns. (In the tests, whose clock is
// virtual, Compute also holds its core for a stretch of that clock, as a
// longer computation would: real computing takes no virtual time.)
func Compute(req Request) Response {
	s := req.s
	if s == nil {
		return Response{Client: req.Client}
	}
	s.enter(&s.computing, req.Client)
	s.cores <- struct{}{} // wait for a free core
	v := crunch(s.value(req.Client))
	time.Sleep(s.hold) // the rest of the computation, in virtual time
	<-s.cores
	return s.leave(&s.computing, req.Client, v)
}

// crunch is the CPU work of Compute: a few thousand rounds of a
// xorshift generator.
func crunch(x uint64) uint64 {
	for range crunchRounds {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// crunchRounds is how many rounds crunch runs: a few microseconds of work.
const crunchRounds = 3000

// client is one client the site serves: when it connects and how long the
// backend takes to answer it, both after the site's start.
type client struct {
	arrive, wait time.Duration
}

// site is the world around the server under test: the clients, the
// backend, the cores, and what happened. The tests make one per run
// (newSite) and read it; the server only sees it through Listener, Conn,
// Request, Fetch and Compute.
type site struct {
	clients []client
	closeAt time.Duration // when the listener closes, after start
	hold    time.Duration // how long Compute holds its core
	cores   chan struct{} // one place per core, for Compute
	seed    uint64
	start   time.Time

	mu        sync.Mutex
	next      int              // the next client Accept hands out
	fetching  calls            // Fetch calls
	computing calls            // Compute calls
	replies   []int            // how many answers each client got
	replyAt   []time.Duration  // when each client got its (first) answer
	answers   map[int]Response // the answer Fetch or Compute gave each client
	late      int              // answers sent after the server returned
	returned  bool             // the server has returned
	problems  []string         // rules broken, for the failure messages
}

// calls counts the calls of Fetch or of Compute: how many are running now,
// the most seen at once, and how many each client got.
type calls struct {
	now, most int
	perClient []int
}

// enter records a call of Fetch or Compute for client i.
func (s *site) enter(c *calls, i int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.now++
	c.most = max(c.most, c.now)
	c.perClient[i]++
}

// leave records the end of that call, and the answer it gives.
func (s *site) leave(c *calls, i int, v uint64) Response {
	s.mu.Lock()
	defer s.mu.Unlock()
	c.now--
	r := Response{Client: i, Value: v}
	s.answers[i] = r
	return r
}

// newSite makes a site for clients, whose Compute holds its core for hold,
// with cores cores; the listener closes at closeAt. Call it in the
// goroutine (and synctest bubble) that runs the server.
func newSite(clients []client, closeAt, hold time.Duration, cores int) *site {
	n := len(clients)
	s := &site{
		clients:   clients,
		closeAt:   closeAt,
		hold:      hold,
		cores:     make(chan struct{}, max(cores, 1)),
		seed:      rand.Uint64() | 1,
		start:     time.Now(),
		fetching:  calls{perClient: make([]int, n)},
		computing: calls{perClient: make([]int, n)},
		replies:   make([]int, n),
		replyAt:   make([]time.Duration, n),
		answers:   map[int]Response{},
	}
	return s
}

// listener is the server's way in.
func (s *site) listener() *Listener { return &Listener{s: s} }

// elapsed is the time since the site's start.
func (s *site) elapsed() time.Duration { return time.Since(s.start) }

// value is the backend's answer for client i.
func (s *site) value(i int) uint64 {
	x := s.seed ^ (uint64(i)+1)*0x9e3779b97f4a7c15
	return x ^ x>>29
}

// reply records the answer r sent to client i.
func (s *site) reply(i int, r Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.replies[i] == 0 {
		s.replyAt[i] = s.elapsed()
	}
	s.replies[i]++
	if s.returned {
		s.late++
	}
	want, ok := s.answers[i]
	switch {
	case !ok:
		s.problem(fmt.Sprintf("client %d got an answer before Fetch or Compute had returned one for its "+
			"request: reply with what they return", i))
	case r != want:
		s.problem(fmt.Sprintf("client %d got %+v, but the answer to its request is %+v: reply to each client "+
			"with the answer to its own request", i, r, want))
	}
}

// problem records a broken rule once; s.mu is held.
func (s *site) problem(p string) {
	for _, q := range s.problems {
		if q == p {
			return
		}
	}
	if len(s.problems) < 5 {
		s.problems = append(s.problems, p)
	}
}
