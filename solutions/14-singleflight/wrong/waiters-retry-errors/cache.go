// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: the reference, but a caller that shared a flight which failed
// does not take the error: "the first caller was unlucky, maybe it works
// for me", it asks again. When the service fails under a stampede, the 99
// waiting callers all retry at once, which is what sharing the call was
// meant to prevent. The README: the others share its answer, error
// included. Rejected by: tests (TestGetStampedeError).

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache answers Get from memory while an entry is fresh; see cache.go.
type Cache struct {
	svc     Service
	ttl     time.Duration
	flights singleflight.Group

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

// Get returns the location of zip; see the exercise's cache.go.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	if loc, ok := c.fresh(zip); ok {
		return loc, nil
	}
	loc, err, shared := c.get(ctx, zip)
	if err != nil && shared && ctx.Err() == nil {
		loc, err, _ = c.get(ctx, zip) // someone else's failure: try once more for this caller
	}
	return loc, err
}

// get shares one call for zip with the other callers.
func (c *Cache) get(ctx context.Context, zip string) (Location, error, bool) {
	ch := c.flights.DoChan(zip, func() (any, error) {
		if loc, ok := c.fresh(zip); ok {
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
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return Location{}, r.Err, r.Shared
		}
		return r.Val.(Location), nil, r.Shared
	case <-ctx.Done():
		return Location{}, ctx.Err(), false
	}
}

// fresh returns zip's entry if it is younger than the ttl.
func (c *Cache) fresh(zip string) (Location, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[zip]
	if !ok || time.Since(e.at) >= c.ttl {
		return Location{}, false
	}
	return e.loc, true
}
