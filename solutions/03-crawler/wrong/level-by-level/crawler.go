// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: fetches the site one level at a time. All the pages of a level are
// fetched concurrently (at most MaxInFlight at once), but the next level
// starts only once the whole level is done, so while the slowest page of a
// level loads, the pages it already led to wait and most slots stay idle.
// Correct results, within the time budget on this site, and rejected by:
// timing (slots in use while pages waited).

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	var report Report
	seen := map[string]bool{root: true}
	level := []string{root}
	sem := make(chan struct{}, MaxInFlight)

	for len(level) > 0 {
		if err := ctx.Err(); err != nil {
			return Report{}, err
		}
		pages := make([]Page, len(level))
		errs := make([]error, len(level))
		var wg sync.WaitGroup
		for i, url := range level {
			wg.Go(func() {
				sem <- struct{}{}
				defer func() { <-sem }()
				pages[i], errs[i] = Fetch(ctx, client, url)
			})
		}
		wg.Wait() // the whole level, before any of the next

		var next []string
		for i, url := range level {
			if errs[i] != nil {
				if ctx.Err() != nil {
					return Report{}, ctx.Err()
				}
				report.Errors = append(report.Errors, PageError{URL: url, Err: errs[i]})
				continue
			}
			report.Pages = append(report.Pages, pages[i])
			for _, link := range pages[i].Links {
				if !seen[link] {
					seen[link] = true
					next = append(next, link)
				}
			}
		}
		level = next
	}

	report.Sort()
	return report, nil
}
