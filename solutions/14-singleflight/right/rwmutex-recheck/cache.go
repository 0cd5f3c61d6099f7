package location

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
	mu      sync.RWMutex
	entries map[string]entry
	calls   map[string]*call
}

func (c *Cache) fresh(zip string) (Location, bool) {
	e, ok := c.entries[zip]
	return e.loc, ok && time.Since(e.at) < c.ttl
}

func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.RLock()
	loc, ok := c.fresh(zip)
	c.mu.RUnlock()
	if ok {
		return loc, nil
	}
	c.mu.Lock()
	if loc, ok := c.fresh(zip); ok { // someone stored it meanwhile
		c.mu.Unlock()
		return loc, nil
	}
	if cl, ok := c.calls[zip]; ok {
		c.mu.Unlock()
		select {
		case <-cl.done:
			return cl.loc, cl.err
		case <-ctx.Done():
			return Location{}, ctx.Err()
		}
	}
	cl := &call{done: make(chan struct{})}
	c.calls[zip] = cl
	c.mu.Unlock()

	go func() {
		l, err := c.svc.Locate(context.WithoutCancel(ctx), zip)
		c.mu.Lock()
		cl.loc, cl.err = l, err
		if err == nil {
			c.entries[zip] = entry{loc: l, at: time.Now()}
		}
		delete(c.calls, zip)
		c.mu.Unlock()
		close(cl.done)
	}()
	select {
	case <-cl.done:
		return cl.loc, cl.err
	case <-ctx.Done():
		return Location{}, ctx.Err()
	}
}
