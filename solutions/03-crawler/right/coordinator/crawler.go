package crawler

import (
	"context"
	"net/http"
)

const MaxInFlight = 8

type fetched struct {
	url  string
	page Page
	err  error
}

// Crawl: a goroutine per page holding a slot while it fetches; results come
// back to this goroutine, which alone owns seen and the report.
func Crawl(ctx context.Context, client *http.Client, root string) (Report, error) {
	slots := make(chan struct{}, MaxInFlight)
	results := make(chan fetched)
	start := func(url string) {
		go func() {
			slots <- struct{}{}
			page, err := Fetch(ctx, client, url)
			<-slots
			results <- fetched{url, page, err}
		}()
	}
	seen := map[string]bool{root: true}
	start(root)
	var report Report
	for running := 1; running > 0; running-- {
		r := <-results
		if r.err != nil {
			report.Errors = append(report.Errors, PageError{URL: r.url, Err: r.err})
			continue
		}
		report.Pages = append(report.Pages, r.page)
		for _, l := range r.page.Links {
			if !seen[l] {
				seen[l] = true
				running++
				start(l)
			}
		}
	}
	if ctx.Err() != nil {
		return Report{}, ctx.Err()
	}
	report.Sort()
	return report, nil
}
