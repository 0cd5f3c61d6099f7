package sunapi

// The fake upstream services: three httptest servers on loopback (location,
// sun, weather) that answer after the latencies the course measured on the
// real services (location 0.29 to 0.54 s, sun 0.40 to 0.74 s), a fixed
// value per zip code so every run is the same. Each one counts the calls it
// is answering, the calls that ran to the end, the calls whose client went
// away first (cancelled), and its open connections.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// place is one zip code the fake services know, with what they answer and
// how long each takes to answer it.
type place struct {
	loc     Location
	sun     Sun
	weather Weather
	// Latencies of the three services for this zip code, in milliseconds.
	locMs, sunMs, weatherMs int
	// weatherDown makes the weather service answer 503 for this zip code.
	weatherDown bool
}

// The load test's zip code: location then sun take 0.42 + 0.48 = 0.90 s,
// the weather 0.85 s.
const loadZip = "97227"

// unknownZip is a zip code no service knows: each answers 404 after its
// latency.
const unknownZip = "00000"

// stormZip is a zip code whose weather service is down (503).
const stormZip = "99501"

var places = []place{
	{loc: Location{"97227", "Portland", "OR", 45.5434, -122.6747}, sun: Sun{"07:13", "16:32"},
		weather: Weather{"light rain", 9.5, 88}, locMs: 420, sunMs: 480, weatherMs: 850},
	{loc: Location{"98101", "Seattle", "WA", 47.6114, -122.3305}, sun: Sun{"07:33", "16:23"},
		weather: Weather{"overcast", 8, 91}, locMs: 290, sunMs: 400, weatherMs: 350},
	{loc: Location{"94103", "San Francisco", "CA", 37.7725, -122.4147}, sun: Sun{"06:57", "16:55"},
		weather: Weather{"fog", 13.5, 84}, locMs: 540, sunMs: 740, weatherMs: 700},
	{loc: Location{"10001", "New York", "NY", 40.7484, -73.9967}, sun: Sun{"06:54", "16:31"},
		weather: Weather{"clear", 6, 55}, locMs: 350, sunMs: 660, weatherMs: 480},
	{loc: Location{"60601", "Chicago", "IL", 41.8858, -87.6181}, sun: Sun{"06:50", "16:22"},
		weather: Weather{"windy", 3.5, 62}, locMs: 470, sunMs: 450, weatherMs: 520},
	{loc: Location{"80202", "Denver", "CO", 39.7527, -104.9992}, sun: Sun{"06:52", "16:39"},
		weather: Weather{"sunny", 11, 30}, locMs: 310, sunMs: 710, weatherMs: 400},
	{loc: Location{"78701", "Austin", "TX", 30.2713, -97.7426}, sun: Sun{"07:03", "17:32"},
		weather: Weather{"partly cloudy", 19.5, 58}, locMs: 500, sunMs: 430, weatherMs: 650},
	{loc: Location{"02108", "Boston", "MA", 42.3576, -71.0636}, sun: Sun{"06:40", "16:14"},
		weather: Weather{"snow showers", -1, 79}, locMs: 380, sunMs: 520, weatherMs: 450},
	{loc: Location{stormZip, "Anchorage", "AK", 61.2176, -149.8631}, sun: Sun{"09:42", "15:58"},
		locMs: 330, sunMs: 480, weatherMs: 300, weatherDown: true},
}

// unknownMs is how long each service takes to say it does not know a zip.
const unknownMs = 300

func placeByZip(zip string) (place, bool) {
	for _, p := range places {
		if p.loc.Zip == zip {
			return p, true
		}
	}
	return place{}, false
}

func coordsKey(lat, lon float64) string {
	return strconv.FormatFloat(lat, 'f', -1, 64) + "," + strconv.FormatFloat(lon, 'f', -1, 64)
}

// upstream is one fake service and what it observed.
type upstream struct {
	name  string
	srv   *httptest.Server
	scale float64 // latencies are multiplied by this

	started   atomic.Int64 // calls received
	completed atomic.Int64 // calls answered after the full latency
	cancelled atomic.Int64 // calls whose client went away before the answer
	inFlight  atomic.Int64 // calls being answered now
	maxFlight atomic.Int64 // the largest inFlight seen
	conns     atomic.Int64 // connections open now

	mu      sync.Mutex
	onStart func() // called as each call arrives, if set
}

// answer decides what the service says to r: how long it waits, then
// which status and body.
type answerFunc func(r *http.Request) (ms int, status int, body any)

func startUpstream(t testing.TB, name string, scale float64, answer answerFunc) *upstream {
	t.Helper()
	u := &upstream{name: name, scale: scale}
	u.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ms, status, body := answer(r)
		u.started.Add(1)
		now := u.inFlight.Add(1)
		for {
			m := u.maxFlight.Load()
			if now <= m || u.maxFlight.CompareAndSwap(m, now) {
				break
			}
		}
		u.mu.Lock()
		hook := u.onStart
		u.mu.Unlock()
		if hook != nil {
			hook()
		}
		timer := time.NewTimer(time.Duration(float64(ms) * scale * float64(time.Millisecond)))
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-r.Context().Done(): // the caller went away
			u.cancelled.Add(1)
			u.inFlight.Add(-1)
			return
		}
		u.completed.Add(1)
		u.inFlight.Add(-1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		b, _ := json.Marshal(body)
		_, _ = w.Write(b)
	}))
	u.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			u.conns.Add(1)
		case http.StateClosed, http.StateHijacked:
			u.conns.Add(-1)
		}
	}
	u.srv.Start()
	t.Cleanup(u.srv.Close)
	return u
}

func (u *upstream) setOnStart(f func()) {
	u.mu.Lock()
	u.onStart = f
	u.mu.Unlock()
}

// world is the API under test, its three upstream services, and a client.
type world struct {
	loc, sun, weather *upstream
	api               *httptest.Server
	client            *http.Client
	clientTr, upTr    *http.Transport
}

// newWorld starts the three fake services with their latencies multiplied
// by scale, and the API (NewHandler) in front of them. Everything is closed
// when the test ends.
func newWorld(t testing.TB, scale float64) *world {
	t.Helper()
	w := &world{}
	w.loc = startUpstream(t, "location", scale, func(r *http.Request) (int, int, any) {
		zip := strings.TrimPrefix(r.URL.Path, "/location/")
		p, ok := placeByZip(zip)
		if !ok {
			return unknownMs, http.StatusNotFound, map[string]string{"error": "unknown zip code " + zip}
		}
		return p.locMs, http.StatusOK, p.loc
	})
	w.sun = startUpstream(t, "sun", scale, func(r *http.Request) (int, int, any) {
		lat, err1 := strconv.ParseFloat(r.URL.Query().Get("lat"), 64)
		lon, err2 := strconv.ParseFloat(r.URL.Query().Get("lon"), 64)
		if r.URL.Path == "/sun" && err1 == nil && err2 == nil {
			for _, p := range places {
				if coordsKey(p.loc.Lat, p.loc.Lon) == coordsKey(lat, lon) {
					return p.sunMs, http.StatusOK, p.sun
				}
			}
		}
		return unknownMs, http.StatusBadRequest, map[string]string{"error": "no such place: " + r.URL.RawQuery}
	})
	w.weather = startUpstream(t, "weather", scale, func(r *http.Request) (int, int, any) {
		zip := strings.TrimPrefix(r.URL.Path, "/weather/")
		p, ok := placeByZip(zip)
		switch {
		case !ok:
			return unknownMs, http.StatusNotFound, map[string]string{"error": "unknown zip code " + zip}
		case p.weatherDown:
			return p.weatherMs, http.StatusServiceUnavailable, map[string]string{"error": "station offline"}
		}
		return p.weatherMs, http.StatusOK, p.weather
	})

	// The API's own transport to the services, and the test client's
	// transport to the API: both the test's, so their idle connections can
	// be closed at the end and goleak sees only what the API left behind.
	// Neither limits connections per host.
	w.upTr = &http.Transport{MaxIdleConnsPerHost: 100}
	svc := &Services{
		Client:      &http.Client{Transport: w.upTr},
		LocationURL: w.loc.srv.URL,
		SunURL:      w.sun.srv.URL,
		WeatherURL:  w.weather.srv.URL,
	}
	w.api = httptest.NewServer(NewHandler(svc))
	w.clientTr = &http.Transport{MaxIdleConnsPerHost: 100}
	w.client = &http.Client{Transport: w.clientTr}
	t.Cleanup(func() {
		w.api.Close()
		w.clientTr.CloseIdleConnections()
		w.upTr.CloseIdleConnections()
	})
	return w
}

func (w *world) upstreams() []*upstream { return []*upstream{w.loc, w.sun, w.weather} }

// response is what the API answered to one request.
type response struct {
	status  int
	body    []byte
	err     error // the request itself failed (timeout, connection error)
	elapsed time.Duration
}

// get asks the API for path with ctx.
func (w *world) get(ctx context.Context, path string) response { return w.getAt(ctx, w.api.URL, path) }

// getAt asks the API at base (another server than w.api) for path with
// ctx, through the test's client.
func (w *world) getAt(ctx context.Context, base, path string) response {
	start := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return response{err: err}
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return response{err: err, elapsed: time.Since(start)}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, body: body, err: err, elapsed: time.Since(start)}
}

// mustGet asks the API for path, failing the test if no answer comes
// within limit.
func (w *world) mustGet(t *testing.T, path string, limit time.Duration) response {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	r := w.get(ctx, path)
	require.NoErrorf(t, r.err, "GET %s: no answer within %v. The services take at most %v together here; "+
		"is a handler stuck waiting for something that never comes?", path, limit, time.Duration(
		float64(2100*time.Millisecond)*w.loc.scale))
	return r
}

// expectedCity is the City the API should answer for p.
func expectedCity(p place) City {
	return City{Location: p.loc, Sun: p.sun, Weather: p.weather}
}

// decode unmarshals a JSON body into a T, failing the test when it is not
// one.
func decode[T any](t *testing.T, path string, r response) T {
	t.Helper()
	var v T
	require.NoErrorf(t, json.Unmarshal(r.body, &v), "GET %s answered %d with a body that is not the JSON "+
		"expected: %q. Write answers with WriteJSON.", path, r.status, r.body)
	return v
}

// describe summarises the calls the services received, for messages.
func (w *world) describe() string {
	var parts []string
	for _, u := range w.upstreams() {
		parts = append(parts, fmt.Sprintf("%s: %d calls (%d answered, %d cancelled, %d still running)",
			u.name, u.started.Load(), u.completed.Load(), u.cancelled.Load(), u.inFlight.Load()))
	}
	return strings.Join(parts, "; ")
}
