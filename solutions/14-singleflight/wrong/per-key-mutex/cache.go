// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: one mutex per zip code, held across the call: the first caller
// calls the service, the others wait for its mutex and then find the
// answer in the cache. It looks like singleflight, but a caller waiting
// for a sync.Mutex cannot give up (Lock has no ctx), and when the call
// fails each waiter, finding no answer, calls the service again in turn.
// Rejected by: tests (TestGetStampedeError: 100 calls for one failure;
// TestGetFirstCallerGivesUp).

import (
	"context"
	"sync"
	"time"
)

type entry struct {
	loc Location
	at  time.Time
}

type Cache struct {
	svc     Service
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]entry
	keys    map[string]*sync.Mutex
}

func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, entries: map[string]entry{}, keys: map[string]*sync.Mutex{}}
}

func (c *Cache) fresh(zip string) (Location, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[zip]
	return e.loc, ok && time.Since(e.at) < c.ttl
}

func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	if loc, ok := c.fresh(zip); ok {
		return loc, nil
	}
	c.mu.Lock()
	km, ok := c.keys[zip]
	if !ok {
		km = &sync.Mutex{}
		c.keys[zip] = km
	}
	c.mu.Unlock()

	km.Lock() // one caller per zip code at a time
	defer km.Unlock()
	if loc, ok := c.fresh(zip); ok { // the caller before us stored it
		return loc, nil
	}
	loc, err := c.svc.Locate(context.WithoutCancel(ctx), zip)
	if err != nil {
		return Location{}, err
	}
	c.mu.Lock()
	c.entries[zip] = entry{loc: loc, at: time.Now()}
	c.mu.Unlock()
	return loc, nil
}
