package crawler

// The test site: about sixty pages of a podcast's web site, served by a
// server that answers each request after a delay, counts how often each
// page was requested and records the largest number of requests it was
// answering at once. The functional tests serve it with httptest on
// loopback, in real time (newSite); the timing test on an in-memory network
// inside a testing/synctest bubble (newVirtualSite), where every delay is
// exact and takes no real time.

import (
	"context"
	"errors"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/asynckata/kata/internal/katatest"
	"github.com/stretchr/testify/require"
)

// link is one <a href> of a test page.
type link struct {
	href string // as written in the page; "{base}" stands for the server's URL
	to   string // the site path it leads to; "" for a link off the site
}

// sitePage is one page of the test site.
type sitePage struct {
	path   string
	title  string
	status int // 0: 200 OK; otherwise the page is broken and answers this
	links  []link
}

const (
	seasons           = 12
	episodesPerSeason = 4
	episodes          = seasons * episodesPerSeason
)

var themes = [seasons]string{
	"Why concurrency", "async & await", "Threads and the GIL", "Thread safety",
	"Multiprocessing", "Execution pools", "Structured concurrency",
	"Async web frameworks", "Cython", "Channels", "Cancellation", "Profiling",
}

var topics = []string{
	"Producers & consumers", "The event loop", "Scraping episode pages",
	"Locks & deadlocks", "A bank that loses money", "Pools of workers",
	"Futures and promises", "Nurseries", "Timeouts", "Backpressure",
	"Fan-out, fan-in", "The race detector", "Semaphores",
	"Graceful shutdown", "Rate limits", "Leaks you cannot see",
}

func seasonPath(s int) string  { return fmt.Sprintf("/season/%d", s) }
func episodePath(n int) string { return fmt.Sprintf("/episodes/%d", n) }

// sitePages returns the pages of the test site. Links are written in many
// forms (absolute paths, relative paths, full URLs, #fragments, links off
// the site) to exercise Fetch; `to` says where each one really leads.
func sitePages() []sitePage {
	root := sitePage{path: "/", title: "Async Kata Radio: all seasons"}
	root.links = append(root.links, link{"/about", "/about"})
	for s := 1; s <= seasons; s++ {
		href := seasonPath(s)
		switch {
		case s == 5:
			href = "{base}" + seasonPath(s)
		case s%2 == 0:
			href = strings.TrimPrefix(seasonPath(s), "/") // relative to "/"
		}
		root.links = append(root.links, link{href, seasonPath(s)})
	}
	root.links = append(root.links,
		link{"/archive", "/archive"},
		link{"/season/1#latest", "/season/1"},
		link{"https://example.org/subscribe", ""},
		link{"mailto:studio@example.org", ""},
	)

	about := sitePage{path: "/about", title: "About the show", links: []link{
		{"/", "/"},
		{"https://example.org/", ""},
		{"archive", "/archive"},
	}}

	archive := sitePage{path: "/archive", title: "Every episode", links: []link{{"./", "/"}}}
	for n := 1; n <= episodes; n++ {
		href := episodePath(n)
		if n%3 == 0 {
			href = strings.TrimPrefix(href, "/") // relative to "/archive"
		}
		archive.links = append(archive.links, link{href, episodePath(n)})
	}

	pages := []sitePage{root, about, archive}
	for s := 1; s <= seasons; s++ {
		p := sitePage{path: seasonPath(s), title: fmt.Sprintf("Season %d: %s", s, themes[s-1])}
		p.links = append(p.links, link{"../", "/"}, link{"/about", "/about"})
		for n := (s-1)*episodesPerSeason + 1; n <= s*episodesPerSeason; n++ {
			p.links = append(p.links, link{".." + episodePath(n), episodePath(n)})
		}
		switch s {
		case 3:
			p.links = append(p.links, link{"../episodes/lost", "/episodes/lost"})
		case 7:
			p.links = append(p.links, link{"/episodes/glitch", "/episodes/glitch"})
		}
		if s > 1 {
			p.links = append(p.links, link{seasonPath(s-1) + "#top", seasonPath(s - 1)})
		}
		if s < seasons {
			p.links = append(p.links, link{fmt.Sprint(s + 1), seasonPath(s + 1)})
		}
		p.links = append(p.links, link{fmt.Sprintf("https://example.org/season/%d", s), ""})
		pages = append(pages, p)
	}
	for n := 1; n <= episodes; n++ {
		s := (n-1)/episodesPerSeason + 1
		p := sitePage{path: episodePath(n), title: fmt.Sprintf("Episode %d: %s", n, topics[(n-1)%len(topics)])}
		p.links = append(p.links, link{"/", "/"}, link{seasonPath(s) + "#episodes", seasonPath(s)})
		if n > 1 {
			p.links = append(p.links, link{"{base}" + episodePath(n-1), episodePath(n - 1)})
		}
		if n < episodes {
			p.links = append(p.links, link{fmt.Sprint(n + 1), episodePath(n + 1)})
		}
		p.links = append(p.links, link{fmt.Sprintf("https://example.com/guests/%d", n), ""})
		pages = append(pages, p)
	}
	pages = append(pages,
		sitePage{path: "/episodes/lost", status: http.StatusNotFound},
		sitePage{path: "/episodes/glitch", status: http.StatusInternalServerError},
	)
	return pages
}

// site is the test server and what it observed.
type site struct {
	url       string // the server's base URL, "http://127.0.0.1:41234"
	client    *http.Client
	delay     time.Duration
	slow      map[string]time.Duration // paths answered after their own delay
	pages     []sitePage
	byPath    map[string]sitePage
	onRequest func(n int64)     // called as request number n arrives; may be nil
	stuck     string            // what to try when Crawl hangs on this site; "" for the usual advice
	after     map[string]string // a path → the path it answers after (see answerAfter)
	meter     *slotMeter        // what the client side saw: slots in use, pages waiting

	requests    atomic.Int64 // requests received so far
	inFlight    atomic.Int64 // requests being answered now
	maxInFlight atomic.Int64 // the largest inFlight seen
	abandoned   atomic.Int64 // requests whose client went away before the answer

	mu       sync.Mutex
	hits     map[string]int  // requests per path
	answered map[string]bool // paths answered (or failed) so far
	unknown  []string        // paths requested that the site does not have
}

// cancelHold is how long the test's transport holds on to a request that
// was cancelled while in flight before it gives the error back: some real
// transports take that long to tear a request down (a proxy, a TLS
// connection). A Crawl that returns on ctx.Done() without waiting for its
// goroutines leaves them inside Fetch for this long, which the tests see.
const cancelHold = 300 * time.Millisecond

// newSite starts the test site, answering each request after delay.
// onRequest, if not nil, is called as each request arrives with its number
// (1 for the first). The server and the client's connections are closed
// when the test ends.
func newSite(t testing.TB, delay time.Duration, onRequest func(n int64)) *site {
	return newSlowSite(t, delay, nil, onRequest)
}

// newSlowSite is newSite where the paths in slow answer after their own
// delay instead of delay.
func newSlowSite(t testing.TB, delay time.Duration, slow map[string]time.Duration, onRequest func(n int64)) *site {
	t.Helper()
	s := makeSite(sitePages(), delay, slow, onRequest)
	serveSite(t, s)
	return s
}

// newSeriesSite starts a site of mini-series, answering each request
// after delay: the root links to each series' first page, and each part of
// a series links back to the one before and on to the next, so a part is
// found only on the page before it.
func newSeriesSite(t testing.TB, series, parts int, delay time.Duration) *site {
	t.Helper()
	s := makeSite(seriesPages(series, parts), delay, nil, nil)
	s.stuck = fmt.Sprintf("This site has %d mini-series, each a line of pages: the root finds %d pages at once, "+
		"and each of those finds one more. If a page keeps its slot while it waits for anything else "+
		"(the pages it found to be crawled, or slots for them), then once %d pages hold the %d slots and "+
		"wait, nothing moves again. Give the slot back as soon as Fetch returns, before you start on the "+
		"page's links.", series, series, MaxInFlight, MaxInFlight)
	serveSite(t, s)
	return s
}

// seriesPages returns the pages of a site of series mini-series of parts
// pages each.
func seriesPages(series, parts int) []sitePage {
	root := sitePage{path: "/", title: "Mini-series"}
	var pages []sitePage
	for i := 1; i <= series; i++ {
		part := func(j int) string { return fmt.Sprintf("/series/%d/%d", i, j) }
		root.links = append(root.links, link{part(1), part(1)})
		for j := 1; j <= parts; j++ {
			p := sitePage{path: part(j), title: fmt.Sprintf("Series %d, part %d of %d", i, j, parts)}
			if j > 1 {
				p.links = append(p.links, link{fmt.Sprint(j - 1), part(j - 1)})
			}
			if j < parts {
				p.links = append(p.links, link{fmt.Sprint(j + 1), part(j + 1)})
			}
			pages = append(pages, p)
		}
	}
	return append([]sitePage{root}, pages...)
}

// serveSite serves s with httptest on loopback, with a client of its own.
// The server and the client's connections are closed when the test ends.
func serveSite(t testing.TB, s *site) {
	srv := httptest.NewServer(http.HandlerFunc(s.serve))
	s.url = srv.URL
	// The test's own transport, so that its connections can be closed when
	// the test ends and goleak sees only the goroutines Crawl left behind.
	// It sets no limit on connections per host: the limit is Crawl's job.
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	s.client = &http.Client{Transport: &meteredTransport{inner: tr, meter: s.meter}}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		srv.Close()
		tr.CloseIdleConnections()
	})
}

// newVirtualSite is newSlowSite on an in-memory network, for a test that
// runs in a synctest bubble: the delays are exact, in virtual time, and an
// HTTP exchange takes no time at all. Everything is closed when the test
// ends, inside the bubble.
func newVirtualSite(t *testing.T, delay time.Duration, slow map[string]time.Duration) *site {
	t.Helper()
	s := makeSite(sitePages(), delay, slow, nil)
	var n katatest.Network
	l := n.Listen("podcast.test")
	srv := &http.Server{Handler: http.HandlerFunc(s.serve)}
	go func() { _ = srv.Serve(l) }()
	s.url = "http://podcast.test"
	tr := &http.Transport{DialContext: n.DialContext, MaxIdleConnsPerHost: 64}
	s.client = &http.Client{Transport: &meteredTransport{inner: tr, meter: s.meter}}
	t.Cleanup(func() {
		tr.CloseIdleConnections()
		_ = srv.Close()
		tr.CloseIdleConnections()
	})
	return s
}

// makeSite makes a site of pages that is not served yet.
func makeSite(pages []sitePage, delay time.Duration, slow map[string]time.Duration, onRequest func(n int64)) *site {
	s := &site{
		delay:     delay,
		slow:      slow,
		pages:     pages,
		byPath:    make(map[string]sitePage),
		onRequest: onRequest,
		hits:      make(map[string]int),
		answered:  make(map[string]bool),
	}
	for _, p := range s.pages {
		s.byPath[p.path] = p
	}
	s.meter = newSlotMeter(s)
	return s
}

// answerAfter makes the site answer path only once first has been
// answered, and answerGap after that: so path's answer reaches the client
// after first's, whatever order the crawl asked for them in. A request
// waits for first 2 s at most (a crawl may never ask for it).
func (s *site) answerAfter(path, first string) {
	if s.after == nil {
		s.after = make(map[string]string)
	}
	s.after[path] = first
}

const answerGap = 100 * time.Millisecond

// waitAnswered waits until path has been answered, ctx is done, or 2 s
// have passed.
func (s *site) waitAnswered(ctx context.Context, path string) {
	give := time.Now().Add(2 * time.Second)
	for time.Now().Before(give) && ctx.Err() == nil {
		s.mu.Lock()
		done := s.answered[path]
		s.mu.Unlock()
		if done {
			return
		}
		time.Sleep(time.Millisecond)
	}
}

// root is the URL a crawl starts from.
func (s *site) root() string { return s.url + "/" }

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	n := s.requests.Add(1)
	s.mu.Lock()
	s.hits[r.URL.Path]++
	s.mu.Unlock()
	if s.onRequest != nil {
		s.onRequest(n)
	}

	now := s.inFlight.Add(1)
	for {
		max := s.maxInFlight.Load()
		if now <= max || s.maxInFlight.CompareAndSwap(max, now) {
			break
		}
	}
	delay := s.delay
	if d, ok := s.slow[r.URL.Path]; ok {
		delay = d
	}
	if first, ok := s.after[r.URL.Path]; ok {
		s.waitAnswered(r.Context(), first)
		delay += answerGap
	}
	timer := time.NewTimer(delay)
	select {
	case <-timer.C:
	case <-r.Context().Done(): // the client gave up
		timer.Stop()
		s.inFlight.Add(-1)
		s.abandoned.Add(1)
		return
	}
	// The request stops counting before the answer is written, so the
	// client cannot have received it (and started another request) while
	// this one still counts as in flight.
	s.inFlight.Add(-1)
	s.mu.Lock()
	s.answered[r.URL.Path] = true
	s.mu.Unlock()

	page, ok := s.byPath[r.URL.Path]
	if !ok {
		s.mu.Lock()
		s.unknown = append(s.unknown, r.URL.Path)
		s.mu.Unlock()
		http.NotFound(w, r)
		return
	}
	if page.status != 0 {
		http.Error(w, http.StatusText(page.status), page.status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = io.WriteString(w, s.render(page))
}

func (s *site) render(p sitePage) string {
	var b strings.Builder
	title := html.EscapeString(p.title)
	fmt.Fprintf(&b, "<!doctype html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n</head>\n<body>\n<h1>%s</h1>\n<ul>\n", title, title)
	for i, l := range p.links {
		href := html.EscapeString(strings.ReplaceAll(l.href, "{base}", s.url))
		text := href
		if i%2 == 0 {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", href, text)
		} else {
			fmt.Fprintf(&b, "<li><a class=\"more\" href='%s'>%s</a></li>\n", href, text)
		}
	}
	b.WriteString("</ul>\n</body>\n</html>\n")
	return b.String()
}

// expected is the report a correct crawl of the site returns, computed from
// the site's definition.
func (s *site) expected() Report {
	var r Report
	for _, p := range s.pages {
		u := s.url + p.path
		if p.status != 0 {
			r.Errors = append(r.Errors, PageError{URL: u, Err: &StatusError{URL: u, Code: p.status}})
			continue
		}
		page := Page{URL: u, Title: p.title}
		for _, l := range p.links {
			if l.to == "" {
				continue
			}
			if lu := s.url + l.to; !slices.Contains(page.Links, lu) {
				page.Links = append(page.Links, lu)
			}
		}
		r.Pages = append(r.Pages, page)
	}
	r.Sort()
	return r
}

// hitCounts returns a copy of the requests per path and the unknown paths.
func (s *site) hitCounts() (map[string]int, []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	hits := make(map[string]int, len(s.hits))
	for p, n := range s.hits {
		hits[p] = n
	}
	return hits, slices.Clone(s.unknown)
}

// runCrawl runs Crawl against the site from its root page and returns its
// result and how long it took. It fails the test if Crawl has not returned
// within limit, or if a goroutine Crawl started is still running once it
// has returned.
func runCrawl(t *testing.T, ctx context.Context, s *site, limit time.Duration) (Report, time.Duration, error) {
	t.Helper()
	return runCrawlFrom(t, ctx, s, s.root(), limit)
}

// leftGrace is how long after Crawl returns its goroutines may take to
// finish exiting (a deferred wg.Wait() leaves none at all).
const leftGrace = 20 * time.Millisecond

// runCrawlFrom is runCrawl starting from root.
func runCrawlFrom(t *testing.T, ctx context.Context, s *site, root string, limit time.Duration) (Report, time.Duration, error) {
	t.Helper()
	type result struct {
		report Report
		err    error
	}
	done := make(chan result, 1)
	before := katatest.Snapshot()
	start := time.Now()
	go func() {
		r, err := Crawl(ctx, s.client, root)
		done <- result{r, err}
	}()
	timer := time.NewTimer(limit)
	defer timer.Stop()
	select {
	case res := <-done:
		elapsed := time.Since(start)
		katatest.NoGoroutinesLeft(t, before, leftGrace, "Crawl")
		return res.report, elapsed, res.err
	case <-timer.C:
		advice := s.stuck
		if advice == "" {
			advice = "It is probably stuck: a goroutine waiting on a channel nobody sends on, " +
				"or a WaitGroup that never reaches zero (an Add without its Done)."
		}
		katatest.Hung(t, fmt.Sprintf("Crawl (of a site of %d pages)", len(s.pages)), limit, advice)
		return Report{}, 0, nil
	}
}

// checkReport fails the test unless got is the report a correct crawl of
// the site returns.
func checkReport(t *testing.T, s *site, got Report) {
	t.Helper()
	want := s.expected()

	count := make(map[string]int)
	for _, p := range got.Pages {
		count[p.URL]++
	}
	for _, e := range got.Errors {
		count[e.URL]++
	}
	for u, n := range count {
		require.Equalf(t, 1, n, "%s appears %d times in the report (Pages and Errors together): "+
			"each page must be reported once. Check whether a page was already seen and mark it seen "+
			"in one step, under one lock or in one goroutine.", u, n)
	}
	var missing []string
	for _, p := range want.Pages {
		if count[p.URL] == 0 {
			missing = append(missing, p.URL)
		}
	}
	for _, e := range want.Errors {
		if count[e.URL] == 0 {
			missing = append(missing, e.URL)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		examples := missing[:min(3, len(missing))]
		require.Failf(t, "pages missing from the report",
			"the report lacks %d of the site's %d pages (Pages and Errors together), for instance %s. "+
				"Did Crawl return before every page it found was fetched? Wait until no page is being "+
				"fetched and none is waiting (a sync.WaitGroup, or a count of pages in progress), "+
				"never for a fixed time.",
			len(missing), len(want.Pages)+len(want.Errors), strings.Join(examples, ", "))
	}

	require.Truef(t, slices.IsSortedFunc(got.Pages, func(a, b Page) int { return strings.Compare(a.URL, b.URL) }) &&
		slices.IsSortedFunc(got.Errors, func(a, b PageError) int { return strings.Compare(a.URL, b.URL) }),
		"Report.Pages and Report.Errors must be sorted by URL, whatever order the pages loaded in: "+
			"call report.Sort() before returning.")

	require.Equal(t, want.Pages, got.Pages,
		"Report.Pages differs from the site's pages: keep each Page exactly as Fetch returned it.")

	wantErrs := make([]string, len(want.Errors))
	for i, e := range want.Errors {
		wantErrs[i] = fmt.Sprintf("%s: %d %s", e.URL, e.Err.(*StatusError).Code, http.StatusText(e.Err.(*StatusError).Code))
	}
	gotErrs := make([]string, len(got.Errors))
	for i, e := range got.Errors {
		var se *StatusError
		if !errors.As(e.Err, &se) {
			gotErrs[i] = fmt.Sprintf("%s: not a *StatusError: %v", e.URL, e.Err)
			continue
		}
		gotErrs[i] = fmt.Sprintf("%s: %d %s", e.URL, se.Code, http.StatusText(se.Code))
	}
	require.Equal(t, wantErrs, gotErrs,
		"Report.Errors should list the site's broken pages with the error Fetch returned for each "+
			"(a *StatusError holding the HTTP status).")
}
