// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the two branches run at once, but the handler waits for them by
// looking at two flags every 10 ms ("done yet?") instead of waiting on the
// goroutines themselves. The flags are atomic, so there is no data race,
// and outside a test nobody notices 10 ms. But each answer leaves at the
// first look after both branches are done: 0.910 s instead of 0.903 s,
// and the loop burns a wake-up every 10 ms per request. Rejected by:
// timing (virtual time is exact: the median is 7 ms over the chain).

import (
	"net/http"
	"sync/atomic"
	"time"
)

type api struct {
	svc *Services
}

// NewHandler returns the API's handler; see the exercise's server.go.
func NewHandler(svc *Services) http.Handler {
	a := &api{svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/sun/{zip}", a.sun)
	mux.HandleFunc("GET /api/weather/{zip}", a.weather)
	mux.HandleFunc("GET /api/city/{zip}", a.city)
	return mux
}

func (a *api) sun(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	loc, err := a.svc.Location(ctx, r.PathValue("zip"))
	if err != nil {
		WriteError(w, err)
		return
	}
	sun, err := a.svc.Sun(ctx, loc.Lat, loc.Lon)
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

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	zip := r.PathValue("zip")

	var weather Weather
	var loc Location
	var sun Sun
	var weatherErr, chainErr error
	var weatherDone, chainDone atomic.Bool
	go func() {
		weather, weatherErr = a.svc.Weather(ctx, zip)
		weatherDone.Store(true)
	}()
	go func() {
		defer chainDone.Store(true)
		if loc, chainErr = a.svc.Location(ctx, zip); chainErr != nil {
			return
		}
		sun, chainErr = a.svc.Sun(ctx, loc.Lat, loc.Lon)
	}()
	for !weatherDone.Load() || !chainDone.Load() {
		time.Sleep(10 * time.Millisecond)
	}
	if chainErr != nil {
		WriteError(w, chainErr)
		return
	}
	if weatherErr != nil {
		WriteError(w, weatherErr)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
