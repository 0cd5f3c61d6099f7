package sunapi

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
)

const (
	// loadClients is how many clients ask at once, as in the course's wrk
	// runs (20 connections).
	loadClients = 20
	// loadRounds is how many requests each client sends, one after the
	// other. Every request asks for a zip code of its own (loadPlaces), so
	// none can be answered from memory.
	loadRounds = 2
	// clientTimeout is how long a client waits for one answer before it
	// gives up (and counts an error), as wrk does.
	clientTimeout = 4 * time.Second
)

// loadRequest is one request of the load test and what came of it.
type loadRequest struct {
	place place
	resp  response
	fail  string // what went wrong, "" if nothing
}

// TestTimingTwentyClients is the course's load test: 20 clients ask
// /api/city at once, each for two zip codes one after the other, with the
// services' real latencies. It runs in virtual time (a testing/synctest
// bubble, the services and the API on an in-memory network): every
// latency is exact, an HTTP exchange takes no time at all, and the figures
// are the same on every machine, busy or not. Every answer must be right,
// every request must reach each service once, and the median latency
// must be the longest chain of calls a request must wait for: location
// then sun, 0.417 + 0.486 = 0.903 s (the weather, 0.851 s, runs
// alongside).
func TestTimingTwentyClients(t *testing.T) {
	var running atomic.Pointer[world] // for the report when the clock stops
	var t0 atomic.Pointer[time.Time]
	stall := katatest.Bubble(t, func(t *testing.T) {
		w := newVirtualWorld(t)
		start := time.Now()
		t0.Store(&start)
		running.Store(w)
		reqs := runLoad(w)
		reportLoad(t, w, start, reqs)
	})
	if stall != nil {
		reportStall(t, running.Load(), *t0.Load(), stall)
	}
}

// runLoad sends the load: loadClients clients at once, loadRounds requests
// each.
func runLoad(w *world) []loadRequest {
	reqs := make([]loadRequest, loadClients*loadRounds)
	var wg sync.WaitGroup
	for c := range loadClients {
		wg.Go(func() {
			for k := range loadRounds {
				r := &reqs[c*loadRounds+k]
				r.place = loadPlaces[c*loadRounds+k]
				ctx, cancel := context.WithTimeout(context.Background(), clientTimeout)
				r.resp = w.get(ctx, "/api/city/"+r.place.loc.Zip)
				cancel()
				var got City
				switch {
				case r.resp.err != nil:
					r.fail = fmt.Sprintf("no answer within %v (%v)", clientTimeout, r.resp.err)
					r.resp.elapsed = max(r.resp.elapsed, clientTimeout)
				case r.resp.status != http.StatusOK:
					r.fail = fmt.Sprintf("status %d: %s", r.resp.status, strings.TrimSpace(string(r.resp.body)))
				case json.Unmarshal(r.resp.body, &got) != nil || got != expectedCity(r.place):
					r.fail = fmt.Sprintf("wrong answer: %s", strings.TrimSpace(string(r.resp.body)))
				}
			}
		})
	}
	wg.Wait()
	return reqs
}

// loadChain is the longest chain of calls a request of the load test
// waits for, and the budget of its median latency.
func loadChain() time.Duration {
	p := places[0]
	return max(ms(p.locMs+p.sunMs), ms(p.weatherMs))
}

func ms(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// reportLoad reports the figures of the load test and checks them.
func reportLoad(t *testing.T, w *world, start time.Time, reqs []loadRequest) {
	chain := loadChain()
	n := len(reqs)
	latencies := make([]time.Duration, n)
	var failed []string
	var lastAnswer time.Time
	for i, r := range reqs {
		latencies[i] = r.resp.elapsed
		if r.fail != "" {
			failed = append(failed, fmt.Sprintf("GET /api/city/%s: %s", r.place.loc.Zip, r.fail))
		}
		if r.resp.end.After(lastAnswer) {
			lastAnswer = r.resp.end
		}
	}
	sorted := slices.Clone(latencies)
	slices.Sort(sorted)
	p50, p95 := percentile(sorted, 0.50), percentile(sorted, 0.95)
	perSecond := float64(n-len(failed)) / lastAnswer.Sub(start).Seconds()
	locMax := int(w.loc.maxFlight.Load())

	katatest.Info(t, "longest chain (location 0.417 s then sun 0.486 s; weather 0.851 s can run alongside)",
		chain.String())
	katatest.Info(t, fmt.Sprintf("latency p95 (%d clients, %d requests, virtual time)", loadClients, n),
		p95.String())
	katatest.Info(t, fmt.Sprintf("requests per second (%d clients)", loadClients),
		fmt.Sprintf("%.1f (the course, 20 connections: Flask 4.7, Quart 20)", perSecond))
	katatest.Info(t, "calls in flight at the location service (largest)", fmt.Sprint(locMax))

	var failNote string
	if len(failed) > 0 {
		failNote = fmt.Sprintf("%d of %d requests failed; the first: %s. Every request must be answered "+
			"correctly under load", len(failed), n, failed[0])
	}
	katatest.AtMost(t, fmt.Sprintf("failed requests (%d clients)", loadClients), len(failed), 0, failNote)

	// Every request asked for a zip code of its own: each service must have
	// received exactly one call for it, answered in full.
	reached := 0
	var missed []string
	for _, r := range reqs {
		if why := callsMissed(w, r.place.loc.Zip); why != "" {
			missed = append(missed, fmt.Sprintf("GET /api/city/%s: %s", r.place.loc.Zip, why))
			continue
		}
		reached++
	}
	var reachNote string
	if len(missed) > 0 {
		reachNote = fmt.Sprintf("Each request asked for a zip code nobody had asked for before, so its "+
			"answer can only come from the three services, one call each. %s (and %d more like it).",
			missed[0], len(missed)-1)
	}
	katatest.AtLeast(t, "requests that made one call to each service", reached, n, reachNote)

	var note string
	if p50 > chain {
		note = fmt.Sprintf("Requests take longer than their longest chain of calls (%v); in virtual "+
			"time the HTTP exchanges take no time, so a right answer is exactly %v. %s",
			chain, chain, explainMedian(w, reqs, sorted))
	}
	katatest.WithinDuration(t, fmt.Sprintf("latency p50 (%d clients; budget: the longest chain)", loadClients),
		p50, chain, note)
}

// percentile returns the nearest-rank q-quantile of sorted latencies.
func percentile(sorted []time.Duration, q float64) time.Duration {
	i := int(float64(len(sorted))*q+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// callsMissed says how the calls for zip differ from one call to each
// service, answered in full; "" when they do not.
func callsMissed(w *world, zip string) string {
	var out []string
	for _, u := range w.upstreams() {
		calls := u.callsFor(zip)
		switch {
		case len(calls) == 0:
			out = append(out, fmt.Sprintf("the %s service received no call for it", u.name))
		case len(calls) > 1:
			out = append(out, fmt.Sprintf("the %s service received %d calls for it", u.name, len(calls)))
		case calls[0].end.IsZero() || calls[0].cancelled:
			out = append(out, fmt.Sprintf("its %s call did not run to its answer", u.name))
		}
	}
	return strings.Join(out, ", ")
}

// explainMedian describes the calls of the request whose latency is the
// median, and what they show.
func explainMedian(w *world, reqs []loadRequest, sorted []time.Duration) string {
	p50 := percentile(sorted, 0.50)
	for _, r := range reqs {
		if r.resp.elapsed == p50 && r.fail == "" {
			return explain(timelineOf(w, r))
		}
	}
	return "" // the median request failed: the failed requests say why
}

// span is when the calls of one request to one service ran, relative to
// the moment the request was sent.
type span struct {
	start, end time.Duration
	calls      int // how many calls there were (start and end are the first's)
	ended      bool
}

// timeline is what the services saw of one request.
type timeline struct {
	zip                string
	location, sun, wea span
	answered           time.Duration // when the answer reached the client
}

func timelineOf(w *world, r loadRequest) timeline {
	tl := timeline{zip: r.place.loc.Zip, answered: r.resp.elapsed}
	for _, s := range []struct {
		u  *upstream
		to *span
	}{{w.loc, &tl.location}, {w.sun, &tl.sun}, {w.weather, &tl.wea}} {
		calls := s.u.callsFor(tl.zip)
		s.to.calls = len(calls)
		if len(calls) > 0 {
			s.to.start = calls[0].start.Sub(r.resp.start)
			s.to.ended = !calls[0].end.IsZero()
			s.to.end = calls[0].end.Sub(r.resp.start)
		}
	}
	return tl
}

func secs(d time.Duration) string { return fmt.Sprintf("%.3f s", d.Seconds()) }

func (s span) String() string {
	switch {
	case s.calls == 0:
		return "no call"
	case !s.ended:
		return "from " + secs(s.start) + ", no answer"
	}
	return secs(s.start) + " to " + secs(s.end)
}

func (tl timeline) String() string {
	return fmt.Sprintf("location %v, sun %v, weather %v, answer at %s", tl.location, tl.sun, tl.wea, secs(tl.answered))
}

// explain says what the calls of one request show about why it took as
// long as it did: which call waited for which, or where time went that
// no call used. Where the observation does not decide, it says only what
// was seen.
func explain(tl timeline) string {
	seen := fmt.Sprintf("The median request (GET /api/city/%s), measured from the moment it was sent: %v.", tl.zip, tl)
	if tl.location.calls != 1 || tl.sun.calls != 1 || tl.wea.calls != 1 ||
		!tl.location.ended || !tl.sun.ended || !tl.wea.ended {
		return seen + " A request should make one call to each service and wait for its answer."
	}
	named := []struct {
		name string
		s    span
	}{{"location", tl.location}, {"sun", tl.sun}, {"weather", tl.wea}}
	// For each call, the call it waited for: the last one to answer at or
	// before the moment it started (the sun waiting for the location is
	// the one wait a request needs).
	var waits []string
	weatherWaited, sunWaitedWeather, locationWaited := false, false, false
	for _, b := range named {
		after := ""
		var at time.Duration
		for _, a := range named {
			if a.name != b.name && a.s.end <= b.s.start && (after == "" || a.s.end > at) {
				after, at = a.name, a.s.end
			}
		}
		if after == "" || (b.name == "sun" && after == "location") {
			continue
		}
		when := "the moment the " + after + " call answered (" + secs(at) + ")"
		if b.s.start > at {
			when = fmt.Sprintf("at %s, after the %s call had answered (%s)", secs(b.s.start), after, secs(at))
		}
		if b.name == "weather" && after == "sun" && tl.sun.start >= tl.location.end {
			when += ": the three calls ran one after the other"
		}
		waits = append(waits, fmt.Sprintf("the %s call started only %s", b.name, when))
		switch b.name {
		case "weather":
			weatherWaited = true
		case "sun":
			sunWaitedWeather = true
		case "location":
			locationWaited = true
		}
	}
	if len(waits) > 0 {
		var advice []string
		if weatherWaited || locationWaited {
			advice = append(advice, "The weather needs only the zip code: start it at the same time as the "+
				"location call, in a goroutine of its own, so it runs alongside the whole location-then-sun chain.")
		}
		if sunWaitedWeather {
			advice = append(advice, "The sun call needs only the location: make it right after the location "+
				"call, in the same branch, without waiting for the weather.")
		}
		return fmt.Sprintf("%s So %s. %s Wait for both branches only before answering (make hint EX=13).",
			seen, strings.Join(waits, ", and "), strings.Join(advice, " "))
	}
	if gap := tl.sun.start - tl.location.end; gap > 0 {
		return fmt.Sprintf("%s The sun call started %s after the location call had answered: something "+
			"between the two calls waited (a sleep, a lock, a loop that checks every few milliseconds?).",
			seen, secs(gap))
	}
	if first := min(tl.location.start, tl.wea.start); first > 0 {
		return fmt.Sprintf("%s Its first call started %s after the request was sent: the request waited "+
			"before calling any service. Requests should not wait for each other (a lock or a semaphore "+
			"around the handler?), nor for a timer.", seen, secs(first))
	}
	if last := max(tl.sun.end, tl.wea.end); tl.answered > last {
		return fmt.Sprintf("%s Every call had answered by %s, but the answer came %s later: the handler "+
			"went on waiting after its last call had ended (a sleep, or a loop that checks every few "+
			"milliseconds?). Wait for the branches themselves: a sync.WaitGroup, errgroup, or a channel.",
			seen, secs(last), secs(tl.answered-last))
	}
	return seen
}

// reportStall reports a load test whose clock stopped: the goroutines in
// the bubble all wait, and some of them for a lock (which stops the
// virtual clock), so no request can ever be answered.
func reportStall(t *testing.T, w *world, t0 time.Time, stall *katatest.Stall) {
	t.Helper()
	stopped := time.Duration(0)
	locMax := 0
	if w != nil {
		for _, u := range w.upstreams() {
			u.mu.Lock()
			for _, c := range u.calls {
				stopped = max(stopped, c.start.Sub(t0), c.end.Sub(t0))
			}
			u.mu.Unlock()
		}
		locMax = int(w.loc.maxFlight.Load())
	}
	note := fmt.Sprintf("The test's clock stopped at %s, with %d clients waiting: %s. In virtual time a "+
		"goroutine that waits for a sync.Mutex stops the clock, so the service call that the lock's "+
		"holder waits for never ends; outside the test, the requests would take turns, one at a time "+
		"(the location service had at most %d call(s) at once). A lock held across a call to a "+
		"service makes every other request wait for that call. net/http runs each request in its own "+
		"goroutine and Services is safe for concurrent use: hold a lock only around the data it "+
		"protects, never across a call.", secs(stopped), loadClients, stall, locMax)
	katatest.Log(t, katatest.Measure{
		What:     fmt.Sprintf("latency p50 (%d clients; budget: the longest chain)", loadClients),
		Observed: "none: the requests waited for a lock, and the test's clock stopped",
		Budget:   "at most " + loadChain().String(),
		Note:     note,
	})
	t.FailNow()
}
