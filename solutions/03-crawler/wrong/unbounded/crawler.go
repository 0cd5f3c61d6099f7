// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: one goroutine per discovered link and nothing bounding how many
// fetch at once. The archive page alone starts 48 requests together, far
// more than MaxInFlight. Rejected by: tests (requests in flight).

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		report Report
		seen   = map[string]bool{root: true}
	)
	var visit func(url string)
	visit = func(url string) {
		defer wg.Done()
		page, err := Fetch(ctx, client, url)
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			report.Errors = append(report.Errors, PageError{URL: url, Err: err})
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
