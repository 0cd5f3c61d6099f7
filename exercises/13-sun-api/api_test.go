package sunapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

const (
	// fast scales the services' latencies in the functional tests: a tenth
	// of the course's, so the tests stay quick under -race.
	fast = 0.1
	// answerLimit is how long a functional test waits for one answer.
	answerLimit = 10 * time.Second
)

// goodPlaces are the zip codes every service knows.
func goodPlaces() []place {
	var out []place
	for _, p := range places {
		if !p.weatherDown && !p.sunDown {
			out = append(out, p)
		}
	}
	return out
}

// TestManyClients sends 20 requests to /api/city at once, for different
// zip codes, and checks every answer: handlers run concurrently, so
// anything they share must be safe for that. It comes first, so that
// anything a handler remembers between requests (a cache) starts empty
// and is filled by concurrent requests, where -race can see it.
func TestManyClients(t *testing.T) {
	const clients = 20
	w := newWorld(t, fast)
	good := goodPlaces()
	results := make([]response, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), answerLimit)
			defer cancel()
			results[i] = w.get(ctx, "/api/city/"+good[i%len(good)].loc.Zip)
		})
	}
	wg.Wait()
	for i, r := range results {
		p := good[i%len(good)]
		path := "/api/city/" + p.loc.Zip
		require.NoErrorf(t, r.err, "client %d of %d, GET %s: no answer", i+1, clients, path)
		require.Equalf(t, http.StatusOK, r.status, "client %d of %d, GET %s answered %d: %s", i+1, clients, path, r.status, r.body)
		require.Equalf(t, expectedCity(p), decode[City](t, path, r),
			"client %d of %d, GET %s: the answer mixes up data (20 clients at once)", i+1, clients, path)
	}
}

// TestSunEndpoint checks /api/sun/{zip}: the location's coordinates go to
// the sun service, and its answer comes back as is.
func TestSunEndpoint(t *testing.T) {
	w := newWorld(t, fast)
	for _, p := range places {
		if p.sunDown {
			continue // TestErrors
		}
		path := "/api/sun/" + p.loc.Zip
		r := w.mustGet(t, path, answerLimit)
		require.Equalf(t, http.StatusOK, r.status, "GET %s answered %d: %s", path, r.status, r.body)
		require.Equalf(t, p.sun, decode[Sun](t, path, r), "GET %s: wrong sunrise and sunset. "+
			"Ask the sun service with the coordinates the location service returned.", path)
	}
}

// TestWeatherEndpoint checks /api/weather/{zip}.
func TestWeatherEndpoint(t *testing.T) {
	w := newWorld(t, fast)
	for _, p := range goodPlaces() {
		path := "/api/weather/" + p.loc.Zip
		r := w.mustGet(t, path, answerLimit)
		require.Equalf(t, http.StatusOK, r.status, "GET %s answered %d: %s", path, r.status, r.body)
		require.Equalf(t, p.weather, decode[Weather](t, path, r), "GET %s: wrong weather", path)
	}
}

// TestCityEndpoint checks /api/city/{zip}: location, sun and weather
// together.
func TestCityEndpoint(t *testing.T) {
	w := newWorld(t, fast)
	for _, p := range goodPlaces() {
		path := "/api/city/" + p.loc.Zip
		r := w.mustGet(t, path, answerLimit)
		require.Equalf(t, http.StatusOK, r.status, "GET %s answered %d: %s", path, r.status, r.body)
		require.Equalf(t, expectedCity(p), decode[City](t, path, r), "GET %s: the City answered is not "+
			"what the three services said: each field must come from its service, for this zip code.", path)
	}
}

// TestErrors checks the error answers: 404 for a zip code the services do
// not know, 502 when the weather service is down (the sun endpoint does not
// need it and still works).
func TestErrors(t *testing.T) {
	w := newWorld(t, fast)
	cases := []struct {
		path string
		want int
		why  string
	}{
		{"/api/sun/" + unknownZip, http.StatusNotFound, "the location service does not know this zip code"},
		{"/api/weather/" + unknownZip, http.StatusNotFound, "the weather service does not know this zip code"},
		{"/api/city/" + unknownZip, http.StatusNotFound, "no service knows this zip code"},
		{"/api/weather/" + stormZip, http.StatusBadGateway, "the weather service answered 503"},
		{"/api/city/" + stormZip, http.StatusBadGateway, "the weather service answered 503"},
		{"/api/sun/" + stormZip, http.StatusOK, "the sun endpoint does not use the weather service"},
		{"/api/sun/" + polarZip, http.StatusBadGateway, "the sun service answered 503"},
		{"/api/city/" + polarZip, http.StatusBadGateway, "the sun service answered 503"},
		{"/api/weather/" + polarZip, http.StatusOK, "the weather endpoint does not use the sun service"},
	}
	for _, c := range cases {
		r := w.mustGet(t, c.path, answerLimit)
		require.Equalf(t, c.want, r.status, "GET %s answered %d (%s), want %d: %s. Report a failed call "+
			"with WriteError(w, err), using the error the service returned.",
			c.path, r.status, strings.TrimSpace(string(r.body)), c.want, c.why)
	}
	r := w.mustGet(t, "/api/city/"+stormZip, answerLimit)
	require.Containsf(t, string(r.body), "weather service", "GET /api/city/%s should say which service failed "+
		"(the weather service); it answered %s", stormZip, r.body)
}

// TestHangUpCancelsUpstreamCalls sends one request to each endpoint and
// hangs up while a service call made for it runs: as the first service
// receives its call, and, for the endpoints that call the sun service
// after the location, as the sun service receives its call. Every call
// still running then, or made after, must end cancelled: nobody will read
// the answer, so the services should stop working on it.
func TestHangUpCancelsUpstreamCalls(t *testing.T) {
	cases := []struct {
		name, endpoint string
		at             string // the service whose call starting is the moment to hang up; "" for any
	}{
		{"sun", "sun", ""},
		{"sun-during-sun-call", "sun", "sun"},
		{"weather", "weather", ""},
		{"city", "city", ""},
		{"city-during-sun-call", "city", "sun"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Real latencies here (San Francisco: location 0.54 s, sun
			// 0.74 s, weather 0.70 s), so the hang-up has plenty of time
			// to arrive.
			w := newWorld(t, 1)
			started := make(chan struct{}, 1)
			for _, u := range w.upstreams() {
				if c.at != "" && u.name != c.at {
					continue
				}
				u.setOnStart(func() {
					select {
					case started <- struct{}{}:
					default:
					}
				})
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			path := "/api/" + c.endpoint + "/94103"
			moment := "the first service call"
			if c.at != "" {
				moment = "the " + c.at + " call"
			}
			answered := make(chan response, 1)
			go func() { answered <- w.get(ctx, path) }()

			select {
			case <-started:
			case r := <-answered:
				t.Fatalf("GET %s answered (status %d, error %v) before %s started", path, r.status, r.err, moment)
			case <-time.After(answerLimit):
				t.Fatalf("GET %s: %s did not start within %v", path, moment, answerLimit)
			}
			// Calls that ended before the hang-up (the location call, when
			// the client hangs up during the sun call) do not count.
			before := map[string]int64{}
			for _, u := range w.upstreams() {
				before[u.name] = u.completed.Load()
			}
			cancel() // the client hangs up
			<-answered

			// Wait until the services have had no call running for 200 ms
			// (a call that is not cancelled runs to its end, at most about
			// 2 s, and a handler may make the next one right after).
			deadline := time.Now().Add(3 * time.Second)
			var idleSince time.Time
			for time.Now().Before(deadline) {
				busy := false
				for _, u := range w.upstreams() {
					busy = busy || u.inFlight.Load() > 0
				}
				switch {
				case busy:
					idleSince = time.Time{}
				case idleSince.IsZero():
					idleSince = time.Now()
				case time.Since(idleSince) >= 200*time.Millisecond:
					deadline = time.Now()
				}
				time.Sleep(5 * time.Millisecond)
			}
			var ran []string
			for _, u := range w.upstreams() {
				if n := u.completed.Load() - before[u.name]; n > 0 {
					ran = append(ran, fmt.Sprintf("the %s service answered %d call(s) in full", u.name, n))
				}
				require.Zerof(t, u.inFlight.Load(), "3 s after the client of GET %s hung up, the %s service "+
					"was still answering a call for it (%s)", path, u.name, w.describe())
			}
			if len(ran) > 0 {
				require.Failf(t, "calls answered in full for a client that had hung up",
					"the client of GET %s hung up during %s, yet %s. Those calls knew nothing of the client: "+
						"they were made with a context that is never cancelled (context.Background()). Use the "+
						"request's context, r.Context(), for every upstream call (also in goroutines you start): "+
						"net/http cancels it when the client goes away. (%s)",
					path, moment, strings.Join(ran, " and "), w.describe())
			}
		})
	}
}

// TestNothingLeftAfterClose sends a mix of requests (answered, failed,
// hung up), closes the server, and checks that no call to a service is
// still running and no connection to one is still open: the API must not
// keep working on requests that are over.
func TestNothingLeftAfterClose(t *testing.T) {
	w := newWorld(t, 0.2)
	paths := []string{
		"/api/city/" + loadZip, "/api/city/" + unknownZip, "/api/city/" + stormZip, "/api/city/" + polarZip,
		"/api/sun/10001", "/api/weather/" + unknownZip, "/api/city/60601",
	}
	var wg sync.WaitGroup
	for _, path := range paths {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), answerLimit)
			defer cancel()
			w.get(ctx, path)
		})
	}
	// One client that hangs up early.
	wg.Go(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 40*time.Millisecond)
		defer cancel()
		w.get(ctx, "/api/city/94103")
	})
	wg.Wait()

	w.closeAPI() // returns once every handler has returned
	w.clientTr.CloseIdleConnections()
	w.upTr.CloseIdleConnections()

	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		left := int64(0)
		for _, u := range w.upstreams() {
			left += u.inFlight.Load() + u.conns.Load()
		}
		if left == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, u := range w.upstreams() {
		require.Zerof(t, u.inFlight.Load()+u.conns.Load(), "2 s after the server closed, the %s service "+
			"still had %d call(s) running and %d connection(s) open (%s). Some upstream call outlived its "+
			"request: a goroutine the handler started and did not wait for, running with a context that the "+
			"end of the request does not cancel. Wait for every goroutine before the handler returns, and "+
			"give them r.Context() (or a context derived from it).",
			u.name, u.inFlight.Load(), u.conns.Load(), w.describe())
	}
}

// TestHandlerWaitsForItsGoroutines calls the city handler directly, for a
// zip code whose weather call fails while the location-then-sun chain
// still runs, and for one whose sun call fails while the weather call
// still runs. The first error decides the answer (502), but the handler
// may return only once every goroutine it started has ended: cancelled
// (errgroup's ctx is, on the first error) or run to its end.
func TestHandlerWaitsForItsGoroutines(t *testing.T) {
	w := newWorld(t, 0.5) // weather fails at 0.15 s, the chain runs to 0.405 s; sun fails at 0.25 s, weather to 0.45 s
	h := NewHandler(w.services(&http.Client{Transport: w.upTr}))
	for _, c := range []struct{ zip, fails, runs string }{
		{stormZip, "weather", "location-then-sun chain"},
		{polarZip, "sun", "weather call"},
	} {
		path := "/api/city/" + c.zip
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		before := katatest.Snapshot()
		done := make(chan struct{})
		go func() {
			defer close(done)
			h.ServeHTTP(rec, req)
		}()
		select {
		case <-done:
		case <-time.After(answerLimit):
			katatest.Hung(t, "the handler for GET "+path, answerLimit,
				"It should answer 502 once the "+c.fails+" service has failed.")
		}
		katatest.NoGoroutinesLeft(t, before, 20*time.Millisecond, fmt.Sprintf("the handler for GET %s "+
			"(the %s call failed while the %s was still running)", path, c.fails, c.runs))
		require.Equalf(t, http.StatusBadGateway, rec.Code, "GET %s answered %d: %s", path, rec.Code, rec.Body)
	}
}
