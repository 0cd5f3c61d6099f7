// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: the report is guarded by a mutex, but the seen map is read and
// written by every goroutine without it. Rejected by: race.

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
		mu     sync.Mutex // guards report
		wg     sync.WaitGroup
		report Report
		seen   = map[string]bool{root: true} // not guarded: the mistake
		slots  = make(chan struct{}, MaxInFlight)
	)
	var visit func(url string)
	visit = func(url string) {
		defer wg.Done()
		slots <- struct{}{}
		page, err := Fetch(ctx, client, url)
		<-slots

		mu.Lock()
		if err != nil {
			report.Errors = append(report.Errors, PageError{URL: url, Err: err})
			mu.Unlock()
			return
		}
		report.Pages = append(report.Pages, page)
		mu.Unlock()

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
