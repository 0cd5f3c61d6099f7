package location

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

type entry struct {
	loc Location
	at  time.Time
}

type Cache struct {
	svc     Service
	ttl     time.Duration
	answers sync.Map // zip -> entry
	group   singleflight.Group
}

func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl}
}

func (c *Cache) lookup(zip string) (Location, bool) {
	v, ok := c.answers.Load(zip)
	if !ok {
		return Location{}, false
	}
	e := v.(entry)
	return e.loc, time.Since(e.at) < c.ttl
}

func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	if loc, ok := c.lookup(zip); ok {
		return loc, nil
	}
	callCtx := context.WithoutCancel(ctx)
	ch := c.group.DoChan(zip, func() (any, error) {
		if loc, ok := c.lookup(zip); ok {
			return loc, nil
		}
		loc, err := c.svc.Locate(callCtx, zip)
		if err == nil {
			c.answers.Store(zip, entry{loc, time.Now()})
		}
		return loc, err
	})
	select {
	case res := <-ch:
		if res.Err != nil {
			return Location{}, res.Err
		}
		return res.Val.(Location), nil
	case <-ctx.Done():
		return Location{}, ctx.Err()
	}
}
