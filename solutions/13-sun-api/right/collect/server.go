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
	ctx, cancel := context.WithCancelCause(r.Context())
	defer cancel(nil)
	zip := r.PathValue("zip")
	var city City
	done := make(chan error)
	go func() {
		var err error
		city.Weather, err = a.svc.Weather(ctx, zip)
		done <- err
	}()
	go func() {
		loc, err := a.svc.Location(ctx, zip)
		if err == nil {
			city.Location = loc
			city.Sun, err = a.svc.Sun(ctx, loc.Lat, loc.Lon)
		}
		done <- err
	}()
	var first error
	for range 2 {
		if err := <-done; err != nil && first == nil {
			first = err
			cancel(err)
		}
	}
	if first != nil {
		WriteError(w, first)
		return
	}
	WriteJSON(w, city)
}
