package crawler

// The test's HTTP transport: it measures, from the client's side, how many
// requests Crawl keeps in flight while pages it has discovered wait to be
// fetched, and it holds on to cancelled requests for a while (cancelHold).

import (
	"io"
	"net/http"
	"sync"
	"time"
)

// slotMeter integrates over time how many of the MaxInFlight slots are in
// use while at least one discovered page waits to be fetched. A page is
// discovered when the body of a page that links to it has been read and
// closed (Fetch has its links then); it waits until Crawl requests it.
//
// The figure it reports, the fill, is a time-weighted average: a crawl that
// keeps every slot busy whenever there is work waiting scores 100%; one that
// lets slots go idle while pages wait (a crawl that finishes a whole level of
// the site before it starts the next, or one with fewer workers) scores less.
type slotMeter struct {
	site *site

	mu         sync.Mutex
	last       time.Time       // when the integrals were last brought up to date
	inFlight   int             // requests sent whose body is not closed yet
	requested  map[string]bool // paths requested so far
	discovered map[string]bool // paths some fetched page linked to
	waiting    int             // discovered and not yet requested
	window     float64         // seconds with at least one page waiting
	used       float64         // slot-seconds in use during those seconds
}

func newSlotMeter(s *site) *slotMeter {
	return &slotMeter{site: s, requested: map[string]bool{}, discovered: map[string]bool{}}
}

// advanceLocked adds the time since the last event to the integrals.
func (m *slotMeter) advanceLocked(now time.Time) {
	if !m.last.IsZero() && m.waiting > 0 {
		dt := now.Sub(m.last).Seconds()
		m.window += dt
		m.used += dt * float64(min(m.inFlight, MaxInFlight))
	}
	m.last = now
}

func (m *slotMeter) sent(path string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advanceLocked(time.Now())
	m.inFlight++
	if !m.requested[path] {
		m.requested[path] = true
		if m.discovered[path] {
			m.waiting--
		}
	}
}

// finished records the end of a request; links are the site paths the page
// links to when it loaded, nil otherwise.
func (m *slotMeter) finished(links []string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advanceLocked(time.Now())
	m.inFlight--
	for _, to := range links {
		if !m.discovered[to] {
			m.discovered[to] = true
			if !m.requested[to] {
				m.waiting++
			}
		}
	}
}

// fill returns the average share of the MaxInFlight slots in use while
// pages waited, in percent, and how long pages waited in all.
func (m *slotMeter) fill() (percent int, waited time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.window == 0 {
		return 100, 0
	}
	return int(100 * m.used / (m.window * MaxInFlight)), time.Duration(m.window * float64(time.Second))
}

// meteredTransport reports every request to the meter, and holds a request
// that was cancelled in flight for cancelHold before returning its error.
type meteredTransport struct {
	inner http.RoundTripper
	meter *slotMeter
}

func (tr *meteredTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	path := req.URL.Path
	wasLive := req.Context().Err() == nil
	tr.meter.sent(path)
	resp, err := tr.inner.RoundTrip(req)
	if err != nil {
		if wasLive && req.Context().Err() != nil {
			time.Sleep(cancelHold)
		}
		tr.meter.finished(nil)
		return nil, err
	}
	var links []string
	if resp.StatusCode == http.StatusOK {
		if p, ok := tr.meter.site.byPath[path]; ok {
			for _, l := range p.links {
				if l.to != "" {
					links = append(links, l.to)
				}
			}
		}
	}
	resp.Body = &meteredBody{ReadCloser: resp.Body, done: func() { tr.meter.finished(links) }}
	return resp, nil
}

// meteredBody tells the meter once, when the body is closed.
type meteredBody struct {
	io.ReadCloser
	once sync.Once
	done func()
}

func (b *meteredBody) Close() error {
	err := b.ReadCloser.Close()
	b.once.Do(b.done)
	return err
}
