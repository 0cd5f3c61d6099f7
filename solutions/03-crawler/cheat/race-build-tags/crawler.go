//go:build race

// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

import (
	"context"
	"net/http"
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
// This version is correct but slow: it fetches one page at a time, so the
// crawl takes as long as all the pages together.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	var report Report
	seen := map[string]bool{root: true} // pages already queued or fetched
	queue := []string{root}             // pages waiting to be fetched

	for len(queue) > 0 {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		url := queue[0]
		queue = queue[1:]

		page, err := Fetch(ctx, client, url) // waits for the server's answer
		if err != nil {
			if ctx.Err() != nil {
				return Report{}, ctx.Err() // cancelled: not the page's fault
			}
			report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			continue
		}
		report.Pages = append(report.Pages, page)

		for _, link := range page.Links {
			if !seen[link] {
				seen[link] = true
				queue = append(queue, link)
			}
		}
	}

	report.Sort()
	return report, nil
}
