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

// result is what a worker sends back for one URL.
type result struct {
	url  string
	page Page
	err  error
}

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
// The shape: MaxInFlight workers do nothing but Fetch, so the bound on
// requests in flight holds by construction. This goroutine alone owns the
// queue, the seen map and the report, so none of them needs a lock, and
// "is this link new? then mark it seen" cannot be split by another
// goroutine. It hands a URL to a worker as soon as the URL is discovered
// and a worker is free, so no slot idles while pages wait.
//
// Cancelling needs no select on ctx.Done() here: every wait of the loop
// ends with a result, and once ctx is cancelled each Fetch in flight
// returns ctx's error (the request is abandoned). The first such result
// ends the crawl; Crawl then collects the results still on their way, so
// that no worker is left holding one, and the deferred close and Wait let
// the workers go.
//
// The everyday alternative is a goroutine per page bounded by an
// errgroup.Group with g.SetLimit(MaxInFlight), and a sync.Mutex around
// seen and the report (check and mark under one Lock). Mind the limit:
// g.Go blocks while MaxInFlight goroutines run, so call it from one
// coordinating goroutine, never from a fetching goroutine (which holds a
// slot itself), and let the fetchers hand back their links without
// blocking (a results channel with MaxInFlight slots). g.Wait() then
// returns once every goroutine has.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	jobs := make(chan string)
	results := make(chan result)

	var wg sync.WaitGroup
	for range MaxInFlight {
		// WaitGroup.Go (Go 1.25) is Add(1), go, and a deferred Done in one
		// call: no Add can be forgotten or placed inside the goroutine.
		wg.Go(func() {
			for url := range jobs {
				page, err := Fetch(ctx, client, url)
				results <- result{url, page, err} // Crawl reads every result it asked for
			}
		})
	}
	// However Crawl returns, stop the workers and wait for them: a worker
	// leaves its loop when jobs is closed. Returning without this Wait
	// would leave workers running after Crawl has returned.
	defer func() {
		close(jobs)
		wg.Wait()
	}()

	var report Report
	seen := map[string]bool{root: true} // pages queued, in flight or done
	queue := []string{root}             // pages discovered, not yet handed out
	pending := 0                        // pages handed to a worker, result not back yet

	for len(queue) > 0 || pending > 0 {
		// Offer the next URL only when there is one: a send on a nil
		// channel never proceeds, so select then skips that case.
		var send chan string
		var next string
		if len(queue) > 0 {
			send, next = jobs, queue[0]
		}
		select {
		case send <- next:
			queue = queue[1:]
			pending++
		case r := <-results:
			pending--
			if r.err != nil {
				if err := ctx.Err(); err != nil {
					// The cancellation, not a broken page. The other fetches
					// in flight end at once too: take their results, so no
					// worker is left holding one, and leave.
					for ; pending > 0; pending-- {
						<-results
					}
					return Report{}, err
				}
				report.Errors = append(report.Errors, PageError{URL: r.url, Err: r.err})
				continue
			}
			report.Pages = append(report.Pages, r.page)
			for _, link := range r.page.Links {
				if !seen[link] {
					seen[link] = true
					queue = append(queue, link)
				}
			}
		}
	}

	report.Sort()
	return report, nil
}
