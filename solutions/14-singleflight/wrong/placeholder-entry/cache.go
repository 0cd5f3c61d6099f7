// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: the first caller reserves the zip code with an entry stamped
// time.Now() before it calls the service, so that the others find it and
// do not call. They find it "fresh", and return its Location, still
// empty (and read it while the first caller writes it: a data race).
// Rejected by: tests (TestGetStampede: 99 callers get an empty Location),
// and race.

import (
	"context"
	"sync"
	"time"
)

type entry struct {
	loc   Location
	at    time.Time
	ready chan struct{} // closed when loc is set
	err   error
}

type Cache struct {
	svc     Service
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]*entry
}

func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, entries: map[string]*entry{}}
}

func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.Lock()
	e, ok := c.entries[zip]
	if ok && time.Since(e.at) < c.ttl {
		c.mu.Unlock()
		return e.loc, e.err // the entry is in the map from the moment the call starts
	}
	e = &entry{at: time.Now(), ready: make(chan struct{})}
	c.entries[zip] = e
	c.mu.Unlock()

	loc, err := c.svc.Locate(context.WithoutCancel(ctx), zip)
	c.mu.Lock()
	e.loc, e.err = loc, err
	if err != nil {
		delete(c.entries, zip)
	} else {
		e.at = time.Now()
	}
	c.mu.Unlock()
	close(e.ready)
	return loc, err
}
