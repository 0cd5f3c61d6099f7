// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: concurrent inside a request and cancellable, but the API lets
// only 4 city requests call the services at once, with a buffered channel
// as a semaphore ("to be kind to the services", as 03's crawler is to its
// site). The course's load is 20 clients at once: 16 of them wait for a
// turn before calling anything, and the median request takes three
// chains instead of one. Rejected by: timing.

import (
	"net/http"

	"golang.org/x/sync/errgroup"
)

// maxCities is how many city requests may call the services at once.
const maxCities = 4

type api struct {
	svc   *Services
	turns chan struct{} // a slot per city request calling the services
}

// NewHandler returns the API's handler; see the exercise's server.go.
func NewHandler(svc *Services) http.Handler {
	a := &api{svc: svc, turns: make(chan struct{}, maxCities)}
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
	select {
	case a.turns <- struct{}{}:
		defer func() { <-a.turns }()
	case <-r.Context().Done():
		WriteError(w, r.Context().Err())
		return
	}
	zip := r.PathValue("zip")
	g, ctx := errgroup.WithContext(r.Context())
	var weather Weather
	g.Go(func() error {
		var err error
		weather, err = a.svc.Weather(ctx, zip)
		return err
	})
	var loc Location
	var sun Sun
	g.Go(func() error {
		var err error
		if loc, err = a.svc.Location(ctx, zip); err != nil {
			return err
		}
		sun, err = a.svc.Sun(ctx, loc.Lat, loc.Lon)
		return err
	})
	if err := g.Wait(); err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
