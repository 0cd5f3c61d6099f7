// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a right crawl (a goroutine per page, results gathered by Crawl's
// own goroutine, which alone owns seen and the report) that returns the
// pages in the order they finished: the README asks for both lists sorted
// by URL (report.Sort()). Rejected by: tests (TestCrawlReport).

import (
	"context"
	"net/http"
)

const MaxInFlight = 8

type fetched struct {
	url  string
	page Page
	err  error
}

// Crawl: a goroutine per page holding a slot while it fetches; results come
// back to this goroutine, which alone owns seen and the report.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	slots := make(chan struct{}, MaxInFlight)
	results := make(chan fetched)
	start := func(url string) {
		go func() {
			slots <- struct{}{}
			page, err := Fetch(ctx, client, url)
			<-slots
			results <- fetched{url, page, err}
		}()
	}
	seen := map[string]bool{root: true}
	start(root)
	var report Report
	for running := 1; running > 0; running-- {
		r := <-results
		if r.err != nil {
			report.Errors = append(report.Errors, PageError{URL: r.url, Err: r.err})
			continue
		}
		report.Pages = append(report.Pages, r.page)
		for _, l := range r.page.Links {
			if !seen[l] {
				seen[l] = true
				running++
				start(l)
			}
		}
	}
	if ctx.Err() != nil {
		return Report{}, ctx.Err()
	}
	return report, nil
}
