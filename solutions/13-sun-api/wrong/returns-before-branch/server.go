// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: both branches report on channels with room for their answer, so
// no goroutine can ever block on its send, and the handler answers as soon
// as the first error arrives. But it returns without waiting for the other
// branch: that goroutine is still calling a service after the request is
// over (until net/http cancels the request's context, or for ever if it
// had used another context). goleak never sees it, because it ends soon
// after. Rejected by: tests (TestHandlerWaitsForItsGoroutines, which looks
// right after the handler returns).

import (
	"net/http"
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

	type weatherResult struct {
		weather Weather
		err     error
	}
	type chainResult struct {
		loc Location
		sun Sun
		err error
	}
	weatherCh := make(chan weatherResult, 1)
	chainCh := make(chan chainResult, 1)
	go func() {
		weather, err := a.svc.Weather(ctx, zip)
		weatherCh <- weatherResult{weather, err}
	}()
	go func() {
		loc, err := a.svc.Location(ctx, zip)
		if err != nil {
			chainCh <- chainResult{err: err}
			return
		}
		sun, err := a.svc.Sun(ctx, loc.Lat, loc.Lon)
		chainCh <- chainResult{loc, sun, err}
	}()

	var city City
	for range 2 {
		select {
		case wr := <-weatherCh:
			if wr.err != nil {
				WriteError(w, wr.err) // the chain's goroutine is still running
				return
			}
			city.Weather = wr.weather
		case cr := <-chainCh:
			if cr.err != nil {
				WriteError(w, cr.err) // the weather's goroutine is still running
				return
			}
			city.Location, city.Sun = cr.loc, cr.sun
		}
	}
	WriteJSON(w, city)
}
