// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the city endpoint asks for the location first, and only then
// fetches the sun and the weather at the same time. The weather never
// needed the location, so it could have started at once: each request
// takes location + weather (1.268 s) instead of the longer chain, location
// then sun (0.903 s). Rejected by: timing.

import (
	"net/http"
	"sync"
)

// NewHandler returns the API's handler; see the exercise's server.go.
func NewHandler(svc *Services) http.Handler {
	a := &api{svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/sun/{zip}", a.sun)
	mux.HandleFunc("GET /api/weather/{zip}", a.weather)
	mux.HandleFunc("GET /api/city/{zip}", a.city)
	return mux
}

type api struct {
	svc *Services
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
	loc, err := a.svc.Location(ctx, zip)
	if err != nil {
		WriteError(w, err)
		return
	}

	var sun Sun
	var weather Weather
	var sunErr, weatherErr error
	var wg sync.WaitGroup
	wg.Go(func() { sun, sunErr = a.svc.Sun(ctx, loc.Lat, loc.Lon) })
	wg.Go(func() { weather, weatherErr = a.svc.Weather(ctx, zip) })
	wg.Wait()
	for _, err := range []error{sunErr, weatherErr} {
		if err != nil {
			WriteError(w, err)
			return
		}
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
