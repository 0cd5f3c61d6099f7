// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: a good cache (entries with their time, a mutex held only around
// the map, errors not stored), but nothing makes concurrent misses share a
// call. 100 Gets for a cold zip code all find no entry, and all 100 call
// the service: a cache stampede.
// Rejected by: tests (the service sees 100 calls).

import (
	"context"
	"sync"
	"time"
)

// Cache answers Get from memory while an entry is fresh; see the
// exercise's cache.go.
type Cache struct {
	svc Service
	ttl time.Duration

	mu      sync.Mutex
	entries map[string]entry
}

type entry struct {
	loc Location
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
		return e.loc, nil
	}
	loc, err := c.svc.Locate(ctx, zip)
	if err != nil {
		return Location{}, err
	}
	c.mu.Lock()
	c.entries[zip] = entry{loc: loc, at: time.Now()}
	c.mu.Unlock()
	return loc, nil
}
