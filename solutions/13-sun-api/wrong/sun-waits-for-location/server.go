// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: three goroutines, one per service; the sun's waits on a channel
// for the location's answer. When the location fails (an unknown zip
// code), the handler answers the error at once, and the sun's goroutine
// waits for ever for a location that never comes (the weather's, for its
// call). Rejected by: tests (TestHandlerWaitsForItsGoroutines) and leak.

import (
	"net/http"
	"sync"
)

func NewHandler(svc *Services) http.Handler {
	a := &api{svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/sun/{zip}", a.sun)
	mux.HandleFunc("GET /api/weather/{zip}", a.weather)
	mux.HandleFunc("GET /api/city/{zip}", a.city)
	return mux
}

func (a *api) sun(w http.ResponseWriter, r *http.Request) {
	loc, err := a.svc.Location(r.Context(), r.PathValue("zip"))
	if err != nil {
		WriteError(w, err)
		return
	}
	sun, err := a.svc.Sun(r.Context(), loc.Lat, loc.Lon)
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, sun)
}

func (a *api) weather(w http.ResponseWriter, r *http.Request) {
	weather, err := a.svc.Weather(r.Context(), r.PathValue("zip"))
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, weather)
}

type api struct{ svc *Services }

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	zip := r.PathValue("zip")
	locCh := make(chan Location)
	errCh := make(chan error, 3)
	var (
		wg      sync.WaitGroup
		weather Weather
		loc     Location
		sun     Sun
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		var err error
		if weather, err = a.svc.Weather(ctx, zip); err != nil {
			errCh <- err
		}
	}()
	go func() {
		defer wg.Done()
		l, err := a.svc.Location(ctx, zip)
		if err != nil {
			errCh <- err
			return
		}
		loc = l
		locCh <- l
	}()
	go func() {
		defer wg.Done()
		l := <-locCh
		var err error
		if sun, err = a.svc.Sun(ctx, l.Lat, l.Lon); err != nil {
			errCh <- err
		}
	}()
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case err := <-errCh:
		WriteError(w, err)
		return
	case <-done:
	}
	select {
	case err := <-errCh:
		WriteError(w, err)
		return
	default:
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
