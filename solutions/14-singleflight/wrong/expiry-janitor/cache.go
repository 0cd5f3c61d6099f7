// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: the reference, plus a janitor: New starts a goroutine that
// sweeps the expired entries out of the map once per ttl, so the map does
// not grow for ever. Nothing ever stops it: every Cache leaves a goroutine
// running for the life of the program (the README: no background
// goroutine; an entry's age is checked when it is read). Rejected by:
// leak.

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

// New returns a cache in front of svc whose entries stay fresh for ttl,
// and starts its janitor.
func New(svc Service, ttl time.Duration) *Cache {
	c := &Cache{svc: svc, ttl: ttl, entries: make(map[string]entry)}
	go c.sweep()
	return c
}

// sweep deletes the expired entries, once per ttl.
func (c *Cache) sweep() {
	tick := time.NewTicker(c.ttl)
	defer tick.Stop()
	for range tick.C {
		c.mu.Lock()
		for zip, e := range c.entries {
			if time.Since(e.at) >= c.ttl {
				delete(c.entries, zip)
			}
		}
		c.mu.Unlock()
	}
}

// Get returns the location of zip; see the exercise's cache.go.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	if loc, ok := c.fresh(zip); ok {
		return loc, nil
	}
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
			return Location{}, r.Err
		}
		return r.Val.(Location), nil
	case <-ctx.Done():
		return Location{}, ctx.Err()
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
