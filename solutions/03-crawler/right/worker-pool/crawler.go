// Package crawler walks a small web site, following links from a root page,
// and reports every page it found and every page that failed to load.
package crawler

import (
	"context"
	"net/http"
	"sync"
)

// MaxInFlight is the most requests Crawl may have in flight at once.
// The site is slow but small: more than this many requests at a time would
// be rude to its server, and the tests count.
const MaxInFlight = 8

// fetched is what a worker sends back for one page.
type fetched struct {
	url  string
	page Page
	err  error
}

// Crawl visits every page reachable from root, MaxInFlight pages at a time.
//
// MaxInFlight workers each fetch one page at a time, so no more requests
// than that are ever in flight. Crawl's own goroutine is the only one that
// touches the queue, the seen set and the report: it hands the next queued
// page to whichever worker is free, and reads what the workers found. When
// nothing is queued and nothing is being fetched, the crawl is over: it
// closes the jobs channel and waits for every worker to return.
//
// On cancel, Fetch fails at once for every page still handed out, so the
// same loop drains quickly; Crawl then returns ctx.Err().
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	jobs := make(chan string)
	results := make(chan fetched)

	var workers sync.WaitGroup
	for range MaxInFlight {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for url := range jobs {
				page, err := Fetch(ctx, client, url)
				results <- fetched{url, page, err}
			}
		}()
	}

	var report Report
	seen := map[string]bool{root: true}
	queue := []string{root}
	busy := 0 // pages handed to a worker and not yet back
	for len(queue) > 0 || busy > 0 {
		// A nil channel is never ready: with nothing queued, the select
		// only waits for results.
		var hand chan string
		var next string
		if len(queue) > 0 && ctx.Err() == nil {
			hand, next = jobs, queue[0]
		} else if busy == 0 {
			break // cancelled, and every page handed out is back
		}
		select {
		case hand <- next:
			queue = queue[1:]
			busy++
		case r := <-results:
			busy--
			if r.err != nil {
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
		}
	}
	close(jobs)
	workers.Wait()

	if err := ctx.Err(); err != nil {
		return Report{}, err
	}
	report.Sort()
	return report, nil
}
