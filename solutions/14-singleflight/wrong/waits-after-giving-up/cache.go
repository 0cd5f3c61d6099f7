// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: a right cache in every other way (singleflight.Do, the answer
// stored inside the flight, the call made with context.WithoutCancel), but
// a caller whose ctx is cancelled keeps waiting in Do until the shared
// call ends: Do cannot be left early. A handler whose client hung up
// stays blocked for the whole call. The README: the caller that gave up
// returns ctx.Err() at once (DoChan and a select on ctx.Done()).
// Rejected by: tests (TestGetFirstCallerGivesUp).

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache answers Get from memory while an entry is fresh; see cache.go.
type Cache struct {
	svc Service
	ttl time.Duration
	g   singleflight.Group
	mu  sync.Mutex
	m   map[string]entry
}

type entry struct {
	loc Location
	at  time.Time
}

// New returns a cache in front of svc whose entries stay fresh for ttl.
func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, m: map[string]entry{}}
}

// Get returns the location of zip; see the exercise's cache.go.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.Lock()
	e, ok := c.m[zip]
	c.mu.Unlock()
	if ok && time.Since(e.at) < c.ttl {
		return e.loc, nil
	}
	v, err, _ := c.g.Do(zip, func() (any, error) {
		loc, err := c.svc.Locate(context.WithoutCancel(ctx), zip)
		if err == nil {
			c.mu.Lock()
			c.m[zip] = entry{loc, time.Now()}
			c.mu.Unlock()
		}
		return loc, err
	})
	if err != nil {
		return Location{}, err
	}
	return v.(Location), nil
}
