// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a page's goroutine takes a slot for each page it found before it
// starts that page's goroutine (so that no more than MaxInFlight goroutines
// ever exist), and the child gives the slot back when it is done. But the
// parent still holds its own slot while it waits for the next one: once
// the eight slot holders are all pages waiting to take a slot for their
// children, nothing moves again. Rejected by: tests (a deadlock in
// TestCrawlSlotOnlyForFetch, whose root finds eight pages with a child
// each).

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// Crawl: a page's goroutine takes a slot for each child before it starts
// it (so no more than MaxInFlight goroutines ever exist), and the child
// gives it back when done.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	slots := make(chan struct{}, MaxInFlight)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		seen   = map[string]bool{root: true}
		report Report
	)
	var visit func(url string)
	visit = func(url string) {
		defer wg.Done()
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
		for _, l := range next {
			slots <- struct{}{}
			wg.Add(1)
			go visit(l)
		}
	}
	slots <- struct{}{}
	wg.Add(1)
	go visit(root)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	report.Sort()
	return report, nil
}
