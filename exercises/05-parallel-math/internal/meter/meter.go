// Package meter is the support code behind ChunkSum in exercise 05: it
// does the work of one chunk and watches the calls, so the tests can see
// which ranges were summed and how many calls were running at once.
//
// It lives in its own package so that code in the exercise's package can
// call it but cannot reach its counters. Nothing here is for the learner
// to change or to call directly: use ChunkSum.
package meter

import (
	"math"
	"slices"
	"sync"
	"time"
)

// Call is one call of Sum over a non-empty range [Lo, Hi).
type Call struct {
	Lo, Hi int
}

// Plan says how calls behave during one observation (all zero: they only
// count).
type Plan struct {
	// Meet makes each call wait, before it starts working, until Meet
	// calls are in progress at once, or until Patience has passed. Calls
	// that are started together then overlap for certain, even on a busy
	// machine where one of them could otherwise finish before the next one
	// is scheduled; calls made one after another wait Patience each.
	Meet     int
	Patience time.Duration
	// Stagger makes a call over [lo, hi) wait Stagger×(N−lo)/N after it
	// has worked, so that calls started together return in the reverse
	// order of their ranges: the chunk at the start of [0, N) last.
	Stagger time.Duration
	N       int
}

// Observed is what an observation saw.
type Observed struct {
	// Calls lists every call over a non-empty range, in the order they
	// started.
	Calls []Call
	// MaxInFlight is the largest number of those calls in progress at
	// the same moment.
	MaxInFlight int
}

var (
	mu       sync.Mutex
	plan     Plan
	seen     Observed
	inFlight int
	met      chan struct{} // closed once Meet calls are in progress at once
)

// Start begins a new observation with plan p, forgetting the last one.
func Start(p Plan) {
	mu.Lock()
	defer mu.Unlock()
	plan, seen, inFlight, met = p, Observed{}, 0, make(chan struct{})
}

// Stop ends the observation and returns what it saw. Later calls only
// count (until the next Start).
func Stop() Observed {
	mu.Lock()
	defer mu.Unlock()
	plan = Plan{}
	o := seen
	o.Calls = slices.Clone(seen.Calls)
	return o
}

// Sum returns √lo + √(lo+1) + … + √(hi−1), added one by one in that
// order, starting from 0. It returns 0 at once when hi ≤ lo.
func Sum(lo, hi int) float64 {
	if hi <= lo {
		return 0
	}
	mu.Lock()
	p := plan
	inFlight++
	seen.MaxInFlight = max(seen.MaxInFlight, inFlight)
	seen.Calls = append(seen.Calls, Call{lo, hi})
	meet := met
	if p.Meet > 0 && inFlight >= p.Meet && met != nil {
		select {
		case <-met:
		default:
			close(met)
		}
	}
	mu.Unlock()
	defer func() {
		mu.Lock()
		inFlight--
		mu.Unlock()
	}()

	if p.Meet > 0 && meet != nil {
		wait := time.NewTimer(p.Patience)
		select {
		case <-meet:
		case <-wait.C:
		}
		wait.Stop()
	}
	s := Roots(lo, hi)
	if p.Stagger > 0 && p.N > 0 {
		time.Sleep(p.Stagger * time.Duration(max(p.N-lo, 0)) / time.Duration(p.N))
	}
	return s
}

// Roots is Sum without the watching: the plain loop.
func Roots(lo, hi int) float64 {
	s := 0.0
	for i := lo; i < hi; i++ {
		s += math.Sqrt(float64(i))
	}
	return s
}
