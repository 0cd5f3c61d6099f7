package scale

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

// Every test runs the server inside a testing/synctest bubble: time there
// is virtual, so the clients' arrivals, the backend's waits and Compute's
// hold cost no real time, every figure is exact and the same on every
// machine, and a server that can never return is reported at once.
//
// Every moment a test schedules (a client connecting, an answer ready,
// the listener closing) is an odd number of nanoseconds after the server
// starts, so none ties with the tick of a ticker a solution might run
// (10 ms, 50 ms, 100 ms, 1 s): two timers due at one instant run in either
// order.

const (
	// firstArrival is when the first client connects, and arrivalGap the
	// time between two clients: 10,000 clients connect within 0.474 s.
	firstArrival = 1_013 * time.Nanosecond
	arrivalGap   = 47_318 * time.Nanosecond
	// closeAfter is how long after the last client the listener closes.
	closeAfter = 611 * time.Microsecond
	// cpuHold is how long Compute holds its core, in virtual time.
	cpuHold = 7_300_018 * time.Nanosecond
	// lateBudget is how late a client's answer may come, beyond its own
	// wait at the backend, and how late the server may return after its
	// last answer.
	lateBudget = time.Millisecond
	// hour is the wait of the slowest client of the "an hour" shape.
	hour = time.Hour + 370_012*time.Nanosecond
)

// backendWait is how long the backend takes to answer client i: from
// 1.000370012 s to 2.999370012 s, spread over the clients.
func backendWait(i int) time.Duration {
	return time.Second + time.Duration(i*7919%2000)*time.Millisecond + 370_012*time.Nanosecond
}

// shape is a set of clients to serve.
type shape struct {
	name string
	n    int
	// wait is the backend's wait for client i (backendWait when nil).
	wait func(i int) time.Duration
}

func (sh shape) String() string { return sh.name }

// clients makes the clients of sh, arriving arrivalGap apart, and says
// when the listener closes.
func (sh shape) clients() ([]client, time.Duration) {
	wait := sh.wait
	if wait == nil {
		wait = backendWait
	}
	cs := make([]client, sh.n)
	for i := range cs {
		cs[i] = client{arrive: firstArrival + time.Duration(i)*arrivalGap, wait: wait(i)}
	}
	return cs, firstArrival + time.Duration(sh.n)*arrivalGap + closeAfter
}

var (
	// courseShape is the exercise's crowd: 10,000 clients.
	courseShape = shape{name: "10,000 clients", n: 10_000}
	// smallShape is a smaller crowd for the functional tests.
	smallShape = shape{name: "2,000 clients", n: 2_000}
	oneClient  = shape{name: "one client", n: 1}
	noClient   = shape{name: "no client", n: 0}
	// hourShape has one client whose answer takes an hour: the server
	// must wait for it, however long.
	hourShape = shape{name: "5 clients, one of them waiting an hour", n: 5, wait: func(i int) time.Duration {
		if i == 2 {
			return hour
		}
		return backendWait(i)
	}}
)

// server is one of the two functions under test.
type server struct {
	name  string // "Serve"
	serve func(*Listener)
	call  string // what it must call for each client: "Fetch" or "Compute"
}

var (
	serveWaiting = server{"Serve", Serve, "Fetch"}
	serveCPU     = server{"ServeCPU", ServeCPU, "Compute"}
	servers      = []server{serveWaiting, serveCPU}
)

// run is one run of a server over a shape: the site, and when the server
// returned.
type run struct {
	s        *site
	sh       shape
	srv      server
	returned time.Duration
	before   katatest.Goroutines
}

// start makes the site for sh. Call it inside a synctest bubble.
func start(sh shape) *site {
	cs, closeAt := sh.clients()
	return newSite(cs, closeAt, cpuHold, runtime.GOMAXPROCS(0))
}

// serveOn runs srv over s and records when it returned. Call it inside a
// synctest bubble.
func serveOn(s *site, sh shape, srv server) *run {
	r := &run{s: s, sh: sh, srv: srv, before: katatest.Snapshot()}
	srv.serve(s.listener())
	r.returned = s.elapsed()
	s.mu.Lock()
	s.returned = true
	s.mu.Unlock()
	return r
}

// what names the run in messages: the server and the shape.
func (r *run) what() string { return fmt.Sprintf("%s (%s)", r.srv.name, r.sh) }

// checkAnswers fails t unless every client got exactly one answer, the
// one its own call of Fetch (Serve) or Compute (ServeCPU) gave, and all of
// them before the server returned.
func (r *run) checkAnswers(t *testing.T) {
	t.Helper()
	s := r.s
	s.mu.Lock()
	defer s.mu.Unlock()
	var msgs []string
	var none, twice []int
	for i, n := range s.replies {
		switch {
		case n == 0:
			none = append(none, i)
		case n > 1:
			twice = append(twice, i)
		}
	}
	if len(none) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d of the %d clients got no answer, e.g. client %d: answer every client "+
			"that Accept hands out", len(none), len(s.replies), none[0]))
	}
	if len(twice) > 0 {
		msgs = append(msgs, fmt.Sprintf("%d clients got more than one answer, e.g. client %d (%d answers): answer "+
			"each client once", len(twice), twice[0], s.replies[twice[0]]))
	}
	if s.late > 0 {
		msgs = append(msgs, fmt.Sprintf("%d answers were sent after %s had returned: it returned while clients were "+
			"still being served. Wait for every goroutine you start (a sync.WaitGroup) before returning",
			s.late, r.srv.name))
	}
	want, other := &s.fetching, &s.computing
	otherCall := "Compute"
	if r.srv.call == "Compute" {
		want, other, otherCall = other, want, "Fetch"
	}
	if i := slices.IndexFunc(want.perClient, func(n int) bool { return n > 1 }); i >= 0 {
		msgs = append(msgs, fmt.Sprintf("%s was called %d times for client %d's request: call it once per client",
			r.srv.call, want.perClient[i], i))
	}
	if n := sum(other.perClient); n > 0 {
		msgs = append(msgs, fmt.Sprintf("%s called %s %d times: its clients are answered with %s",
			r.srv.name, otherCall, n, r.srv.call))
	}
	msgs = append(msgs, s.problems...)
	if len(msgs) > 0 {
		t.Errorf("%s:\n- %s", r.what(), strings.Join(msgs, "\n- "))
	}
}

// lastAnswer is when the last client got its answer (0 with no client).
func (s *site) lastAnswer() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Max(append([]time.Duration{0}, s.replyAt...))
}

// checkNothingLeft lets every goroutine in the bubble run until it is
// blocked or gone, then fails t if one that the server started is still
// there: after it returned, none may be left, not even one waiting for
// something that will never come.
func (r *run) checkNothingLeft(t *testing.T) {
	t.Helper()
	synctest.Wait()
	katatest.NoGoroutinesLeft(t, r.before, 0, r.what())
}

func sum(xs []int) int {
	n := 0
	for _, x := range xs {
		n += x
	}
	return n
}

// inBubble runs f in a synctest bubble, for each server in srvs and each
// shape in shapes, each in a subtest named after them.
func inBubble(t *testing.T, srvs []server, shapes []shape, f func(t *testing.T, srv server, sh shape)) {
	for _, srv := range srvs {
		for _, sh := range shapes {
			t.Run(srv.name+"/"+sh.name, func(t *testing.T) {
				synctest.Test(t, func(t *testing.T) { f(t, srv, sh) })
			})
		}
	}
}
