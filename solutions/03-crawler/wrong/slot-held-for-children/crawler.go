// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a goroutine per page and a semaphore of MaxInFlight slots, but a
// page keeps its slot until the pages it discovered have been crawled
// (it waits for them in a WaitGroup of its own). Eight pages deep, every
// slot is held by a page waiting for its children, and the children wait
// for a slot: the crawl never ends. On the podcast site, whether eight
// waiting pages line up depends on the order the pages finish; on
// TestCrawlSlotOnlyForFetch's site, whose root finds eight pages with a
// child each, they always do. Rejected by: tests (a deadlock in
// TestCrawlSlotOnlyForFetch).

import (
	"context"
	"net/http"
	"sync"
)

const MaxInFlight = 8

// Crawl: each page takes a slot, fetches, starts its children and waits for
// them before it gives its slot back.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	slots := make(chan struct{}, MaxInFlight)
	var (
		mu     sync.Mutex
		seen   = map[string]bool{root: true}
		report Report
	)
	var visit func(url string)
	visit = func(url string) {
		slots <- struct{}{}
		defer func() { <-slots }()
		page, err := Fetch(ctx, client, url)
		mu.Lock()
		if err != nil {
			report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			mu.Unlock()
			return
		}
		report.Pages = append(report.Pages, page)
		var next []string
		for _, l := range page.Links {
			if !seen[l] {
				seen[l] = true
				next = append(next, l)
			}
		}
		mu.Unlock()
		var wg sync.WaitGroup
		for _, l := range next {
			wg.Go(func() { visit(l) })
		}
		wg.Wait()
	}
	visit(root)
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	report.Sort()
	return report, nil
}
