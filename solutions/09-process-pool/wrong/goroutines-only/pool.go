// Package procpool runs CPU jobs on a pool of worker processes.
//
// WRONG: this pool runs jobs on goroutines inside the caller's own process.
// Go has no GIL, so that is parallel, but no job ever runs in a worker
// process: every result carries the test process's own PID.
package procpool

import (
	"errors"
	"sync"
)

// ErrClosed is returned by Map on a pool that has been closed.
var ErrClosed = errors.New("procpool: pool is closed")

// Pool runs jobs on a fixed number of goroutines.
type Pool struct {
	mu      sync.Mutex
	workers int
	closed  bool
}

// NewPool returns a pool of workers goroutines.
func NewPool(workers int) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	return &Pool{workers: workers}, nil
}

// Map runs the jobs on at most workers goroutines at once.
func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	results := make([]Result, len(jobs))
	sem := make(chan struct{}, p.workers)
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			results[i] = Compute(job)
		}()
	}
	wg.Wait()
	return results, nil
}

// Close marks the pool closed.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	return nil
}
