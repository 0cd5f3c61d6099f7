// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the weather starts at once, alongside the location, but the sun
// call waits for the weather's answer as well as the location's ("collect
// what the goroutine fetched, then finish"). The sun needs only the
// location: each request takes weather + sun (0.851 + 0.486 = 1.337 s)
// instead of the longer chain (0.903 s). Rejected by: timing, whose message
// says the sun call started only when the weather call had answered.

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

type weatherResult struct {
	weather Weather
	err     error
}

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	zip := r.PathValue("zip")
	weatherCh := make(chan weatherResult, 1)
	go func() {
		weather, err := a.svc.Weather(ctx, zip)
		weatherCh <- weatherResult{weather, err}
	}()

	loc, err := a.svc.Location(ctx, zip)
	wr := <-weatherCh // both first calls back before going on
	if err != nil {
		WriteError(w, err)
		return
	}
	if wr.err != nil {
		WriteError(w, wr.err)
		return
	}
	sun, err := a.svc.Sun(ctx, loc.Lat, loc.Lon)
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: wr.weather})
}
