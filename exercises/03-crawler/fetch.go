package crawler

// This file is support code: Crawl uses it, you do not need to change it.

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Page is one page of the site, as Fetch found it.
type Page struct {
	// URL is the address the page was fetched from.
	URL string
	// Title is the text of the page's <title> element.
	Title string
	// Links holds the page's links to other pages of the same site
	// (same scheme and host), as absolute URLs without a #fragment, in the
	// order they first appear, each once. Links off the site are left out.
	Links []string
}

// PageError records a page that could not be fetched.
type PageError struct {
	// URL is the address of the page.
	URL string
	// Err is what went wrong, as Fetch returned it; a *StatusError when the
	// server answered with a status other than 200 OK.
	Err error
}

// Report is the result of a crawl.
type Report struct {
	// Pages holds every page that was fetched successfully, sorted by URL.
	Pages []Page
	// Errors holds every page that could not be fetched, sorted by URL.
	Errors []PageError
}

// Sort orders r.Pages and r.Errors by URL, the order Crawl returns them in,
// so that a report does not depend on which page happened to load first.
func (r *Report) Sort() {
	slices.SortFunc(r.Pages, func(a, b Page) int { return cmp.Compare(a.URL, b.URL) })
	slices.SortFunc(r.Errors, func(a, b PageError) int { return cmp.Compare(a.URL, b.URL) })
}

// StatusError reports a page that answered with an HTTP status other than
// 200 OK, for instance 404 Not Found.
type StatusError struct {
	// URL is the address of the page.
	URL string
	// Code is the HTTP status code the server answered with.
	Code int
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("GET %s: %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// maxBody bounds how much of a page Fetch reads.
const maxBody = 1 << 20

var (
	titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
	hrefRE  = regexp.MustCompile(`(?is)<a\s[^>]*?href\s*=\s*["']([^"']*)["']`)
)

// Fetch downloads the page at pageURL with client and returns its title and
// its links within the site. The request is made with ctx, so cancelling
// ctx aborts it; the error then wraps ctx.Err() (errors.Is(err,
// context.Canceled) reports true). A status other than 200 OK is returned
// as a *StatusError.
//
// Fetch waits for the whole page: one call takes as long as the server
// takes to answer. It is safe to call from many goroutines at once.
func Fetch(ctx context.Context, client *http.Client, pageURL string) (Page, error) {
	if client == nil {
		client = http.DefaultClient
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		return Page{}, fmt.Errorf("fetch %q: %w", pageURL, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pageURL, nil)
	if err != nil {
		return Page{}, fmt.Errorf("fetch %q: %w", pageURL, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return Page{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		// Drain the body so the connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, maxBody))
		return Page{}, &StatusError{URL: pageURL, Code: resp.StatusCode}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return Page{}, fmt.Errorf("read %s: %w", pageURL, err)
	}
	page := parsePage(base, string(body))
	page.URL = pageURL
	return page, nil
}

// parsePage extracts the title and the on-site links of an HTML page whose
// address is base.
func parsePage(base *url.URL, body string) Page {
	var page Page
	if m := titleRE.FindStringSubmatch(body); m != nil {
		page.Title = strings.TrimSpace(html.UnescapeString(m[1]))
	}
	seen := make(map[string]bool)
	for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
		href := strings.TrimSpace(html.UnescapeString(m[1]))
		u, err := base.Parse(href)
		if err != nil || u.Scheme != base.Scheme || u.Host != base.Host {
			continue
		}
		u.Fragment, u.RawFragment = "", ""
		link := u.String()
		if !seen[link] {
			seen[link] = true
			page.Links = append(page.Links, link)
		}
	}
	return page
}
