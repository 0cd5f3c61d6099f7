// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the city endpoint fetches the weather alongside the location and
// sun, but every upstream call runs with context.Background() ("so that a
// cancelled request context cannot break the calls"). When the client
// hangs up, the services keep working for an answer nobody will read.
// Rejected by: tests (TestHangUpCancelsUpstreamCalls).

import (
	"context"
	"net/http"

	"golang.org/x/sync/errgroup"
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
	ctx := context.Background()
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
	weather, err := a.svc.Weather(context.Background(), r.PathValue("zip"))
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, weather)
}

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	zip := r.PathValue("zip")
	g, ctx := errgroup.WithContext(context.Background())
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
