package sunapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestSameZipAtOnce sends a few requests for the same zip code at once,
// and the location service answers all of them at the same moment. So if
// the handlers keep something between requests (a map of the locations
// they have seen, say), several of them write it at the same moment, with
// nothing between those writes: the race detector sees it on every run,
// not only when the scheduler happens to interleave the requests.
func TestSameZipAtOnce(t *testing.T) {
	const clients = 4
	w := newWorld(t, fast)
	p := goodPlaces()[0]
	b := &locationBarrier{next: w.upTr, want: clients, all: make(chan struct{}), wait: time.Second}
	svc := &Services{
		Client:      &http.Client{Transport: b},
		LocationURL: w.loc.url,
		SunURL:      w.sun.url,
		WeatherURL:  w.weather.url,
	}
	api := httptest.NewServer(NewHandler(svc))
	t.Cleanup(api.Close)

	path := "/api/city/" + p.loc.Zip
	results := make([]response, clients)
	var wg sync.WaitGroup
	for i := range clients {
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), answerLimit)
			defer cancel()
			results[i] = w.getAt(ctx, api.URL, path)
		})
	}
	wg.Wait()
	for i, r := range results {
		require.NoErrorf(t, r.err, "client %d of %d, GET %s: no answer", i+1, clients, path)
		require.Equalf(t, http.StatusOK, r.status, "client %d of %d, GET %s answered %d: %s", i+1, clients, path, r.status, r.body)
		require.Equalf(t, expectedCity(p), decode[City](t, path, r),
			"client %d of %d, GET %s: a wrong answer when %d clients asked for the same zip code at once", i+1, clients, path, clients)
	}
}

// locationBarrier answers location calls itself, all at the same moment:
// it holds each one until want have come (or wait has passed, for code
// that makes them one at a time), then lets them all go. Other calls go
// to next. The answer is prepared before the wait, so nothing the calls
// share is touched after it: whatever the handlers do next, they do at
// once.
type locationBarrier struct {
	next http.RoundTripper
	want int
	wait time.Duration

	mu   sync.Mutex
	came int
	all  chan struct{} // closed when want calls have come
}

func (b *locationBarrier) RoundTrip(r *http.Request) (*http.Response, error) {
	zip, ok := strings.CutPrefix(r.URL.Path, "/location/")
	if !ok {
		return b.next.RoundTrip(r)
	}
	p, found := placeByZip(zip)
	status, body := http.StatusOK, any(p.loc)
	if !found {
		status, body = http.StatusNotFound, map[string]string{"error": "unknown zip code " + zip}
	}
	js, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	resp := &http.Response{
		Status: http.StatusText(status), StatusCode: status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(bytes.NewReader(js)),
		ContentLength: int64(len(js)), Request: r,
	}
	b.mu.Lock()
	b.came++
	if b.came == b.want {
		close(b.all)
	}
	b.mu.Unlock()
	timer := time.NewTimer(b.wait)
	defer timer.Stop()
	select {
	case <-b.all:
	case <-timer.C: // the calls come one at a time: let this one go
	case <-r.Context().Done():
		return nil, r.Context().Err()
	}
	return resp, nil
}
