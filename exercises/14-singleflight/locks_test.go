package location

// Holding the cache's own lock, to open the windows a lucky schedule
// would otherwise open only now and then: the tests find the sync.Mutex
// and sync.RWMutex values in your Cache (and in the structs of this
// package it holds), take them all, and let go when the callers they are
// testing have all arrived.

import (
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// lockTimeout is how long holdLocks tries to take a lock that a Get holds.
const lockTimeout = 2 * time.Second

// tryLocker is a sync.Mutex or a sync.RWMutex (its write lock).
type tryLocker interface {
	sync.Locker
	TryLock() bool
}

// cacheLocks returns the mutexes of c: its fields of type sync.Mutex,
// sync.RWMutex or pointers to them, also inside fields (or pointed-to
// fields) whose struct type belongs to this package.
func cacheLocks(c *Cache) []tryLocker {
	var out []tryLocker
	own := reflect.TypeFor[Cache]().PkgPath()
	seen := map[unsafe.Pointer]bool{}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		if seen[unsafe.Pointer(v.UnsafeAddr())] {
			return
		}
		seen[unsafe.Pointer(v.UnsafeAddr())] = true
		for i := range v.NumField() {
			f := v.Field(i)
			ft := f.Type()
			switch {
			case ft == reflect.TypeFor[sync.Mutex]():
				out = append(out, (*sync.Mutex)(unsafe.Pointer(f.UnsafeAddr())))
			case ft == reflect.TypeFor[sync.RWMutex]():
				out = append(out, (*sync.RWMutex)(unsafe.Pointer(f.UnsafeAddr())))
			case ft == reflect.TypeFor[*sync.Mutex]() && !f.IsNil():
				out = append(out, (*sync.Mutex)(f.UnsafePointer()))
			case ft == reflect.TypeFor[*sync.RWMutex]() && !f.IsNil():
				out = append(out, (*sync.RWMutex)(f.UnsafePointer()))
			case ft.Kind() == reflect.Struct && (ft.PkgPath() == own || ft.Name() == ""):
				walk(f)
			case ft.Kind() == reflect.Pointer && !f.IsNil() && ft.Elem().Kind() == reflect.Struct &&
				(ft.Elem().PkgPath() == own || ft.Elem().Name() == ""):
				walk(reflect.NewAt(ft.Elem(), f.UnsafePointer()).Elem())
			}
		}
	}
	walk(reflect.ValueOf(c).Elem())
	return out
}

// heldLocks are the locks of a Cache that the test holds.
type heldLocks struct {
	t     *testing.T
	locks []tryLocker // all the Cache's locks
	held  []tryLocker // those the test holds now, in the order taken
}

// holdLocks takes every lock of c (see cacheLocks). A cache without locks
// (a sync.Map, say) is left as it is. It fails the test when a lock stays
// taken for lockTimeout: a Get holds it while the service answers.
func holdLocks(t *testing.T, c *Cache) *heldLocks {
	t.Helper()
	h := &heldLocks{t: t, locks: cacheLocks(c)}
	for _, l := range h.locks {
		h.take(l)
	}
	return h
}

// n is how many locks the Cache has.
func (h *heldLocks) n() int { return len(h.locks) }

// take takes l, waiting for it up to lockTimeout.
func (h *heldLocks) take(l tryLocker) {
	h.t.Helper()
	deadline := time.Now().Add(lockTimeout)
	for !l.TryLock() {
		if time.Now().After(deadline) {
			h.release()
			where := strings.Join(whereBlocked("callGet"), "; ")
			require.Failf(h.t, "a Get holds the cache's lock while the service answers",
				"the test could not take your Cache's lock for %v while a call to the service was on its "+
					"way (it waits for the test to let it answer): a Get holds the lock across the call. "+
					"Then every other Get, for any zip code, waits for that call. Hold the lock only to "+
					"read or write the maps, never while calling the service. The callers were at: %s",
				lockTimeout, where)
		}
		time.Sleep(time.Millisecond)
	}
	h.held = append(h.held, l)
}

// release lets go of every lock the test holds.
func (h *heldLocks) release() {
	for _, l := range slices.Backward(h.held) {
		l.Unlock()
	}
	h.held = nil
}

// lineUp makes the goroutines waiting for the held locks take them in
// the order they came, each once, before any of them can take one again.
// It lets go of each lock and takes it back at once, before the goroutine
// first in line has woken; settle waits until that goroutine is waiting
// again. Having waited more than a millisecond, it has then switched the
// sync.Mutex to its starvation mode: from there on Unlock hands the lock
// to the goroutine first in line, and a goroutine that asks for it again
// queues behind all the others. So a Get that looks under one Lock and
// registers under another looks, and then every other waiting Get looks,
// before it can register. (The readers waiting for an RWMutex need none
// of this: its Unlock lets them all in together.)
func (h *heldLocks) lineUp(settle func()) {
	h.t.Helper()
	held := h.held
	h.held = nil
	for _, l := range held {
		l.Unlock()
		h.take(l)
	}
	settle()
}

// TestGetRightAfterTheFlight: a Get arrives while the call for a cold zip
// code is on its way, and waits for the cache's lock (the test holds it,
// as another Get storing an answer would). The call then ends, and only
// then is the lock released, the late Get first in line. A cache that
// stores the answer inside the flight (before the flight ends) has the
// late Get join the flight still on its way; one that stores it after the
// flight has returned lets the late Get find neither an answer nor a call
// on its way, and it calls the service again.
func TestGetRightAfterTheFlight(t *testing.T) {
	const zip = "02108"
	svc := newFakeService()
	open := svc.gate(zip)
	defer open()
	c := New(svc, time.Minute)

	first := startCallers(c, []string{zip})
	waitEntered(t, svc, zip) // the call is on its way; the service holds its answer
	held := holdLocks(t, c)
	defer held.release()
	late := startCallers(c, []string{zip})
	waitSettled(t, first, late) // the late Get waits: for the lock, or for the call on its way
	open()
	waitSettled(t, first, late) // the call has ended; its caller is blocked (on the lock?) or done
	held.release()
	first.wait(t)
	late.wait(t)
	calls := svc.callsFor(zip)

	for _, r := range append(first.results, late.results...) {
		require.NoError(t, r.err)
		require.Equal(t, places[zip], r.loc)
	}
	if held.n() == 0 {
		require.Equalf(t, 1, calls, "a Get for %s arrived while the call for it was on its way, and the "+
			"service received %d calls: the late Get should have waited for the call on its way, or found "+
			"its answer in the cache", zip, calls)
		return
	}
	require.Equalf(t, 1, calls, "a Get for %s arrived while the call for it was on its way and waited for your "+
		"Cache's lock (the test held it, as another Get storing an answer would). The call then ended before "+
		"its answer was in the cache: when the late Get got the lock, it found no answer and no call on its "+
		"way, and called the service again (%d calls). Store the answer inside the flight, before the "+
		"function given to singleflight returns (or before the call leaves your map of calls), so that a "+
		"flight never ends without its answer in the cache; and look in the cache once more inside the "+
		"flight, before calling the service.", zip, calls)
}
