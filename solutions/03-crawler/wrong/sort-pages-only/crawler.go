// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: the semaphore crawl, but it sorts Report.Pages by hand and leaves
// Report.Errors in the order the broken pages failed. With two broken
// pages, that order is right half the time; TestCrawlReport makes them
// fail out of URL order on every run. Rejected by: tests (TestCrawlReport:
// the report is not sorted).

import (
	"context"
	"net/http"
	"sort"
	"sync"

	"golang.org/x/sync/semaphore"
)

const MaxInFlight = 8

// Crawl: a goroutine per page, a weighted semaphore, a map of seen URLs under a mutex.
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
				wg.Add(1)
				go visit(l)
			}
		}
	}
	wg.Add(1)
	go visit(root)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	sort.Slice(report.Pages, func(i, j int) bool { return report.Pages[i].URL < report.Pages[j].URL })
	return report, nil
}
