// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

// WRONG: a correct worker pool, but with 4 workers ("to be on the safe
// side"), half of MaxInFlight: half the slots the site allows stay idle
// while pages wait. About 1.8 s, inside the 2 s budget, and rejected by:
// timing (slots in use while pages waited).

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
const MaxInFlight = 8

const workers = 4

type result struct {
	url  string
	page Page
	err  error
}

// Crawl visits every page reachable from root; see the exercise's crawler.go.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	jobs := make(chan string)
	results := make(chan result)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for url := range jobs {
				page, err := Fetch(ctx, client, url)
				select {
				case results <- result{url, page, err}:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	defer func() {
		close(jobs)
		wg.Wait()
	}()

	var report Report
	seen := map[string]bool{root: true}
	queue := []string{root}
	pending := 0
	for len(queue) > 0 || pending > 0 {
		var send chan string
		var next string
		if len(queue) > 0 {
			send, next = jobs, queue[0]
		}
		select {
		case send <- next:
			queue = queue[1:]
			pending++
		case r := <-results:
			pending--
			if r.err != nil {
				if ctx.Err() != nil {
					return Report{}, ctx.Err()
				}
				report.Errors = append(report.Errors, PageError{URL: r.url, Err: r.err})
				continue
			}
			report.Pages = append(report.Pages, r.page)
			for _, link := range r.page.Links {
				if !seen[link] {
					seen[link] = true
					queue = append(queue, link)
				}
			}
		case <-ctx.Done():
			return Report{}, ctx.Err()
		}
	}

	report.Sort()
	return report, nil
}
