package crawler

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

const (
	// pageDelay is how long the site takes to answer each request in the
	// timing test: a slow site, where waiting dominates. It is not a round
	// number, so that no page ever answers at the same moment as the tick
	// of a crawler that looks every 10 or 100 ms (in virtual time, two
	// things due at the same moment happen in either order).
	pageDelay = 100*time.Millisecond + 300*time.Microsecond
	// archiveDelay is how long the archive page (the one that links to
	// every episode) takes: the slowest page of the site. While it loads,
	// the season pages have already led to the episodes, so a crawl that
	// starts each page as soon as it is discovered keeps its other slots
	// busy; a crawl that waits for the whole level does not.
	archiveDelay = 800*time.Millisecond + 3700*time.Microsecond
	// crawlBudget is how long the whole crawl may take. One page at a time
	// needs 64 × 100.3ms + 803.7ms = 7.2s; MaxInFlight at a time, starting
	// each page as soon as it is discovered, 1.0s.
	crawlBudget = 2 * time.Second
	// fillFloor is the least average share of the MaxInFlight slots (in
	// percent) that must be busy while discovered pages wait. Starting
	// every page as soon as a slot frees keeps it at 100%; a crawl that
	// waits for a whole level scores about 60%, one with 4 workers 50%.
	fillFloor = 80
)

// TestTimingCrawl crawls a site that takes 100.3ms per page (803.7ms for
// the archive), in virtual time (a testing/synctest bubble, the site on an
// in-memory network: every delay is exact and the figures are the same on
// every machine), and checks that the crawl fits the budget, never has
// more than MaxInFlight requests in flight, fetches each page once, and
// keeps the MaxInFlight slots busy while discovered pages wait.
func TestTimingCrawl(t *testing.T) {
	var running atomic.Pointer[site] // for the report when the clock stops
	stall := katatest.Bubble(t, func(t *testing.T) {
		// Run last, after the site has closed: goroutines Crawl left
		// behind get the time to end (each Fetch fails at once now). One
		// that is blocked for good makes synctest report a leak.
		t.Cleanup(func() { time.Sleep(time.Minute) })
		s := newVirtualSite(t, pageDelay, map[string]time.Duration{"/archive": archiveDelay})
		running.Store(s)
		timeCrawl(t, s)
	})
	if stall != nil {
		reportStall(t, running.Load(), stall)
	}
}

// timeCrawl crawls s and checks the figures.
func timeCrawl(t *testing.T, s *site) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, elapsed, err := runCrawl(t, ctx, s, 40*time.Second)
	require.NoError(t, err)

	max := int(s.maxInFlight.Load())
	requests := int(s.requests.Load())
	fill, waited := s.meter.fill()

	var maxNote string
	if max > MaxInFlight {
		maxNote = fmt.Sprintf("The server was answering %d requests at once; Crawl may have at most %d "+
			"in flight. Bound the fetches: MaxInFlight workers, or a semaphore around Fetch.", max, MaxInFlight)
	}
	katatest.AtMost(t, "requests in flight (largest, counted by the server)", max, MaxInFlight, maxNote)
	requireEachPageOnce(t, s)

	var fillNote string
	switch {
	case fill >= fillFloor:
	case max <= MaxInFlight/2:
		ever := fmt.Sprintf("at most %d requests were ever in flight", max)
		if max == 1 {
			ever = "never more than one request was in flight"
		}
		fillNote = fmt.Sprintf("Pages waited to be fetched for %v in all, and meanwhile on average only "+
			"%d%% of the %d slots were in use: %s. Use all MaxInFlight slots: start MaxInFlight "+
			"workers (or allow MaxInFlight fetches at once).",
			waited.Round(time.Millisecond), fill, MaxInFlight, ever)
	default:
		fillNote = fmt.Sprintf("Pages waited to be fetched for %v in all, and meanwhile on average only "+
			"%d%% of the %d slots were in use. Up to %d requests were in flight, but slots stayed idle "+
			"while discovered pages waited: does the crawl finish a whole level (or batch) of pages "+
			"before starting the next? The archive page takes %v, and the episodes the seasons link to "+
			"need not wait for it. Hand a page to a free slot as soon as it is discovered.",
			waited.Round(time.Millisecond), fill, MaxInFlight, max, archiveDelay)
	}
	katatest.AtLeast(t, "slots in use while pages waited (time-weighted average, %)", fill, fillFloor, fillNote)

	var note string
	switch {
	case elapsed <= crawlBudget:
	case max <= 1:
		note = fmt.Sprintf("At most 1 request was in flight at a time: Crawl waits for each page "+
			"before asking for the next, so %d pages × %v add up. Fetch pages concurrently, "+
			"up to MaxInFlight at once (make hint EX=03).", requests, pageDelay)
	default:
		note = fmt.Sprintf("Up to %d requests were in flight at once, but not all the time. "+
			"Start fetching a page as soon as it is discovered, instead of waiting for a whole "+
			"level of the site to finish, and keep MaxInFlight requests busy.", max)
	}
	katatest.WithinDuration(t, "crawl time", elapsed, crawlBudget, note)

	checkReport(t, s, got)
}

// reportStall reports a crawl whose clock stopped: every goroutine in the
// bubble waits, some of them for a lock (which stops the virtual clock),
// so the crawl can never finish.
func reportStall(t *testing.T, s *site, stall *katatest.Stall) {
	t.Helper()
	requests, max := 0, 0
	if s != nil {
		requests, max = int(s.requests.Load()), int(s.maxInFlight.Load())
	}
	katatest.Log(t, katatest.Measure{
		What:     "crawl time",
		Observed: "none: Crawl's goroutines waited for a lock, and the test's clock stopped",
		Budget:   "at most " + crawlBudget.String(),
		Note: fmt.Sprintf("After %d requests (at most %d in flight at once), every goroutine of the crawl "+
			"was waiting: %s. In virtual time a goroutine that waits for a sync.Mutex stops the clock, so "+
			"the page that the lock's holder waits for never arrives; outside the test, the fetches would "+
			"take turns. Hold a lock only to read or change the shared state (the seen map, the report), "+
			"never while calling Fetch.", requests, max, stall),
	})
	t.FailNow()
}
