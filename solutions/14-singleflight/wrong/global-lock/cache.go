// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: one mutex held from the cache lookup to the store, around the
// service call. It does stop the stampede (the 99 other callers wait on
// the lock and then find the entry), but every Get waits for it: a Get for
// another zip code, even a cache hit, waits behind a slow call it has
// nothing to do with.
// Rejected by: tests (a Get for another zip code waits).

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
	defer c.mu.Unlock()
	if e, ok := c.entries[zip]; ok && time.Since(e.at) < c.ttl {
		return e.loc, nil
	}
	loc, err := c.svc.Locate(ctx, zip)
	if err != nil {
		return Location{}, err
	}
	c.entries[zip] = entry{loc: loc, at: time.Now()}
	return loc, nil
}
