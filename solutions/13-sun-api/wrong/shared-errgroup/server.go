// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the city endpoint runs its two branches in an errgroup.Group,
// but one Group kept in the api struct, made once for every request
// ("a group is cheap to reuse"). Its Wait waits for every request's
// goroutines, not this one's, and a Group remembers its first error for
// good: after one failed request, every later city request answers that
// error. Rejected by: tests (TestErrors: a good zip code asked after a
// failed one gets the old error).

import (
	"net/http"

	"golang.org/x/sync/errgroup"
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

type api struct {
	svc *Services
	g   errgroup.Group // started once, reused by every request
}

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	zip := r.PathValue("zip")
	var (
		weather Weather
		loc     Location
		sun     Sun
	)
	a.g.Go(func() error {
		var err error
		weather, err = a.svc.Weather(ctx, zip)
		return err
	})
	a.g.Go(func() error {
		var err error
		if loc, err = a.svc.Location(ctx, zip); err != nil {
			return err
		}
		sun, err = a.svc.Sun(ctx, loc.Lat, loc.Lon)
		return err
	})
	if err := a.g.Wait(); err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
