package sunapi

import (
	"context"
	"net/http"
	"sync"
)

var _ = context.Background
var _ sync.Mutex

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

type api struct{ svc *Services }

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	zip := r.PathValue("zip")
	var (
		wg                 sync.WaitGroup
		weather            Weather
		loc                Location
		sun                Sun
		weatherErr, sunErr error
	)
	wg.Go(func() { weather, weatherErr = a.svc.Weather(ctx, zip) })
	wg.Go(func() {
		loc, sunErr = a.svc.Location(ctx, zip)
		if sunErr == nil {
			sun, sunErr = a.svc.Sun(ctx, loc.Lat, loc.Lon)
		}
	})
	wg.Wait()
	if sunErr != nil {
		WriteError(w, sunErr)
		return
	}
	if weatherErr != nil {
		WriteError(w, weatherErr)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: weather})
}
