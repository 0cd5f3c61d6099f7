package location

// The fake location service: it counts calls per zip code and keeps the
// ctx each call received, can hold its answers back until the test opens a
// gate, can fail, and takes a fixed latency (virtual in the synctest tests).

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// latency is how long the fake takes to answer when it has no gate (the
// course's location service: 0.29 to 0.54 s).
const latency = 400 * time.Millisecond

// places are the zip codes the fake knows.
var places = map[string]Location{
	"97201": {Zip: "97201", City: "Portland, OR", Lat: 45.50, Lon: -122.69},
	"10001": {Zip: "10001", City: "New York, NY", Lat: 40.75, Lon: -73.99},
	"60601": {Zip: "60601", City: "Chicago, IL", Lat: 41.89, Lon: -87.62},
	"94103": {Zip: "94103", City: "San Francisco, CA", Lat: 37.77, Lon: -122.41},
	"02108": {Zip: "02108", City: "Boston, MA", Lat: 42.36, Lon: -71.07},
	"98101": {Zip: "98101", City: "Seattle, WA", Lat: 47.61, Lon: -122.33},
	"80202": {Zip: "80202", City: "Denver, CO", Lat: 39.75, Lon: -104.99},
	"78701": {Zip: "78701", City: "Austin, TX", Lat: 30.27, Lon: -97.74},
	"33101": {Zip: "33101", City: "Miami, FL", Lat: 25.78, Lon: -80.20},
	"55401": {Zip: "55401", City: "Minneapolis, MN", Lat: 44.98, Lon: -93.27},
}

// errUnavailable is the fake's failure.
var errUnavailable = errors.New("location service: 503 Service Unavailable")

// fakeService implements Service.
type fakeService struct {
	mu       sync.Mutex
	calls    map[string]int               // calls per zip, counted as they arrive
	gates    map[string]chan struct{}     // a call for zip waits until its gate is closed
	failNext map[string]int               // the next n calls for zip fail
	entered  chan string                  // gets each zip as a call arrives, if not full
	ctxs     map[string][]context.Context // the ctx of each call for zip, in order
}

func newFakeService() *fakeService {
	return &fakeService{
		calls:    map[string]int{},
		gates:    map[string]chan struct{}{},
		failNext: map[string]int{},
		entered:  make(chan string, 1000),
		ctxs:     map[string][]context.Context{},
	}
}

// gate makes calls for zip wait until the returned function is called.
func (s *fakeService) gate(zip string) (open func()) {
	ch := make(chan struct{})
	s.mu.Lock()
	s.gates[zip] = ch
	s.mu.Unlock()
	var once sync.Once
	return func() { once.Do(func() { close(ch) }) }
}

func (s *fakeService) Locate(ctx context.Context, zip string) (Location, error) {
	s.mu.Lock()
	s.calls[zip]++
	s.ctxs[zip] = append(s.ctxs[zip], ctx)
	gate := s.gates[zip]
	fail := s.failNext[zip] > 0
	if fail {
		s.failNext[zip]--
	}
	s.mu.Unlock()
	select {
	case s.entered <- zip:
	default:
	}

	if gate != nil {
		select {
		case <-gate:
		case <-ctx.Done():
		}
		if err := ctx.Err(); err != nil {
			// Cancelled before the gate opened, or both at once: the
			// cancellation wins, every time.
			return Location{}, err
		}
	} else {
		t := time.NewTimer(latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return Location{}, ctx.Err()
		}
	}
	if fail {
		return Location{}, errUnavailable
	}
	loc, ok := places[zip]
	if !ok {
		return Location{}, fmt.Errorf("location service: no such zip code %q", zip)
	}
	return loc, nil
}

// callsFor returns how many calls for zip the service received.
func (s *fakeService) callsFor(zip string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[zip]
}

// ctxOf returns the ctx that the i-th call for zip (from 0) received, or
// nil if there was no such call.
func (s *fakeService) ctxOf(zip string, i int) context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i >= len(s.ctxs[zip]) {
		return nil
	}
	return s.ctxs[zip][i]
}

// allCalls returns a copy of the calls per zip.
func (s *fakeService) allCalls() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]int, len(s.calls))
	for k, v := range s.calls {
		out[k] = v
	}
	return out
}
