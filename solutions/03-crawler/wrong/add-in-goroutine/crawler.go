// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a goroutine per page, a weighted semaphore, a map under a mutex;
// but each goroutine counts itself in the WaitGroup (wg.Add(1) as its
// first line) instead of being counted by the goroutine that starts it.
// Crawl's wg.Wait can run before the root's goroutine has counted itself,
// see zero, and return an empty report while the pages are still being
// fetched. Rejected by: tests (TestCrawlReport, and goroutines left
// running).

import (
	"context"
	"net/http"
	"sync"

	"golang.org/x/sync/semaphore"
)

const MaxInFlight = 8

// Crawl: each goroutine counts itself in the WaitGroup; a goroutine per page, a weighted semaphore, a map of seen URLs under a mutex.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	sem := semaphore.NewWeighted(MaxInFlight)
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		seen   = map[string]bool{root: true}
		report Report
	)
	var visit func(url string)
	visit = func(url string) {
		wg.Add(1)
		defer wg.Done()
		var page Page
		err := sem.Acquire(ctx, 1)
		if err == nil {
			page, err = Fetch(ctx, client, url)
			sem.Release(1)
		}
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			return
		}
		report.Pages = append(report.Pages, page)
		for _, l := range page.Links {
			if !seen[l] {
				seen[l] = true
				go visit(l)
			}
		}
	}
	go visit(root)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	report.Sort()
	return report, nil
}
