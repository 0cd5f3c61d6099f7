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

type weatherResult struct {
	w   Weather
	err error
}

func (a *api) city(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	zip := r.PathValue("zip")
	wch := make(chan weatherResult, 1)
	go func() {
		wt, err := a.svc.Weather(ctx, zip)
		wch <- weatherResult{wt, err}
	}()
	loc, err := a.svc.Location(ctx, zip)
	var sun Sun
	if err == nil {
		sun, err = a.svc.Sun(ctx, loc.Lat, loc.Lon)
	}
	if err != nil {
		cancel()
		<-wch // wait for the weather goroutine before returning
		WriteError(w, err)
		return
	}
	wr := <-wch
	if wr.err != nil {
		WriteError(w, wr.err)
		return
	}
	WriteJSON(w, City{Location: loc, Sun: sun, Weather: wr.w})
}
