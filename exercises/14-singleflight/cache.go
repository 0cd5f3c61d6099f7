// Package location answers "where is this zip code?" from a cache in front
// of a slow location service.
package location

import (
	"context"
	"time"
)

// Cache answers Get from memory while an entry is fresh, and asks the
// Service otherwise. It is safe to use from many goroutines at once.
type Cache struct {
	svc Service
	ttl time.Duration
}

// New returns a cache in front of svc whose entries stay fresh for ttl
// after the service answered.
func New(svc Service, ttl time.Duration) *Cache {
	return &Cache{svc: svc, ttl: ttl}
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
//
// This version has no cache at all: every Get is a call to the service.
func (c *Cache) Get(ctx context.Context, zip string) (Location, error) {
	return c.svc.Locate(ctx, zip)
}
