// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: singleflight is right, but the cache stores whatever the call
// returned, error included. One failed call, and every Get for that zip
// code fails for the whole ttl without the service being asked again.
// Rejected by: tests (the next Get after a failure does not call the
// service).

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache answers Get from memory while an entry is fresh; see the
// exercise's cache.go.
type Cache struct {
	svc     Service
	ttl     time.Duration
	flights singleflight.Group

	mu      sync.Mutex
	entries map[string]entry
}

type entry struct {
	loc Location
	err error
	at  time.Time
}

// New returns a cache in front of svc whose entries stay fresh for ttl.
func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, entries: make(map[string]entry)}
}

// Get returns the location of zip.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.Lock()
	e, ok := c.entries[zip]
	c.mu.Unlock()
	if ok && time.Since(e.at) < c.ttl {
		return e.loc, e.err
	}
	v, err, _ := c.flights.Do(zip, func() (any, error) {
		loc, err := c.svc.Locate(ctx, zip)
		c.mu.Lock()
		c.entries[zip] = entry{loc: loc, err: err, at: time.Now()}
		c.mu.Unlock()
		return loc, err
	})
	if err != nil {
		return Location{}, err
	}
	return v.(Location), nil
}
