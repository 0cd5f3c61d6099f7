package crawler

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

const (
	// pageDelay is how long the site takes to answer each request in the
	// timing test: a slow site, where waiting dominates.
	pageDelay = 100 * time.Millisecond
	// crawlBudget is how long the whole crawl may take. One page at a time
	// needs about 65 × 100ms = 6.5s; MaxInFlight at a time about 0.9s.
	crawlBudget = 2 * time.Second
)

// TestTimingCrawl crawls a site that takes 100ms per page and checks the
// whole crawl fits the budget.
func TestTimingCrawl(t *testing.T) {
	s := newSite(t, pageDelay, nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, elapsed, err := runCrawl(t, ctx, s, 40*time.Second)
	require.NoError(t, err)

	max := int(s.maxInFlight.Load())
	requests := int(s.requests.Load())
	katatest.Info(t, "requests in flight (largest)", fmt.Sprintf("%d (MaxInFlight is %d)", max, MaxInFlight))

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
