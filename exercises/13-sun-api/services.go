package sunapi

// This file is support code: the clients of the three upstream services and
// the helpers that write responses. server.go uses it; do not edit it.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
)

// Location is what the location service knows about a zip code.
type Location struct {
	Zip   string  `json:"zip"`
	City  string  `json:"city"`
	State string  `json:"state"`
	Lat   float64 `json:"lat"`
	Lon   float64 `json:"lon"`
}

// Sun is what the sun service answers for a pair of coordinates: today's
// sunrise and sunset, local time, as "06:42".
type Sun struct {
	Sunrise string `json:"sunrise"`
	Sunset  string `json:"sunset"`
}

// Weather is what the weather service answers for a zip code.
type Weather struct {
	Description string  `json:"description"`
	TempC       float64 `json:"temp_c"`
	Humidity    int     `json:"humidity"`
}

// City is the answer of the aggregate endpoint /api/city/{zip}: everything
// the three services know about one zip code.
type City struct {
	Location Location `json:"location"`
	Sun      Sun      `json:"sun"`
	Weather  Weather  `json:"weather"`
}

// Services calls the three upstream services over HTTP. Its methods are
// safe to call from many goroutines at once (an http.Client is).
type Services struct {
	// Client makes the requests; nil means http.DefaultClient.
	Client *http.Client
	// LocationURL, SunURL and WeatherURL are the base URLs of the
	// services, e.g. "http://127.0.0.1:41234".
	LocationURL, SunURL, WeatherURL string
}

// Location asks the location service where zip is: GET
// {LocationURL}/location/{zip}. An unknown zip code is an *UpstreamError
// with Status 404.
//
// The request is made with ctx: when ctx is cancelled, the request is
// abandoned at once (the connection to the service is closed, and the
// service sees its request cancelled) and the error wraps ctx.Err().
func (s *Services) Location(ctx context.Context, zip string) (Location, error) {
	var loc Location
	err := s.get(ctx, "location", s.LocationURL+"/location/"+url.PathEscape(zip), &loc)
	return loc, err
}

// Sun asks the sun service for today's sunrise and sunset at the given
// coordinates: GET {SunURL}/sun?lat=...&lon=.... ctx works as for Location.
func (s *Services) Sun(ctx context.Context, lat, lon float64) (Sun, error) {
	q := url.Values{}
	q.Set("lat", strconv.FormatFloat(lat, 'f', -1, 64))
	q.Set("lon", strconv.FormatFloat(lon, 'f', -1, 64))
	var sun Sun
	err := s.get(ctx, "sun", s.SunURL+"/sun?"+q.Encode(), &sun)
	return sun, err
}

// Weather asks the weather service for the weather at zip: GET
// {WeatherURL}/weather/{zip}. ctx works as for Location.
func (s *Services) Weather(ctx context.Context, zip string) (Weather, error) {
	var w Weather
	err := s.get(ctx, "weather", s.WeatherURL+"/weather/"+url.PathEscape(zip), &w)
	return w, err
}

// UpstreamError reports a service that answered with a status other than
// 200 OK.
type UpstreamError struct {
	Service string // "location", "sun" or "weather"
	Status  int    // the HTTP status code it answered with
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("%s service answered %d %s", e.Service, e.Status, http.StatusText(e.Status))
}

// maxBody bounds how much of an answer is read.
const maxBody = 1 << 20

func (s *Services) get(ctx context.Context, service, u string, into any) error {
	client := s.Client
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("%s service: %w", service, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("%s service: %w", service, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("%s service: read the answer: %w", service, err)
	}
	if resp.StatusCode != http.StatusOK {
		return &UpstreamError{Service: service, Status: resp.StatusCode}
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("%s service: decode the answer: %w", service, err)
	}
	return nil
}

// WriteJSON writes v as a 200 OK JSON answer.
func WriteJSON(w http.ResponseWriter, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode the answer: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(append(b, '\n'))
}

// WriteError answers with the status that err calls for and a JSON body
// {"error": "..."}:
//   - 404 Not Found when a service does not know the zip code (an
//     *UpstreamError with status 404);
//   - 499 (nginx's "client closed request") when the request's context
//     was cancelled: the client hung up and will never read the answer;
//   - 502 Bad Gateway for any other failure of a service.
func WriteError(w http.ResponseWriter, err error) {
	status := http.StatusBadGateway
	var ue *UpstreamError
	switch {
	case errors.As(err, &ue) && ue.Status == http.StatusNotFound:
		status = http.StatusNotFound
	case errors.Is(err, context.Canceled):
		status = 499
	}
	b, _ := json.Marshal(map[string]string{"error": err.Error()})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(append(b, '\n'))
}
