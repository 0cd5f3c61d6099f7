// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: the calls in flight are shared by hand, with a map under an
// RWMutex. A caller looks for a call on its way under RLock (many callers
// can look at once: "reads are cheap"), lets go, and when there is none
// takes Lock to register its own, without looking again. Two callers that
// looked before either registered both register, and both call the
// service. Rejected by: tests (TestGetStampede, whose callers arrive while
// the cache's lock is held, and are let in together, every time).

import (
	"context"
	"sync"
	"time"
)

// Cache answers Get from memory while an entry is fresh; see cache.go.
type Cache struct {
	svc Service
	ttl time.Duration

	mu      sync.RWMutex
	entries map[string]entry
	calls   map[string]*call // calls in flight, by zip code
}

type entry struct {
	loc Location
	at  time.Time
}

// call is one call in flight; done is closed once loc and err are set.
type call struct {
	done chan struct{}
	loc  Location
	err  error
}

// New returns a cache in front of svc whose entries stay fresh for ttl.
func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, entries: map[string]entry{}, calls: map[string]*call{}}
}

// Get returns the location of zip; see the exercise's cache.go.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.RLock()
	e, fresh := c.entries[zip]
	cl, flying := c.calls[zip]
	c.mu.RUnlock()
	if fresh && time.Since(e.at) < c.ttl {
		return e.loc, nil
	}
	if !flying {
		cl = &call{done: make(chan struct{})}
		c.mu.Lock()
		c.calls[zip] = cl // a caller that looked meanwhile registers its own too
		c.mu.Unlock()
		go c.fly(ctx, zip, cl)
	}
	select {
	case <-cl.done:
		return cl.loc, cl.err
	case <-ctx.Done():
		return Location{}, ctx.Err()
	}
}

// fly makes the call for zip, stores a good answer, and wakes the waiters.
func (c *Cache) fly(ctx context.Context, zip string, cl *call) {
	cl.loc, cl.err = c.svc.Locate(context.WithoutCancel(ctx), zip)
	c.mu.Lock()
	if c.calls[zip] == cl {
		delete(c.calls, zip)
	}
	if cl.err == nil {
		c.entries[zip] = entry{loc: cl.loc, at: time.Now()}
	}
	c.mu.Unlock()
	close(cl.done)
}
