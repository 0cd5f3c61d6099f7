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
	mu      sync.Mutex
	entries map[string]entry
	calls   map[string]*call
}

func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	c.mu.Lock()
	if e, ok := c.entries[zip]; ok && time.Since(e.at) < c.ttl {
		c.mu.Unlock()
		return e.loc, nil
	}
	cl, ok := c.calls[zip]
	if !ok {
		cl = &call{done: make(chan struct{})}
		c.calls[zip] = cl
		go c.fly(context.WithoutCancel(ctx), zip, cl)
	}
	c.mu.Unlock()
	select {
	case <-cl.done:
		return cl.loc, cl.err
	case <-ctx.Done():
		return Location{}, ctx.Err()
	}
}

func (c *Cache) fly(ctx context.Context, zip string, cl *call) {
	loc, err := c.svc.Locate(ctx, zip)
	c.mu.Lock()
	cl.loc, cl.err = loc, err
	if err == nil {
		c.entries[zip] = entry{loc: loc, at: time.Now()}
	}
	delete(c.calls, zip)
	c.mu.Unlock()
	close(cl.done)
}
