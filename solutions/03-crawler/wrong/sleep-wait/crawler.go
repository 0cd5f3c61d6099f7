// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: bounded and locked correctly, but Crawl waits a fixed time for the
// workers instead of waiting for them to finish. Long enough for the fast
// test site, too short for the slow one: the report comes back incomplete.
// Rejected by: timing.

import (
	"context"
	"net/http"
	"sync"
	"time"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	var (
		mu     sync.Mutex
		report Report
		seen   = map[string]bool{root: true}
		slots  = make(chan struct{}, MaxInFlight)
	)
	var visit func(url string)
	visit = func(url string) {
		slots <- struct{}{}
		page, err := Fetch(ctx, client, url)
		<-slots

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
				go visit(link)
			}
		}
	}
	go visit(root)

	// "The crawl takes a few hundred milliseconds, give it 600."
	select {
	case <-time.After(600 * time.Millisecond):
	case <-ctx.Done():
		return Report{}, ctx.Err()
	}

	mu.Lock()
	defer mu.Unlock()
	out := Report{
		Pages:  append([]Page(nil), report.Pages...),
		Errors: append([]PageError(nil), report.Errors...),
	}
	out.Sort()
	return out, nil
}
