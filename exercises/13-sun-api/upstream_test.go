package sunapi

// The fake upstream services (location, sun, weather) answer after the
// latencies the course measured on the real services (location 0.29 to
// 0.54 s, sun 0.40 to 0.74 s), a fixed value per zip code so every run is
// the same. Each one counts the calls it is answering, the calls that ran
// to the end, the calls whose client went away first (cancelled), and its
// open connections, and records when each call started and ended.
//
// The functional tests serve them with httptest on loopback, in real time
// (newWorld). The timing test serves them, and the API, on an in-memory
// network inside a testing/synctest bubble (newVirtualWorld), where their
// latencies are exact and take no real time.

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

	"github.com/asynckata/kata/internal/katatest"
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
	// weatherDown makes the weather service answer 503 for this zip code,
	// sunDown the sun service (for its coordinates).
	weatherDown, sunDown bool
}

// Portland's zip code: location then sun take 0.417 + 0.486 = 0.903 s,
// the weather 0.851 s. The load test asks for zip codes of its own with
// the same latencies (loadPlaces). The latencies are not round on purpose:
// a handler that waits by polling every 10, 50 or 100 ms can never finish
// at the same moment as a call, so how long it waits is exact.
const loadZip = "97227"

// unknownZip is a zip code no service knows: each answers 404 after its
// latency.
const unknownZip = "00000"

// stormZip is a zip code whose weather service is down (503): it fails
// while the location-then-sun chain still runs.
const stormZip = "99501"

// polarZip is a zip code the sun service fails for (503: the sun does not
// rise there in winter), while the weather call still runs.
const polarZip = "99723"

var places = []place{
	{loc: Location{"97227", "Portland", "OR", 45.5434, -122.6747}, sun: Sun{"07:13", "16:32"},
		weather: Weather{"light rain", 9.5, 88}, locMs: 417, sunMs: 486, weatherMs: 851},
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
	{loc: Location{polarZip, "Utqiagvik", "AK", 71.2906, -156.7886}, weather: Weather{"blowing snow", -27, 71},
		locMs: 300, sunMs: 200, weatherMs: 900, sunDown: true},
}

// unknownMs is how long each service takes to say it does not know a zip.
const unknownMs = 300

// loadPlaces are the zip codes of the load test, one for each request it
// sends, all with Portland's latencies: every request the test measures
// asks for a zip code the API has not seen, so its answer must come from
// the services (a cache of answers cannot stand in for them), and each
// service's calls tell which request they were made for.
var loadPlaces = func() []place {
	portland := places[0] // loadZip
	out := make([]place, loadClients*loadRounds)
	for i := range out {
		p := portland
		p.loc.Zip = fmt.Sprintf("973%02d", i+1)
		p.loc.Lat = 45.5 + float64(i+1)/1000
		p.loc.Lon = -122.7 + float64(i+1)/1000
		p.sun = Sun{Sunrise: fmt.Sprintf("07:%02d", 10+i%40), Sunset: fmt.Sprintf("16:%02d", 10+i%45)}
		p.weather = Weather{Description: "light rain", TempC: 5 + float64(i%10)/2, Humidity: 70 + i%25}
		out[i] = p
	}
	return out
}()

// placeByZip finds the place the services know as zip.
func placeByZip(zip string) (place, bool) {
	for _, p := range places {
		if p.loc.Zip == zip {
			return p, true
		}
	}
	for _, p := range loadPlaces {
		if p.loc.Zip == zip {
			return p, true
		}
	}
	return place{}, false
}

// placeByCoords finds the place at lat, lon.
func placeByCoords(lat, lon float64) (place, bool) {
	key := coordsKey(lat, lon)
	for _, ps := range [][]place{places, loadPlaces} {
		for _, p := range ps {
			if coordsKey(p.loc.Lat, p.loc.Lon) == key {
				return p, true
			}
		}
	}
	return place{}, false
}

func coordsKey(lat, lon float64) string {
	return strconv.FormatFloat(lat, 'f', -1, 64) + "," + strconv.FormatFloat(lon, 'f', -1, 64)
}

// call is one call a service received.
type call struct {
	zip        string    // the zip code it was made for ("" if unknown)
	start, end time.Time // end is zero while the call runs
	cancelled  bool      // the caller went away before the answer
}

// upstream is one fake service and what it observed.
type upstream struct {
	name    string
	url     string       // where the API reaches it
	handler http.Handler // answers its calls
	scale   float64      // latencies are multiplied by this

	started   atomic.Int64 // calls received
	completed atomic.Int64 // calls answered after the full latency
	cancelled atomic.Int64 // calls whose client went away before the answer
	inFlight  atomic.Int64 // calls being answered now
	maxFlight atomic.Int64 // the largest inFlight seen
	conns     atomic.Int64 // connections open now

	mu      sync.Mutex
	onStart func() // called as each call arrives, if set
	calls   []call // every call, in the order they arrived
}

// answerFunc decides what the service says to r: for which zip code, how
// long it waits, then which status and body.
type answerFunc func(r *http.Request) (zip string, ms int, status int, body any)

// newUpstream makes a fake service; serve its handler to start it.
func newUpstream(name string, scale float64, answer answerFunc) *upstream {
	u := &upstream{name: name, scale: scale}
	u.handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		zip, ms, status, body := answer(r)
		u.started.Add(1)
		now := u.inFlight.Add(1)
		for {
			m := u.maxFlight.Load()
			if now <= m || u.maxFlight.CompareAndSwap(m, now) {
				break
			}
		}
		u.mu.Lock()
		i := len(u.calls)
		u.calls = append(u.calls, call{zip: zip, start: time.Now()})
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
			u.ended(i, true)
			return
		}
		u.ended(i, false)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		b, _ := json.Marshal(body)
		_, _ = w.Write(b)
	})
	return u
}

// ended records the end of call i.
func (u *upstream) ended(i int, cancelled bool) {
	if cancelled {
		u.cancelled.Add(1)
	} else {
		u.completed.Add(1)
	}
	u.inFlight.Add(-1)
	u.mu.Lock()
	u.calls[i].end, u.calls[i].cancelled = time.Now(), cancelled
	u.mu.Unlock()
}

// connState counts the service's open connections.
func (u *upstream) connState(_ net.Conn, s http.ConnState) {
	switch s {
	case http.StateNew:
		u.conns.Add(1)
	case http.StateClosed, http.StateHijacked:
		u.conns.Add(-1)
	}
}

func (u *upstream) setOnStart(f func()) {
	u.mu.Lock()
	u.onStart = f
	u.mu.Unlock()
}

// callsFor returns the calls made for zip, in the order they arrived.
func (u *upstream) callsFor(zip string) []call {
	u.mu.Lock()
	defer u.mu.Unlock()
	var out []call
	for _, c := range u.calls {
		if c.zip == zip {
			out = append(out, c)
		}
	}
	return out
}

// fakeServices makes the three services, latencies multiplied by scale,
// and starts each with serve.
func fakeServices(scale float64, serve func(*upstream)) (loc, sun, weather *upstream) {
	loc = newUpstream("location", scale, func(r *http.Request) (string, int, int, any) {
		zip := strings.TrimPrefix(r.URL.Path, "/location/")
		p, ok := placeByZip(zip)
		if !ok {
			return zip, unknownMs, http.StatusNotFound, map[string]string{"error": "unknown zip code " + zip}
		}
		return zip, p.locMs, http.StatusOK, p.loc
	})
	sun = newUpstream("sun", scale, func(r *http.Request) (string, int, int, any) {
		lat, err1 := strconv.ParseFloat(r.URL.Query().Get("lat"), 64)
		lon, err2 := strconv.ParseFloat(r.URL.Query().Get("lon"), 64)
		if r.URL.Path == "/sun" && err1 == nil && err2 == nil {
			if p, ok := placeByCoords(lat, lon); ok && p.sunDown {
				return p.loc.Zip, p.sunMs, http.StatusServiceUnavailable, map[string]string{"error": "no sunrise today"}
			} else if ok {
				return p.loc.Zip, p.sunMs, http.StatusOK, p.sun
			}
		}
		return "", unknownMs, http.StatusBadRequest, map[string]string{"error": "no such place: " + r.URL.RawQuery}
	})
	weather = newUpstream("weather", scale, func(r *http.Request) (string, int, int, any) {
		zip := strings.TrimPrefix(r.URL.Path, "/weather/")
		p, ok := placeByZip(zip)
		switch {
		case !ok:
			return zip, unknownMs, http.StatusNotFound, map[string]string{"error": "unknown zip code " + zip}
		case p.weatherDown:
			return zip, p.weatherMs, http.StatusServiceUnavailable, map[string]string{"error": "station offline"}
		}
		return zip, p.weatherMs, http.StatusOK, p.weather
	})
	for _, u := range []*upstream{loc, sun, weather} {
		serve(u)
	}
	return loc, sun, weather
}

// world is the API under test, its three upstream services, and a client.
type world struct {
	loc, sun, weather *upstream
	apiURL            string
	closeAPI          func() // closes the API's server
	client            *http.Client
	clientTr, upTr    *http.Transport
}

// newWorld starts the three fake services with their latencies multiplied
// by scale, and the API (NewHandler) in front of them, all on loopback in
// real time. Everything is closed when the test ends.
func newWorld(t testing.TB, scale float64) *world {
	t.Helper()
	w := &world{}
	w.loc, w.sun, w.weather = fakeServices(scale, func(u *upstream) {
		srv := httptest.NewUnstartedServer(u.handler)
		srv.Config.ConnState = u.connState
		srv.Start()
		t.Cleanup(srv.Close)
		u.url = srv.URL
	})

	// The API's own transport to the services, and the test client's
	// transport to the API: both the test's, so their idle connections can
	// be closed at the end and goleak sees only what the API left behind.
	// Neither limits connections per host.
	w.upTr = &http.Transport{MaxIdleConnsPerHost: 100}
	w.clientTr = &http.Transport{MaxIdleConnsPerHost: 100}
	w.client = &http.Client{Transport: w.clientTr}
	api := httptest.NewServer(NewHandler(w.services(&http.Client{Transport: w.upTr})))
	w.apiURL, w.closeAPI = api.URL, api.Close // Close returns once every handler has returned
	t.Cleanup(func() {
		api.Close()
		w.clientTr.CloseIdleConnections()
		w.upTr.CloseIdleConnections()
	})
	return w
}

// newVirtualWorld is newWorld on an in-memory network, with the services'
// real latencies, for a test running in a synctest bubble: every latency
// is exact, and an HTTP exchange takes no time at all. Everything is
// closed when the test ends, inside the bubble.
func newVirtualWorld(t *testing.T) *world {
	t.Helper()
	var n katatest.Network
	serve := func(host string, h http.Handler, state func(net.Conn, http.ConnState)) (url string, srv *http.Server) {
		srv = &http.Server{Handler: h, ConnState: state}
		l := n.Listen(host)
		go func() { _ = srv.Serve(l) }()
		t.Cleanup(func() { _ = srv.Close() })
		return "http://" + host, srv
	}
	w := &world{}
	w.loc, w.sun, w.weather = fakeServices(1, func(u *upstream) {
		u.url, _ = serve(u.name+".test", u.handler, u.connState)
	})
	w.upTr = &http.Transport{DialContext: n.DialContext, MaxIdleConnsPerHost: 100}
	w.clientTr = &http.Transport{DialContext: n.DialContext, MaxIdleConnsPerHost: 100}
	w.client = &http.Client{Transport: w.clientTr}
	var api *http.Server
	w.apiURL, api = serve("api.test", NewHandler(w.services(&http.Client{Transport: w.upTr})), nil)
	w.closeAPI = func() { _ = api.Close() }
	t.Cleanup(func() {
		w.clientTr.CloseIdleConnections()
		w.upTr.CloseIdleConnections()
	})
	return w
}

// services is the Services the API is given: client, and the services'
// URLs.
func (w *world) services(client *http.Client) *Services {
	return &Services{
		Client:      client,
		LocationURL: w.loc.url,
		SunURL:      w.sun.url,
		WeatherURL:  w.weather.url,
	}
}

func (w *world) upstreams() []*upstream { return []*upstream{w.loc, w.sun, w.weather} }

// response is what the API answered to one request.
type response struct {
	status     int
	body       []byte
	err        error // the request itself failed (timeout, connection error)
	start, end time.Time
	elapsed    time.Duration
}

// get asks the API for path with ctx.
func (w *world) get(ctx context.Context, path string) response { return w.getAt(ctx, w.apiURL, path) }

// getAt asks the API at base (another server than w's API) for path with
// ctx, through the test's client.
func (w *world) getAt(ctx context.Context, base, path string) response {
	start := time.Now()
	done := func(r response) response {
		r.start, r.end = start, time.Now()
		r.elapsed = r.end.Sub(start)
		return r
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+path, nil)
	if err != nil {
		return done(response{err: err})
	}
	resp, err := w.client.Do(req)
	if err != nil {
		return done(response{err: err})
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return done(response{status: resp.StatusCode, body: body, err: err})
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
