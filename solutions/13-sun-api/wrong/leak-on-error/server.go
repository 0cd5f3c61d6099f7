// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the weather comes back on an unbuffered channel, and the handler
// returns early when the location or sun call fails, without receiving
// from it. The weather goroutine then blocks forever on its send: one
// goroutine leaked per failed request. Rejected by: leak.

import (
	"net/http"
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

type weatherResult struct {
	weather Weather
	err     error
}

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	zip := r.PathValue("zip")
	weatherCh := make(chan weatherResult)
	go func() {
		weather, err := a.svc.Weather(ctx, zip)
		weatherCh <- weatherResult{weather, err}
	}()

	loc, err := a.svc.Location(ctx, zip)
	if err != nil {
		WriteError(w, err)
		return
	}
	sun, err := a.svc.Sun(ctx, loc.Lat, loc.Lon)
	if err != nil {
		WriteError(w, err)
		return
	}
	wr := <-weatherCh
	if wr.err != nil {
		WriteError(w, wr.err)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: wr.weather})
}
