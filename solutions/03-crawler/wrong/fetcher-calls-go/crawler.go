// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a goroutine per page under an errgroup.Group with
// SetLimit(MaxInFlight), the everyday bound, but each page's goroutine
// starts the goroutines for the links it found itself, with g.Go. g.Go
// waits for a free slot, and the goroutine calling it holds one: once the
// 8 running goroutines all wait in g.Go for a slot that only they could
// free, nothing moves again. Rejected by: tests (a deadlock in
// TestCrawlSlotOnlyForFetch, whose root finds eight pages with a child
// each; on the podcast site too).

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/errgroup"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	var g errgroup.Group
	g.SetLimit(MaxInFlight)

	var mu sync.Mutex
	var report Report
	seen := map[string]bool{root: true}

	var visit func(url string)
	visit = func(url string) {
		page, err := Fetch(ctx, client, url)
		mu.Lock()
		if err != nil {
			if ctx.Err() == nil {
				report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			}
			mu.Unlock()
			return
		}
		report.Pages = append(report.Pages, page)
		var next []string
		for _, link := range page.Links {
			if !seen[link] {
				seen[link] = true
				next = append(next, link)
			}
		}
		mu.Unlock()
		for _, link := range next {
			g.Go(func() error { // waits for a slot while holding one
				visit(link)
				return nil
			})
		}
	}
	g.Go(func() error {
		visit(root)
		return nil
	})
	_ = g.Wait()

	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	report.Sort()
	return report, nil
}
