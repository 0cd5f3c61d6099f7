// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: the calls in flight are shared by hand, with one sync.Mutex. A
// caller looks for an answer and a call on its way under the Lock, lets
// go, and when there is none takes the Lock again to register its own,
// without looking again. Two callers that both looked before either
// registered both register, and both call the service. With a plain
// Mutex the gap is rarely hit: the caller that lets go usually takes the
// lock back before the next one wakes (7 of 20 direct runs failed before
// the test lined the callers up). Rejected by: tests (TestGetStampede,
// whose callers are let in one after the other, each before any can come
// back, every time).

import (
	"context"
	"sync"
	"time"
)

type entry struct {
	loc Location
	at  time.Time
}

func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, entries: map[string]entry{}, calls: map[string]*call{}}
}

type call struct {
	done chan struct{}
	loc  Location
	err  error
}

type Cache struct {
	svc     Service
	ttl     time.Duration
	mu      sync.Mutex
	entries map[string]entry
	calls   map[string]*call
}

func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.Lock()
	e, hit := c.entries[zip]
	cl, flying := c.calls[zip]
	c.mu.Unlock()
	if hit && time.Since(e.at) < c.ttl {
		return e.loc, nil
	}
	if !flying {
		cl = &call{done: make(chan struct{})}
		c.mu.Lock()
		c.calls[zip] = cl
		c.mu.Unlock()
		go func() {
			l, err := c.svc.Locate(context.WithoutCancel(ctx), zip)
			c.mu.Lock()
			cl.loc, cl.err = l, err
			if err == nil {
				c.entries[zip] = entry{loc: l, at: time.Now()}
			}
			if c.calls[zip] == cl {
				delete(c.calls, zip)
			}
			c.mu.Unlock()
			close(cl.done)
		}()
	}
	select {
	case <-cl.done:
		return cl.loc, cl.err
	case <-ctx.Done():
		return Location{}, ctx.Err()
	}
}
