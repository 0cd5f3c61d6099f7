package crawler

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

const (
	// testDelay is how long the site takes to answer each request in the
	// functional tests: short, so they stay fast under -race.
	testDelay = 20 * time.Millisecond
	// crawlLimit is how long a functional test waits for Crawl to return
	// before declaring it stuck.
	crawlLimit = 10 * time.Second
	// inFlightLimit is the most requests the site accepts at once
	// (MaxInFlight as shipped).
	inFlightLimit = 8
)

// TestCrawlSlotOnlyForFetch crawls a site of MaxInFlight mini-series of
// three parts each: the root finds MaxInFlight pages at once, and each of
// those finds one more, only there. A crawl where a page keeps its slot
// while it waits for anything else (its links to be crawled, or slots for
// them) has every slot held by a waiting page, whatever order the pages
// finish in. It is the first test on purpose: such a crawl may hang on the
// podcast site too, and a deadlock ends the test binary; here it hangs on
// every run, and the report names this test.
func TestCrawlSlotOnlyForFetch(t *testing.T) {
	s := newSeriesSite(t, inFlightLimit, 3, testDelay)
	got, _, err := runCrawl(t, context.Background(), s, crawlLimit)
	require.NoError(t, err)
	checkReport(t, s, got)
}

// TestCrawlReport checks that Crawl finds every page of the site, with its
// title and links, and reports the broken ones as errors.
func TestCrawlReport(t *testing.T) {
	s := newSite(t, testDelay, nil)
	// The broken pages fail out of URL order on every run, so a report
	// that lists them as they failed is not sorted by chance.
	s.answerAfter("/episodes/glitch", "/episodes/lost")
	got, _, err := runCrawl(t, context.Background(), s, crawlLimit)
	require.NoError(t, err, "Crawl returned an error, but nothing cancelled it: "+
		"a broken page belongs in Report.Errors, not in Crawl's error")
	checkReport(t, s, got)
}

// TestCrawlFetchesEachPageOnce checks that no page is requested twice,
// however many pages link to it.
func TestCrawlFetchesEachPageOnce(t *testing.T) {
	s := newSite(t, testDelay, nil)
	_, _, err := runCrawl(t, context.Background(), s, crawlLimit)
	require.NoError(t, err)

	requireEachPageOnce(t, s)
}

// requireEachPageOnce fails the test unless the server was asked for every
// page of the site exactly once, and for nothing else.
func requireEachPageOnce(t *testing.T, s *site) {
	t.Helper()
	hits, unknown := s.hitCounts()
	require.Emptyf(t, unknown, "Crawl requested paths the site never linked to: %v", unknown)
	var twice []string
	for path, n := range hits {
		if n > 1 {
			twice = append(twice, fmt.Sprintf("%s (%d times)", path, n))
		}
	}
	sort.Strings(twice)
	require.Emptyf(t, twice, "the server was asked for some pages more than once: %s. "+
		"Many pages link to the same page; two goroutines both found it unseen and both fetched it. "+
		"Checking whether a page was seen and marking it seen must be one step: "+
		"under one mutex, or done by a single goroutine that owns the map.", strings.Join(twice, ", "))
	for _, p := range s.pages {
		require.Equalf(t, 1, hits[p.path], "the server was never asked for %s, which the site links to", p.path)
	}
}

// TestCrawlRequestsInFlight checks that Crawl never has more than
// MaxInFlight requests in flight, as counted by the server.
func TestCrawlRequestsInFlight(t *testing.T) {
	s := newSite(t, testDelay, nil)
	_, _, err := runCrawl(t, context.Background(), s, crawlLimit)
	require.NoError(t, err)

	max := int(s.maxInFlight.Load())
	var note string
	if max > inFlightLimit {
		note = fmt.Sprintf("The server was answering %d requests at once; Crawl may have at most %d in flight "+
			"(MaxInFlight). Starting a goroutine per link has no bound: the archive page alone links to "+
			"%d episodes. Start MaxInFlight workers that take URLs from a channel, or have each fetch "+
			"take a slot in a buffered channel of size MaxInFlight first and give it back after.",
			max, inFlightLimit, episodes)
	}
	katatest.AtMost(t, "requests in flight (largest, counted by the server)", max, inFlightLimit, note)
}

// TestCrawlBrokenRoot checks a crawl whose very first page is broken: no
// pages, one error, and Crawl still returns.
func TestCrawlBrokenRoot(t *testing.T) {
	s := newSite(t, testDelay, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	root := s.url + "/episodes/lost"
	got, _, err := runCrawlFrom(t, ctx, s, root, crawlLimit)
	require.NoError(t, err, "a broken root page belongs in Report.Errors, not in Crawl's error")
	require.Empty(t, got.Pages, "the root page is broken, so no page can be reported")
	require.Len(t, got.Errors, 1, "the broken root page should be the one entry in Report.Errors")
	require.Equal(t, root, got.Errors[0].URL)
}

// TestCrawlCancel cancels the crawl while requests are in flight and checks
// that Crawl abandons them and returns promptly with the context's error.
func TestCrawlCancel(t *testing.T) {
	const cancelAt = 10 // cancel as the 10th request arrives
	// A slower site than the other tests': the request that arrives as
	// the crawl is cancelled has a quarter of a second left to run, so an
	// abandoned request is seen abandoned by the server, however busy the
	// machine.
	const cancelDelay = 250 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cancelled := make(chan time.Time, 1)
	s := newSite(t, cancelDelay, func(n int64) {
		if n == cancelAt {
			cancelled <- time.Now()
			cancel()
		}
	})

	_, _, err := runCrawl(t, ctx, s, crawlLimit)
	returned := time.Now()
	var at time.Time
	select {
	case at = <-cancelled:
	default:
		t.Fatalf("Crawl returned (error: %v) before the server received %d requests; "+
			"the site has %d pages", err, cancelAt, len(s.pages))
	}
	require.ErrorIsf(t, err, context.Canceled, "the context was cancelled during the crawl: "+
		"Crawl should stop and return ctx.Err(), not %v", err)
	require.NotZerof(t, s.abandoned.Load(), "the context was cancelled while %d requests were in flight, "+
		"yet the server answered every one of them in full: no request was abandoned. Pass ctx to Fetch "+
		"(not context.Background()), so that cancelling ctx aborts the requests in flight.", MaxInFlight)
	// The test's transport holds each cancelled request for cancelHold
	// (300ms) before Fetch returns, as a slow real transport may: Crawl must
	// wait for those goroutines, and still return within a second.
	const prompt = time.Second
	require.LessOrEqualf(t, returned.Sub(at), prompt, "Crawl returned %v after the context was cancelled; "+
		"it should stop within %v: watch ctx.Done() where you wait, and pass ctx to Fetch so requests "+
		"in flight are abandoned (the test's transport takes %v to give a cancelled request back)", returned.Sub(at).Round(time.Millisecond), prompt, cancelHold)
}

// TestCrawlAlreadyCancelled checks that Crawl with a context cancelled
// before it starts returns the context's error at once.
func TestCrawlAlreadyCancelled(t *testing.T) {
	s := newSite(t, testDelay, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, elapsed, err := runCrawl(t, ctx, s, crawlLimit)
	require.ErrorIsf(t, err, context.Canceled, "the context was cancelled before Crawl started: "+
		"Crawl should return ctx.Err(), not %v", err)
	require.LessOrEqualf(t, elapsed, 500*time.Millisecond,
		"Crawl with a cancelled context took %v; it should return at once", elapsed.Round(time.Millisecond))
}
