// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the city endpoint is concurrent inside and uses the request's
// context, but the whole handler runs under one mutex ("the handlers share
// the Services client"). An http.Client is safe for concurrent use; the
// lock only makes the 20 clients take turns, as a single-threaded server
// would. Rejected by: timing (p50 and errors under 20 clients).

import (
	"net/http"
	"sync"

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
	mu  sync.Mutex // guards svc
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
	a.mu.Lock()
	defer a.mu.Unlock()

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
