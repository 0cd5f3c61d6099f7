// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: the reference, except that a broken root page is taken for a
// failed crawl ("without the root page there is nothing to crawl"): Crawl
// returns the root's error instead of a report with the root in
// Report.Errors. The README: a broken page is not an error of the crawl,
// the root included. Rejected by: tests (TestCrawlBrokenRoot).

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// result is what a worker sends back for one URL.
type result struct {
	url  string
	page Page
	err  error
}

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, err // cancelled before we start: start nothing
	}
	jobs := make(chan string)
	results := make(chan result)

	var wg sync.WaitGroup
	for range MaxInFlight {
		// WaitGroup.Go (Go 1.25) is Add(1), go, and a deferred Done in one
		// call: no Add can be forgotten or placed inside the goroutine.
		wg.Go(func() {
			for url := range jobs {
				page, err := Fetch(ctx, client, url)
				select {
				case results <- result{url, page, err}:
				case <-ctx.Done():
					return // Crawl is leaving: nobody will read the result
				}
			}
		})
	}
	// However Crawl returns, stop the workers and wait for them: a worker
	// leaves its loop when jobs is closed, or when ctx is cancelled while
	// it holds a result nobody will read. Returning without this Wait would
	// leave workers inside Fetch after Crawl has returned.
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
				if ctx.Err() != nil {
					return Report{}, ctx.Err() // the cancellation, not a broken page
				}
				if r.url == root {
					return Report{}, r.err // no root page, no crawl
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
		case <-ctx.Done():
			return Report{}, ctx.Err()
		}
	}

	report.Sort()
	return report, nil
}
