// Package sunapi is a small city API in front of three slow services.
package sunapi

// WRONG: the reference, except that the sun service is asked with the
// coordinates the wrong way round, longitude first ("x then y"). The sun
// service knows no place at (-122.67, 45.54) and answers 400, so every
// sun and city answer is a 502. Rejected by: tests (TestSunEndpoint,
// TestCityEndpoint).

import (
	"net/http"

	"golang.org/x/sync/errgroup"
)

// NewHandler returns the API's handler. It serves:
//
//	GET /api/sun/{zip}      the location service, then the sun service with
//	                        the coordinates it returned; answers a Sun
//	GET /api/weather/{zip}  the weather service; answers a Weather
//	GET /api/city/{zip}     all three; answers a City
//
// Errors go through WriteError (404 for an unknown zip code, 502 when a
// service fails).
//
// net/http runs every request in its own goroutine, so clients never wait
// for each other: the handlers share nothing but svc, which is safe for
// concurrent use, and so they need no lock.
func NewHandler(svc *Services) http.Handler {
	a := &api{svc: svc}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/sun/{zip}", a.sun)
	mux.HandleFunc("GET /api/weather/{zip}", a.weather)
	mux.HandleFunc("GET /api/city/{zip}", a.city)
	return mux
}

// api holds what the handlers share.
type api struct {
	svc *Services
}

// sun answers GET /api/sun/{zip}: the location, then the sun at it. The
// second call needs the first one's answer, so they stay in sequence.
//
// Every upstream call gets r.Context(): net/http cancels it when the client
// hangs up (or the handler returns), and the call is then abandoned at once
// instead of keeping a service busy for an answer nobody will read.
func (a *api) sun(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	loc, err := a.svc.Location(ctx, r.PathValue("zip"))
	if err != nil {
		WriteError(w, err)
		return
	}
	sun, err := a.svc.Sun(ctx, loc.Lon, loc.Lat)
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, sun)
}

// weather answers GET /api/weather/{zip}.
func (a *api) weather(w http.ResponseWriter, r *http.Request) {
	weather, err := a.svc.Weather(r.Context(), r.PathValue("zip"))
	if err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, weather)
}

// city answers GET /api/city/{zip}. The weather does not depend on the
// location, so it is fetched at the same time as the location-then-sun
// chain: the request takes as long as the longer of the two branches
// (0.90 s for Portland) instead of their sum (1.75 s).
//
// errgroup.WithContext runs the two branches and waits for both. Its ctx
// is derived from r.Context(), so a client that hangs up cancels both
// branches, and it is also cancelled as soon as one branch fails: when the
// weather service is down there is no point waiting for the sun. Wait
// returns the first error. Each branch writes only its own variables, and
// Wait orders those writes before the reads below, so no lock is needed.
// (A sync.WaitGroup with one error variable per branch does the same job,
// without the cancel-on-first-error.)
func (a *api) city(w http.ResponseWriter, r *http.Request) {
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
		sun, err = a.svc.Sun(ctx, loc.Lon, loc.Lat)
		return err
	})

	if err := g.Wait(); err != nil {
		WriteError(w, err)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
