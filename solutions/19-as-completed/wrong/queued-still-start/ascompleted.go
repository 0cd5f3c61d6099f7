// Package ascompleted runs a batch of jobs on a bounded pool and handles
// each result as soon as it is ready.
package ascompleted

// WRONG: the Python way to cancel, translated: each job gets its own ctx
// and cancel func, and at the first error (or the deadline) every running
// job is cancelled, one by one, as `for f in not_done: f.cancel()` would.
// But the workers go on taking jobs from the queue, and each job taken
// afterwards gets a fresh ctx of its own that nobody cancels: the jobs
// not yet started still start, and run to their end, after the stop.
// Rejected by: tests (jobs started after the first error and after the
// deadline).

import (
	"context"
	"sync"
	"time"
)

func AsCompleted(ctx context.Context, jobs []Job, timeout time.Duration, handle func(Result)) ([]Result, error) {
	timer := time.NewTimer(timeout)
	defer timer.Stop()

	var mu sync.Mutex
	running := map[int]context.CancelFunc{}
	cancelRunning := func() {
		mu.Lock()
		defer mu.Unlock()
		for _, cancel := range running {
			cancel()
		}
	}

	queue := make(chan int)
	go func() {
		defer close(queue)
		for i := range jobs {
			queue <- i
		}
	}()

	type outcome struct {
		res Result
		err error
	}
	outcomes := make(chan outcome)
	var wg sync.WaitGroup
	for range Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range queue {
				jobCtx, cancel := context.WithCancel(ctx)
				mu.Lock()
				running[i] = cancel
				mu.Unlock()
				res, err := jobs[i](jobCtx)
				mu.Lock()
				delete(running, i)
				mu.Unlock()
				cancel()
				outcomes <- outcome{res, err}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(outcomes)
	}()

	var done []Result
	var first error
	for {
		select {
		case o, ok := <-outcomes:
			if !ok {
				return done, first
			}
			switch {
			case first != nil:
			case o.err != nil:
				first = o.err
				cancelRunning()
			default:
				handle(o.res)
				done = append(done, o.res)
			}
		case <-timer.C:
			if first == nil {
				first = context.DeadlineExceeded
				cancelRunning()
			}
		}
	}
}
