// Package executor runs jobs behind one interface on two backends: a pool
// of goroutines and a pool of worker processes.
//
// One pool type serves both: n goroutines read tasks from a buffered
// channel. Shutdown first closes quit, which makes Submits that are still
// waiting for room give up, waits until no Submit is between its check and
// its send any more, and only then closes the queue, so that no send can
// ever hit a closed channel.
package executor

import (
	"context"
	"errors"
	"sync"
)

// NewGoroutinePool returns an Executor that runs jobs (with Compute) on
// workers goroutines, so at most workers jobs run at once.
func NewGoroutinePool(workers int) Executor {
	p := newPool(workers, false)
	for range workers {
		p.start(nil)
	}
	return p
}

// NewProcessPool returns an Executor that runs jobs on workers worker
// processes (StartWorker, Worker.Run), so at most workers jobs run at once,
// each in a process of its own.
func NewProcessPool(workers int) (Executor, error) {
	procs := make([]*Worker, 0, workers)
	for range workers {
		w, err := StartWorker()
		if err != nil {
			for _, started := range procs {
				_ = started.Close()
			}
			return nil, err
		}
		procs = append(procs, w)
	}
	p := newPool(workers, true)
	for _, w := range procs {
		p.start(w)
	}
	return p, nil
}

type task struct {
	ctx context.Context
	job Job
	f   *future
}

type pool struct {
	processes bool // run jobs in worker processes, not in the goroutines

	queue chan task
	quit  chan struct{} // closed when Shutdown begins

	mu      sync.Mutex // guards closed, and orders pending.Add before pending.Wait
	closed  bool
	pending sync.WaitGroup // Submits that passed the check and may still send

	workers sync.WaitGroup
	errMu   sync.Mutex
	errs    []error // what closing the worker processes returned
}

func newPool(workers int, processes bool) *pool {
	return &pool{
		processes: processes,
		queue:     make(chan task, workers),
		quit:      make(chan struct{}),
	}
}

// start runs one worker goroutine; w is its worker process, or nil on the
// goroutine pool.
func (p *pool) start(w *Worker) {
	p.workers.Add(1)
	go p.serve(w)
}

// serve runs tasks from the queue until Shutdown closes it.
func (p *pool) serve(w *Worker) {
	defer p.workers.Done()
	for t := range p.queue {
		if !p.processes {
			t.f.resolve(Compute(t.ctx, t.job))
			continue
		}
		if w == nil { // the last process died: start its successor
			var err error
			if w, err = StartWorker(); err != nil {
				t.f.resolve(Result{}, err)
				continue
			}
		}
		res, err := w.Run(t.ctx, t.job)
		if errors.Is(err, ErrWorkerDead) {
			w = nil // reaped by Run; the job is not sent again
		}
		t.f.resolve(res, err)
	}
	if w != nil {
		if err := w.Close(); err != nil {
			p.errMu.Lock()
			p.errs = append(p.errs, err)
			p.errMu.Unlock()
		}
	}
}

// Submit queues the job, waiting for room when every slot is taken. A
// Submit still waiting when Shutdown begins returns ErrShutdown.
func (p *pool) Submit(ctx context.Context, job Job) (Future, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrShutdown
	}
	p.pending.Add(1)
	p.mu.Unlock()
	defer p.pending.Done()

	f := &future{done: make(chan struct{})}
	select {
	case p.queue <- task{ctx: ctx, job: job, f: f}:
		return f, nil
	case <-p.quit:
		return nil, ErrShutdown
	}
}

// Shutdown refuses new jobs, lets the Submits in flight finish (by sending
// or giving up), closes the queue, and waits for the workers to run what
// is queued and close their processes.
func (p *pool) Shutdown() error {
	p.mu.Lock()
	first := !p.closed
	p.closed = true
	p.mu.Unlock()

	if first {
		close(p.quit)
		p.pending.Wait() // the workers keep reading, so every send completes
		close(p.queue)
	}
	p.workers.Wait()

	p.errMu.Lock()
	defer p.errMu.Unlock()
	return errors.Join(p.errs...)
}

// future: the worker stores res and err, then closes done; Get reads them
// only after done is closed.
type future struct {
	done chan struct{}
	res  Result
	err  error
}

func (f *future) resolve(res Result, err error) {
	f.res, f.err = res, err
	close(f.done)
}

func (f *future) Get() (Result, error) {
	<-f.done
	return f.res, f.err
}
