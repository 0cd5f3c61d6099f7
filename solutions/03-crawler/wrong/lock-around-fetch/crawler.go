// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a goroutine per page, at most MaxInFlight at once (a buffered
// channel as a semaphore), and a mutex that "protects everything the
// goroutine does": it is taken before Fetch and held until the links are
// queued. So only the goroutine holding it fetches; the others wait for
// the lock, and the crawl is as serial as the starter, with extra steps.
// Correct results, no race. Rejected by: timing (in virtual time, the
// goroutines waiting for the lock stop the test's clock, and the test
// says so).

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		report Report
		seen   = map[string]bool{root: true}
		slots  = make(chan struct{}, MaxInFlight)
	)
	var visit func(url string)
	visit = func(url string) {
		defer wg.Done()
		select {
		case slots <- struct{}{}:
			defer func() { <-slots }()
		case <-ctx.Done():
			return
		}
		mu.Lock()
		defer mu.Unlock()
		page, err := Fetch(ctx, client, url)
		if err != nil {
			if ctx.Err() == nil {
				report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			}
			return
		}
		report.Pages = append(report.Pages, page)
		for _, link := range page.Links {
			if !seen[link] {
				seen[link] = true
				wg.Add(1)
				go visit(link)
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
