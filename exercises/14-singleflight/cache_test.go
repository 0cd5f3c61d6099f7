package location

// One caller at a time, in virtual time (testing/synctest): the service's
// latency and the entries' expiry are exact, and cost no real time.

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

// ttl is how long an entry stays fresh in these tests.
const ttl = 10 * time.Second

// getTimed calls c.Get and returns what it returned and how long it took.
func getTimed(c *Cache, zip string) (Location, time.Duration, error) {
	start := time.Now()
	loc, err := c.Get(context.Background(), zip)
	return loc, time.Since(start), err
}

// TestGetCaches checks that a second Get within the ttl is answered from
// the cache.
func TestGetCaches(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newFakeService()
		c := New(svc, ttl)
		loc, _, err := getTimed(c, "97201")
		require.NoError(t, err)
		require.Equal(t, places["97201"], loc, "Get should return what the service answered")
		require.Equal(t, 1, svc.callsFor("97201"), "the first Get for a zip code calls the service once")

		time.Sleep(ttl / 2)
		loc, took, err := getTimed(c, "97201")
		require.NoError(t, err)
		require.Equal(t, places["97201"], loc)
		require.Equalf(t, 1, svc.callsFor("97201"), "a second Get %v after the first, with a ttl of %v, "+
			"called the service again: keep each answer in a map with the time it arrived, and return "+
			"it while it is fresh", ttl/2, ttl)
		require.Zerof(t, took, "a Get answered from the cache took %v (virtual): it should not wait at all", took)
	})
}

// TestGetExpires checks that an entry is fresh for exactly ttl after the
// service answered, no more, no less: a Get 1ns before that is a hit, one
// at that moment calls the service again, and the new answer is cached in
// turn.
func TestGetExpires(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newFakeService()
		c := New(svc, ttl)
		_, _, err := getTimed(c, "10001") // the service answers at 0.4 s
		require.NoError(t, err)

		time.Sleep(ttl - time.Nanosecond) // the entry is now ttl - 1ns old
		_, _, err = getTimed(c, "10001")
		require.NoError(t, err)
		require.Equalf(t, 1, svc.callsFor("10001"), "the entry was %v old, younger than the ttl (%v), "+
			"yet Get called the service again. An entry is fresh for ttl after the service answered: store "+
			"time.Now() once Locate has returned (not the time the call started), and treat it as fresh "+
			"while time.Since(at) < ttl.", ttl-time.Nanosecond, ttl)

		time.Sleep(time.Nanosecond) // now exactly ttl old
		loc, _, err := getTimed(c, "10001")
		require.NoError(t, err)
		require.Equal(t, places["10001"], loc)
		require.Equalf(t, 2, svc.callsFor("10001"), "the entry was exactly the ttl old (%v): the service "+
			"answered that long ago, not less, so Get should have called it again instead of answering "+
			"from the cache (fresh means time.Since(at) < ttl)", ttl)

		_, _, err = getTimed(c, "10001")
		require.NoError(t, err)
		require.Equalf(t, 2, svc.callsFor("10001"), "a Get right after the second call called the service "+
			"again: store the new answer with the time it arrived, so that it is fresh in turn")
	})
}

// TestGetErrorNotCached checks that a failed call is returned, not stored:
// the next Get calls the service again.
func TestGetErrorNotCached(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newFakeService()
		svc.failNext["60601"] = 1
		c := New(svc, ttl)
		_, _, err := getTimed(c, "60601")
		require.ErrorIsf(t, err, errUnavailable, "the service failed: Get should return its error, not %v", err)

		loc, _, err := getTimed(c, "60601")
		require.Equalf(t, 2, svc.callsFor("60601"), "the first call failed, so the next Get should call "+
			"the service again; it called it %d time(s) in all. Store only successful answers: an error "+
			"in the cache would be served for the whole ttl.", svc.callsFor("60601"))
		require.NoErrorf(t, err, "the service answered the second call, but Get returned an error: "+
			"was the first call's error stored and served from the cache?")
		require.Equal(t, places["60601"], loc)

		_, _, err = getTimed(c, "60601")
		require.NoError(t, err)
		require.Equalf(t, 2, svc.callsFor("60601"), "a Get right after a successful call called the service "+
			"again: store each successful answer with the time it arrived")
	})
}

// requestID is the key of a value the tests put in a caller's ctx, as a
// server puts a request ID or a trace in the request's context.
type requestID struct{}

// TestGetCallKeepsCallerValues checks that the call to the service carries
// the values of the ctx of the caller that made it (a request ID, a
// trace): the call is shared, so it must not be cancelled with that
// caller, but it is still made on its behalf.
func TestGetCallKeepsCallerValues(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		svc := newFakeService()
		c := New(svc, ttl)
		ctx := context.WithValue(context.Background(), requestID{}, "req-7")
		_, err := c.Get(ctx, "98101")
		require.NoError(t, err)
		callCtx := svc.ctxOf("98101", 0)
		require.NotNil(t, callCtx, "Get should have called the service")
		require.Equalf(t, "req-7", callCtx.Value(requestID{}), "the call to the service lost the values of the "+
			"caller's ctx (its request ID): it was made with a new context, context.Background() perhaps. Keep "+
			"the values and drop only the cancellation: context.WithoutCancel(ctx).")
	})
}
