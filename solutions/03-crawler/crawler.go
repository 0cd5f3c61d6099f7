// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
// The site is slow but small: more than this many requests at a time would
// be rude to its server, and the tests count.
const MaxInFlight = 8

// Crawl visits every page reachable from root by following links (Fetch
// only returns links within the site), fetches each page exactly once,
// with at most MaxInFlight requests in flight at any moment, and returns
// what it found: the pages that loaded in Report.Pages and the ones that
// failed (a broken link, a server error) in Report.Errors, both sorted by
// URL. A broken page is not an error of the crawl: it goes in the report.
//
// root is an absolute URL in the form Fetch returns links in, for instance
// "http://127.0.0.1:8080/".
//
// If ctx is cancelled, Crawl stops promptly and returns ctx.Err(). Whether
// it finishes or is cancelled, no goroutine it started is left running
// when it returns.
//
// The shape: a goroutine per page, started the moment the page is
// discovered, so no page waits for a level or a batch to finish. Four
// tools, one job each:
//
//   - slots, a buffered channel of MaxInFlight, is a semaphore: a page's
//     goroutine puts a token in before Fetch and takes it out after, so at
//     most MaxInFlight requests are in flight, and a page waiting for a
//     slot gets one the moment a request ends;
//   - seen.LoadOrStore checks whether a link was already queued and marks
//     it queued in one step: two goroutines that find the same link cannot
//     both start it;
//   - mu guards the report, and is held only to append to it, never while
//     Fetch waits (the fetches would take turns);
//   - wg counts the pages in progress: wg.Wait returns once the last one
//     has ended, which is when the crawl is complete, and no goroutine is
//     left.
//
// Cancelling needs no select on ctx.Done(): each Fetch in flight returns
// ctx's error once ctx is cancelled (the request is abandoned), a page
// still waiting for a slot gets one as they end and fails at once, and
// neither finds any link to follow. Crawl then reports ctx.Err() rather
// than what it collected.
//
// The other everyday shape is MaxInFlight worker goroutines reading URLs
// from a channel, with Crawl's own goroutine as the only owner of the
// queue, the seen map and the report (no lock at all): see the hints.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	var (
		slots = make(chan struct{}, MaxInFlight) // a token per request in flight
		seen  sync.Map                           // URL -> true, once queued
		wg    sync.WaitGroup                     // pages in progress

		mu     sync.Mutex // guards report
		report Report
	)
	seen.Store(root, true)

	var visit func(url string)
	visit = func(url string) {
		slots <- struct{}{} // wait for a free slot
		page, err := Fetch(ctx, client, url)
		<-slots // the request is over: free the slot at once
		if err != nil {
			mu.Lock()
			report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			mu.Unlock()
			return
		}
		mu.Lock()
		report.Pages = append(report.Pages, page)
		mu.Unlock()
		for _, link := range page.Links {
			if _, queued := seen.LoadOrStore(link, true); !queued {
				// WaitGroup.Go (Go 1.25) is Add(1), go, and a deferred Done
				// in one call: the Add happens here, before visit returns,
				// so wg.Wait cannot see zero while pages remain.
				wg.Go(func() { visit(link) })
			}
		}
	}
	visit(root) // on this goroutine: it starts the others
	wg.Wait()

	if err := ctx.Err(); err != nil {
		return Report{}, err // cancelled: the report is incomplete, and it holds ctx's errors
	}
	report.Sort()
	return report, nil
}
