// Package executor runs jobs behind one interface on two backends: a pool
// of goroutines and a pool of worker processes.
package executor

import (
	"context"
	"errors"
	"sync"
)

// NewGoroutinePool returns an Executor that runs jobs (with Compute) on
// workers goroutines, so at most workers jobs run at once.
func NewGoroutinePool(workers int) Executor {
	runners := make([]runner, workers)
	for i := range runners {
		runners[i] = inProcess{}
	}
	return newPool(runners)
}

// NewProcessPool returns an Executor that runs jobs on workers worker
// processes (StartWorker, Worker.Run), so at most workers jobs run at once,
// each in a process of its own.
func NewProcessPool(workers int) (Executor, error) {
	runners := make([]runner, 0, workers)
	for range workers {
		w, err := StartWorker()
		if err != nil {
			for _, r := range runners {
				_ = r.close()
			}
			return nil, err
		}
		runners = append(runners, &process{w: w})
	}
	return newPool(runners), nil
}

// runner is what tells the two backends apart: how one worker runs a job,
// and what it must release at the end. Everything else (the queue, the
// futures, Shutdown) is written once, in pool.
type runner interface {
	run(context.Context, Job) (Result, error)
	close() error
}

// inProcess runs a job in the worker goroutine itself.
type inProcess struct{}

func (inProcess) run(ctx context.Context, job Job) (Result, error) { return Compute(ctx, job) }
func (inProcess) close() error                                     { return nil }

// process runs jobs in one worker process, and replaces the process when a
// job kills it (the job itself is not retried: it would crash again).
type process struct {
	w *Worker // nil after a death, until the next job needs one
}

func (p *process) run(ctx context.Context, job Job) (Result, error) {
	if p.w == nil {
		w, err := StartWorker()
		if err != nil {
			return Result{}, err
		}
		p.w = w
	}
	res, err := p.w.Run(ctx, job)
	// A crash means the process is broken: replace it. A job that ran out
	// of time is the job's own fault, not the worker's: keep the worker.
	if errors.Is(err, ErrWorkerDead) && ctx.Err() == nil {
		p.w = nil // Run has already reaped it
	}
	return res, err
}

func (p *process) close() error {
	if p.w == nil {
		return nil
	}
	return p.w.Close()
}

// pool is a fixed set of worker goroutines, each owning one runner, taking
// tasks from one queue. A fixed set is what bounds the jobs running at once:
// a goroutine per Submit would have no bound at all.
type pool struct {
	mu     sync.RWMutex // Submit holds it for reading while it sends; Shutdown for writing
	closed bool
	queue  chan task
	wg     sync.WaitGroup
	errs   []error // errs[i]: what closing runner i returned
}

// task is one submitted job, its deadline, and the future its result goes
// to. Keeping a context in a struct is usually a smell; a queued request
// that carries its caller's deadline to another goroutine is the exception.
type task struct {
	ctx context.Context
	job Job
	f   *future
}

func newPool(runners []runner) *pool {
	// An unbuffered queue: Submit waits until a worker is free to take the
	// job (backpressure), never for the job to run. A buffered channel, or
	// a slice behind a sync.Cond, would let Submit return even sooner.
	p := &pool{queue: make(chan task), errs: make([]error, len(runners))}
	for i, r := range runners {
		p.wg.Go(func() {
			for t := range p.queue { // ends when Shutdown closes the queue
				t.f.res, t.f.err = r.run(t.ctx, t.job)
				close(t.f.done) // publishes res and err to every Get
			}
			p.errs[i] = r.close()
		})
	}
	return p
}

func (p *pool) Submit(ctx context.Context, job Job) (Future, error) {
	f := &future{done: make(chan struct{})}
	p.mu.RLock()
	err := p.enqueue(task{ctx: ctx, job: job, f: f})
	p.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	return f, nil
}

// enqueue sends t to the workers, or returns ErrShutdown. Call it with p.mu
// held for reading: the check and the send are one critical section, so
// Shutdown (which takes the write lock) closes the queue either before the
// check or after the send, never in between.
func (p *pool) enqueue(t task) error {
	if p.closed {
		return ErrShutdown
	}
	p.queue <- t
	return nil
}

// Shutdown closes the queue (once: a second call finds p.closed), then
// waits for the workers: each finishes the jobs still queued, releases its
// runner and returns. Taking the write lock first means no Submit is half
// way through sending on the queue being closed.
func (p *pool) Shutdown() error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.queue)
	}
	p.mu.Unlock()
	p.wg.Wait()
	return errors.Join(p.errs...)
}

// future is written once by its worker, before done is closed; Get reads
// it only after done is closed, so every reader sees the same values. A
// channel that carried the result itself could be received only once.
type future struct {
	done chan struct{}
	res  Result
	err  error
}

func (f *future) Get() (Result, error) {
	<-f.done
	return f.res, f.err
}
