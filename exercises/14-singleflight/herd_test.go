package location

// Many callers at once, in real time. The service holds its answers back
// behind a gate until every caller is waiting (the test reads the
// goroutine dump: each caller is blocked, in the service or in your
// code), so whether the calls overlap never depends on luck or on how busy
// the machine is. (These tests do not run in a synctest bubble: a
// goroutine waiting for a sync.Mutex does not count as blocked there, and
// a cache may rightly use one.)

import (
	"cmp"
	"context"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/internal/katatest"
)

const (
	// herd is how many callers ask for the same cold zip code at once.
	herd = 100
	// waitLimit bounds every real-time wait of these tests.
	waitLimit = 20 * time.Second
	// otherKeyLimit is how long a Get for another zip code may take while
	// a call for the first one is held back (it needs about latency).
	otherKeyLimit = 5 * time.Second
	// cancelSettle is how long TestGetFirstCallerGivesUp waits, after the
	// first caller gives up, to see whether the call's ctx follows.
	cancelSettle = 200 * time.Millisecond
	// giveUpLimit is how long the caller that gave up may take to return
	// (it needs a few microseconds).
	giveUpLimit = 2 * time.Second
)

// result is what one caller's Get returned.
type result struct {
	loc Location
	err error
}

// callers runs Gets in goroutines and tracks them.
type callers struct {
	wg       sync.WaitGroup
	finished atomic.Int64
	results  []result
	zips     []string
}

// start starts one caller per zip code in zips.
func startCallers(c *Cache, zips []string) *callers {
	cs := &callers{results: make([]result, len(zips)), zips: zips}
	for i, zip := range zips {
		cs.wg.Add(1)
		go callGet(c, zip, &cs.results[i], cs)
	}
	return cs
}

// callGet is one caller. The tests find the callers in goroutine dumps by
// this function's name.
func callGet(c *Cache, zip string, out *result, cs *callers) {
	defer cs.wg.Done()
	out.loc, out.err = c.Get(context.Background(), zip)
	cs.finished.Add(1)
}

// waitAllWaiting waits until every caller has either returned or is
// blocked (on a channel, a lock, a WaitGroup...), three polls in a row.
func (cs *callers) waitAllWaiting(t *testing.T) {
	t.Helper()
	waitSettled(t, cs)
}

// waitSettled waits until every caller of the groups (all running
// callGet) has either returned or is blocked, three polls in a row.
func waitSettled(t *testing.T, groups ...*callers) {
	t.Helper()
	total, finished := 0, func() int {
		n := 0
		for _, cs := range groups {
			n += int(cs.finished.Load())
		}
		return n
	}
	for _, cs := range groups {
		total += len(cs.zips)
	}
	deadline := time.Now().Add(waitLimit)
	stable := 0
	for stable < 3 {
		if time.Now().After(deadline) {
			t.Logf("after %v, %d of the %d callers were still neither blocked nor finished; "+
				"going on anyway", waitLimit, total-finished()-blockedIn("callGet"), total)
			return
		}
		if blockedIn("callGet")+finished() >= total {
			stable++
		} else {
			stable = 0
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// wait waits for every caller to return.
func (cs *callers) wait(t *testing.T) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		cs.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(waitLimit):
		katatest.Hung(t, fmt.Sprintf("Get, for %d of the %d callers,", len(cs.zips)-int(cs.finished.Load()), len(cs.zips)),
			waitLimit, "The service had answered: Get is stuck. Where they wait: "+strings.Join(whereBlocked("callGet"), "; "))
	}
}

// TestGetStampede sends 100 Gets for the same cold zip code at once: the
// service must see one call, and all 100 callers get its answer.
func TestGetStampede(t *testing.T) {
	svc := newFakeService()
	open := svc.gate("97201")
	defer open()
	c := New(svc, time.Minute)

	// The callers arrive while the cache's lock is held (as when another
	// Get is storing an answer), and are let in together when it is
	// released, each in turn (see lineUp): whatever the cache does between
	// looking for a call on its way and registering its own, they all do
	// at once.
	held := holdLocks(t, c)
	defer held.release()
	cs := startCallers(c, slices.Repeat([]string{"97201"}, herd))
	cs.waitAllWaiting(t)
	held.lineUp(func() { cs.waitAllWaiting(t) })
	held.release()
	cs.waitAllWaiting(t)
	open()
	cs.wait(t)
	calls := svc.callsFor("97201")

	why := "each caller that found no answer in the cache called the service itself (a cache stampede). " +
		"The first caller should make the call and the others wait for its answer: " +
		"golang.org/x/sync/singleflight does exactly this (make hint EX=14)."
	if calls > 1 && held.n() > 0 {
		why = fmt.Sprintf("the callers arrived while your Cache's lock was held (the test held it, as another "+
			"Get storing an answer would), and were let in together: %d of them found no call on its way "+
			"and made their own. Either nothing shares the call (golang.org/x/sync/singleflight does, make "+
			"hint EX=14), or looking for a call on its way and registering yours are two steps: between the "+
			"Lock (or RLock) that looks and the Lock that registers, the others look too. Look and "+
			"register under one Lock, or look again once you hold the Lock.", calls)
	}
	require.Equalf(t, 1, calls, "%d Gets for the same zip code arrived while the cache was cold, and the "+
		"service received %d calls for it: %s", herd, calls, why)
	for i, r := range cs.results {
		require.NoErrorf(t, r.err, "caller %d", i)
		require.Equalf(t, places["97201"], r.loc, "caller %d got a different answer", i)
	}
	_, err := c.Get(context.Background(), "97201")
	require.NoError(t, err)
	require.Equal(t, 1, svc.callsFor("97201"), "the answer should now be cached")
}

// TestGetStampedeError sends 100 Gets for a cold zip code whose call fails:
// one call, every caller gets the error, and the next Get tries again.
func TestGetStampedeError(t *testing.T) {
	svc := newFakeService()
	svc.failNext["94103"] = 1
	open := svc.gate("94103")
	defer open()
	c := New(svc, time.Minute)

	cs := startCallers(c, slices.Repeat([]string{"94103"}, herd))
	cs.waitAllWaiting(t)
	open()
	cs.wait(t)
	calls := svc.callsFor("94103")

	require.Equalf(t, 1, calls, "%d Gets for the same cold zip code caused %d calls to the service: "+
		"the first caller should make the call and the others share its answer, error included",
		herd, calls)
	failed := 0
	for _, r := range cs.results {
		if r.err != nil {
			require.ErrorIs(t, r.err, errUnavailable)
			failed++
		}
	}
	require.Equalf(t, herd, failed, "the one call failed, but only %d of the %d callers got the error: "+
		"the callers waiting for a call share its result, error included", failed, herd)

	loc, err := c.Get(context.Background(), "94103")
	require.NoErrorf(t, err, "the failed answer must not be cached: the next Get should call the service "+
		"again (it answers this time)")
	require.Equal(t, places["94103"], loc)
	require.Equal(t, 2, svc.callsFor("94103"), "after a failed call, the next Get calls the service again")
}

// TestGetFirstCallerGivesUp: the caller whose Get started the call for a
// cold zip code gives up (its ctx is cancelled) while the service holds
// the answer back and 99 other callers wait for that call. The one that
// gave up must return its ctx's error at once, while the service still
// holds the answer. The call belongs to all of them: the 99 must get the
// answer, from that one call, and so must a caller that comes after the
// first gave up.
func TestGetFirstCallerGivesUp(t *testing.T) {
	svc := newFakeService()
	open := svc.gate("97201")
	defer open()
	c := New(svc, time.Minute)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	first := make(chan result, 1)
	go callGivesUp(ctx, c, "97201", first)
	waitEntered(t, svc, "97201") // the first caller's Get has started the call

	cs := startCallers(c, slices.Repeat([]string{"97201"}, herd-1))
	cs.waitAllWaiting(t)
	cancel()
	// A ctx made from the first caller's (context.WithCancel, WithTimeout...)
	// is cancelled by the time cancel returns; context.WithoutCancel(ctx) or
	// context.Background() never is. Only a cancellation passed on by a
	// goroutine (context.AfterFunc) takes a moment: give it cancelSettle.
	// The fake also lets a cancellation win over the gate, so what follows
	// does not depend on timing.
	callCtx := svc.ctxOf("97201", 0)
	for settle := time.Now().Add(cancelSettle); callCtx.Err() == nil && time.Now().Before(settle); {
		time.Sleep(time.Millisecond)
	}
	callCtxErr := callCtx.Err()
	// The service still holds the answer back: the caller that gave up
	// must not wait for it.
	var gaveUp result
	returned := true
	select {
	case gaveUp = <-first:
	case <-time.After(giveUpLimit):
		returned = false
	}
	where := strings.Join(whereBlocked("callGivesUp"), "; ")
	// One more caller comes after the first gave up, while the call is
	// still on its way: it must wait for that call too, not start another.
	late := startCallers(c, []string{"97201"})
	late.waitAllWaiting(t)
	open()
	cs.wait(t)
	late.wait(t)
	if !returned {
		select {
		case gaveUp = <-first:
		case <-time.After(waitLimit):
			katatest.Hung(t, "Get, for the caller that gave up,", waitLimit,
				"The service had answered: Get is stuck. Where it waits: "+strings.Join(whereBlocked("callGivesUp"), "; "))
		}
	}
	calls := svc.callsFor("97201")

	require.NoErrorf(t, callCtxErr, "the first of %d callers of Get for the same zip code gave up (its ctx was "+
		"cancelled) while the service was answering, and the ctx your code had passed to the service was "+
		"cancelled with it: the call ran with the first caller's ctx, so its cancellation ended the call that "+
		"the %d others were waiting for. The call is shared: run it with context.WithoutCancel(ctx) (it keeps "+
		"ctx's values but is never cancelled). A caller that gives up may still stop waiting at once, on "+
		"its own ctx: singleflight's DoChan and a select on ctx.Done().", herd, herd-1)
	failed := 0
	var firstErr error
	for _, r := range append(cs.results, late.results...) {
		if r.err != nil {
			failed++
			firstErr = cmp.Or(firstErr, r.err)
		}
	}
	require.Zerof(t, failed, "the first of %d callers gave up, and %d of the %d others, which had not, got "+
		"an error (the first: %v). One caller's cancellation must not fail the others waiting for the same "+
		"call: run the shared call with context.WithoutCancel(ctx).", herd, failed, herd, firstErr)
	for i, r := range append(cs.results, late.results...) {
		require.Equalf(t, places["97201"], r.loc, "caller %d got a different answer", i)
	}
	require.Equalf(t, 1, calls, "%d Gets for the same cold zip code, the first of which gave up, then one "+
		"more that came after it had given up, caused %d calls to the service: the call goes on after the "+
		"first caller has given up, so the others, and any caller that comes while it is on its way, wait "+
		"for it rather than start new ones (with singleflight: do not Forget the key when a caller gives "+
		"up).", herd+1, calls)
	if !returned {
		require.Failf(t, "the caller that gave up kept waiting", "the first of %d callers of Get for the "+
			"same zip code gave up (its ctx was cancelled), and %v later its Get had still not returned: it "+
			"was waiting for the call, which the service was still holding back (it waited at %s). A caller "+
			"that gives up should return ctx.Err() at once, like a server handler whose client hung up, "+
			"while the call goes on for the others: wait with a select on the call's answer and ctx.Done() "+
			"(singleflight's DoChan gives you a channel; Do cannot be left early).", herd, giveUpLimit, where)
	}
	require.ErrorIsf(t, gaveUp.err, context.Canceled, "the caller that gave up got (%v, %v): a Get whose ctx "+
		"is cancelled while it waits should return ctx.Err()", gaveUp.loc, gaveUp.err)
}

// callGivesUp is the caller of TestGetFirstCallerGivesUp whose ctx is
// cancelled; found in goroutine dumps by its name.
func callGivesUp(ctx context.Context, c *Cache, zip string, out chan<- result) {
	loc, err := c.Get(ctx, zip)
	out <- result{loc, err}
}

// TestGetManyKeys sends 10 Gets for each of 10 cold zip codes at once: one
// call per zip code.
func TestGetManyKeys(t *testing.T) {
	svc := newFakeService()
	var zips []string
	var opens []func()
	for zip := range places {
		opens = append(opens, svc.gate(zip))
		zips = append(zips, slices.Repeat([]string{zip}, 10)...)
	}
	defer func() {
		for _, open := range opens {
			open()
		}
	}()
	c := New(svc, time.Minute)

	cs := startCallers(c, zips)
	cs.waitAllWaiting(t)
	for _, open := range opens {
		open()
	}
	cs.wait(t)
	calls := svc.allCalls()

	for i, r := range cs.results {
		require.NoErrorf(t, r.err, "caller %d (%s)", i, zips[i])
		require.Equalf(t, places[zips[i]], r.loc, "caller %d asked for %s and got %s: "+
			"calls for different zip codes must not share a flight (key the calls by zip code)",
			i, zips[i], r.loc.City)
	}
	for zip := range places {
		require.Equalf(t, 1, calls[zip], "10 Gets for %s at once caused %d calls to the service "+
			"(all calls: %v): one call per zip code, whatever the other zip codes do", zip, calls[zip], calls)
	}
}

// TestGetKeysDoNotWait holds the service's answer for one zip code and
// checks that a Get for another zip code is answered meanwhile.
func TestGetKeysDoNotWait(t *testing.T) {
	svc := newFakeService()
	open := svc.gate("97201")
	defer open()
	c := New(svc, time.Minute)

	slow := startCallers(c, []string{"97201"})
	waitEntered(t, svc, "97201")

	other := make(chan result, 1)
	start := time.Now()
	go callOtherKey(c, "60601", other)
	var got result
	select {
	case got = <-other:
	case <-time.After(otherKeyLimit):
		where := whereBlocked("callOtherKey")
		open()
		slow.wait(t)
		<-other
		require.Failf(t, "different zip codes waited for each other",
			"a Get for 60601 did not return within %v while the service was still answering 97201 "+
				"(it needs %v). It was waiting at: %s. Gets for different zip codes must never wait for "+
				"each other: hold a lock only to read or write the map, never while calling the service, "+
				"and wait per zip code (singleflight keys its calls by zip code).",
			otherKeyLimit, latency, strings.Join(where, "; "))
	}
	took := time.Since(start)
	open()
	slow.wait(t)

	require.NoError(t, got.err)
	require.Equal(t, places["60601"], got.loc)
	require.Equal(t, 1, svc.callsFor("97201"))
	require.Equal(t, 1, svc.callsFor("60601"))
	t.Logf("the Get for 60601 took %v while 97201 was held back", took.Round(time.Millisecond))
}

// callOtherKey is the caller for the second zip code in
// TestGetKeysDoNotWait; found in goroutine dumps by its name.
func callOtherKey(c *Cache, zip string, out chan<- result) {
	loc, err := c.Get(context.Background(), zip)
	out <- result{loc, err}
}

// waitEntered waits until the service has received a call for zip.
func waitEntered(t *testing.T, svc *fakeService, zip string) {
	t.Helper()
	timeout := time.After(waitLimit)
	for {
		select {
		case z := <-svc.entered:
			if z == zip {
				return
			}
		case <-timeout:
			t.Fatalf("the service received no call for %s within %v of a Get for it", zip, waitLimit)
		}
	}
}

// blockedIn counts the goroutines running fn (a function of this test
// file) that are blocked: on a channel, a select, a lock, a WaitGroup, a
// sleep.
func blockedIn(fn string) int {
	n := 0
	for _, g := range goroutinesIn(fn) {
		if isBlocked(g.state) {
			n++
		}
	}
	return n
}

// whereBlocked says where the goroutines running fn are: "[sync.Mutex.Lock]
// at cache.go:42".
func whereBlocked(fn string) []string {
	var out []string
	for _, g := range goroutinesIn(fn) {
		out = append(out, fmt.Sprintf("[%s] at %s", g.state, g.where))
	}
	if len(out) == 0 {
		return []string{"(no such goroutine: it has returned)"}
	}
	return out
}

// goroutine is one goroutine of a dump.
type goroutine struct {
	state string // "chan receive", "sync.Mutex.Lock", "running"...
	where string // the innermost line of this package's non-test files, or the innermost line
}

var blockedStates = []string{"chan receive", "chan send", "select", "semacquire", "sync.", "sleep"}

func isBlocked(state string) bool {
	for _, s := range blockedStates {
		if strings.HasPrefix(state, s) {
			return true
		}
	}
	return false
}

// goroutinesIn returns the goroutines whose stack goes through fn.
func goroutinesIn(fn string) []goroutine {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var out []goroutine
	for _, block := range strings.Split(string(buf), "\n\n") {
		header, stack, _ := strings.Cut(block, "\n")
		if !strings.Contains(stack, "/14-singleflight."+fn+"(") {
			continue
		}
		state := header[strings.Index(header, "[")+1 : strings.LastIndex(header, "]")]
		state, _, _ = strings.Cut(state, ",")
		out = append(out, goroutine{state: state, where: innermost(stack)})
	}
	return out
}

// innermost returns "file.go:NN" of the first frame of the stack in this
// package's non-test files, or else of the first frame.
func innermost(stack string) string {
	first := ""
	for _, line := range strings.Split(stack, "\n") {
		if !strings.HasPrefix(line, "\t") {
			continue
		}
		file, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		file = file[strings.LastIndex(file, "/")+1:]
		if first == "" {
			first = file
		}
		if strings.Contains(line, "/exercises/14-singleflight/") && !strings.Contains(line, "_test.go") {
			return file
		}
	}
	return first
}
