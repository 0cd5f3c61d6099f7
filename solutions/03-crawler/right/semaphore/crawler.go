package crawler

import (
	"context"
	"net/http"
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
	report.Sort()
	return report, nil
}
