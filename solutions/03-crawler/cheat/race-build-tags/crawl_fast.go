//go:build !race

package crawler

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is ignored here: every page is fetched at once.
const MaxInFlight = 8

// Crawl (timing run only) starts a goroutine per page, unbounded.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	var (
		mu     sync.Mutex
		wg     sync.WaitGroup
		report Report
		seen   = map[string]bool{root: true}
		visit  func(string)
	)
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
