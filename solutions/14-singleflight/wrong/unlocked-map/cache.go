// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

// WRONG: the reference without its mutex ("singleflight already makes the
// callers take turns"). It does, but only per zip code: the flights for
// different zip codes run at once, and each reads and writes the one map
// of answers. Rejected by: race (TestGetManyKeys: ten flights store their
// answers at once).

import (
	"context"
	"time"

	"golang.org/x/sync/singleflight"
)

// Cache answers Get from memory while an entry is fresh, and asks the
// Service otherwise. It is safe to use from many goroutines at once.
//
// Two separate tools, for two separate jobs: a map under a mutex remembers
// answers; a singleflight.Group makes the callers that miss at the same
// moment share one call to the service. The mutex is held only to read or
// write the map, never while the service is called, so Gets for other zip
// codes (and cache hits) never wait behind a slow call. The Group waits
// per key: callers for one zip code wait only for that zip code's call.
type Cache struct {
	svc     Service
	ttl     time.Duration
	flights singleflight.Group
	entries map[string]entry
}

// entry is one answer and when it arrived.
type entry struct {
	loc Location
	at  time.Time
}

// New returns a cache in front of svc whose entries stay fresh for ttl
// after the service answered.
func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl, entries: make(map[string]entry)}
}

// Get returns the location of zip.
//
//   - A fresh entry (the service answered less than ttl ago) is returned
//     without calling the service.
//   - Otherwise Get calls svc.Locate, stores the answer, and returns it.
//     However many goroutines ask for the same zip at once, the service
//     is called once: the others wait for that call and share its answer,
//     error included.
//   - An error is never stored: the next Get for that zip calls the
//     service again.
//   - Gets for different zips never wait for each other.
//
// The Cache runs no background goroutine (no janitor sweeping old
// entries): an entry's age is checked when it is read.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	if loc, ok := c.fresh(zip); ok {
		return loc, nil
	}
	// DoChan rather than Do, so that a caller whose ctx ends can stop
	// waiting while the call goes on for the others. The shared call runs
	// with context.WithoutCancel: it belongs to every caller waiting for
	// it, so the first caller's cancellation must not fail the rest.
	ch := c.flights.DoChan(zip, func() (any, error) {
		// A caller that missed just as the previous call for zip ended
		// would start a new flight: look again before calling.
		if loc, ok := c.fresh(zip); ok {
			return loc, nil
		}
		loc, err := c.svc.Locate(context.WithoutCancel(ctx), zip)
		if err != nil {
			return Location{}, err // shared with this flight's callers, never stored
		}
		// Store inside the flight, before it ends: a caller arriving
		// after it finds the entry instead of starting a second call.
		c.entries[zip] = entry{loc: loc, at: time.Now()}
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
	e, ok := c.entries[zip]
	if !ok || time.Since(e.at) >= c.ttl {
		return Location{}, false
	}
	return e.loc, true
}
