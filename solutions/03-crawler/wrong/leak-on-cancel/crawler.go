// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a correct worker pool when the crawl finishes, but on cancellation
// Crawl returns at once without waiting for its workers. Those that were
// fetching are still inside Fetch when Crawl returns (the test's transport
// takes 300ms to give a cancelled request back), and then block forever
// sending a result nobody reads. Rejected by: tests (goroutines still
// running right after Crawl returned).

import (
	"context"
	"net/http"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

type result struct {
	url  string
	page Page
	err  error
}

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	jobs := make(chan string)
	results := make(chan result)
	for range MaxInFlight {
		go func() {
			for url := range jobs {
				page, err := Fetch(ctx, client, url)
				results <- result{url, page, err} // blocks forever once Crawl has gone
			}
		}()
	}

	var report Report
	seen := map[string]bool{root: true}
	queue := []string{root}
	pending := 0
	for len(queue) > 0 || pending > 0 {
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
					return Report{}, ctx.Err()
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
	close(jobs)

	report.Sort()
	return report, nil
}
