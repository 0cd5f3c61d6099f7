// Package executor runs jobs behind one interface on two backends: a pool
// of goroutines and a pool of worker processes.
//
// Both backends share one pool: an unbounded FIFO queue guarded by a mutex,
// with a sync.Cond that wakes idle workers, and a fixed number of worker
// goroutines ("lanes"). A lane is just a pair of functions: how to run one
// job, and how to clean up at the end. That pair is the only thing the two
// backends differ in.
package executor

import (
	"context"
	"errors"
	"sync"
)

// NewGoroutinePool returns an Executor that runs jobs (with Compute) on
// workers goroutines, so at most workers jobs run at once.
func NewGoroutinePool(workers int) Executor {
	lanes := make([]lane, workers)
	for i := range lanes {
		lanes[i] = lane{run: Compute, stop: func() error { return nil }}
	}
	return newPool(lanes)
}

// NewProcessPool returns an Executor that runs jobs on workers worker
// processes (StartWorker, Worker.Run), so at most workers jobs run at once,
// each in a process of its own.
func NewProcessPool(workers int) (Executor, error) {
	lanes := make([]lane, 0, workers)
	for range workers {
		l, err := processLane()
		if err != nil {
			for _, started := range lanes {
				_ = started.stop()
			}
			return nil, err
		}
		lanes = append(lanes, l)
	}
	return newPool(lanes), nil
}

// lane is how one worker goroutine runs jobs: run does one job, stop
// releases whatever the lane holds once there is no more work. A lane is
// used by one goroutine only, so it needs no lock of its own.
type lane struct {
	run  func(context.Context, Job) (Result, error)
	stop func() error
}

// processLane starts a worker process and returns the lane that feeds it.
// When a job kills the process (a crash, or a kill at the job's deadline),
// the lane starts a fresh one right away for the next job; the job that
// killed it is not sent again.
func processLane() (lane, error) {
	w, err := StartWorker()
	if err != nil {
		return lane{}, err
	}
	run := func(ctx context.Context, job Job) (Result, error) {
		if w == nil { // an earlier replacement failed to start: try again
			var err error
			if w, err = StartWorker(); err != nil {
				return Result{}, err
			}
		}
		res, err := w.Run(ctx, job)
		if errors.Is(err, ErrWorkerDead) {
			// Run has reaped the dead process already.
			w, _ = StartWorker() // nil on failure: the next job retries
		}
		return res, err
	}
	stop := func() error {
		if w == nil {
			return nil
		}
		return w.Close()
	}
	return lane{run: run, stop: stop}, nil
}

// task is a queued job with the deadline it was submitted with and the
// future that receives its result.
type task struct {
	ctx context.Context
	job Job
	f   *future
}

// pool is a fixed set of worker goroutines taking tasks from one queue.
type pool struct {
	mu     sync.Mutex
	ready  *sync.Cond // signalled when a task is queued or the pool closes
	queue  []*task    // guarded by mu
	closed bool       // guarded by mu
	wg     sync.WaitGroup
	errs   []error // errs[i]: what stopping lane i returned
}

func newPool(lanes []lane) *pool {
	p := &pool{errs: make([]error, len(lanes))}
	p.ready = sync.NewCond(&p.mu)
	for i, l := range lanes {
		p.wg.Add(1)
		go p.work(i, l)
	}
	return p
}

// work runs tasks on lane l until the pool is closed and the queue empty.
func (p *pool) work(i int, l lane) {
	defer p.wg.Done()
	for {
		t, ok := p.next()
		if !ok {
			break
		}
		t.f.set(l.run(t.ctx, t.job))
	}
	p.errs[i] = l.stop()
}

// next waits for a task and takes it off the queue. It reports false once
// the pool is closed and nothing is left to do.
func (p *pool) next() (*task, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.queue) == 0 && !p.closed {
		p.ready.Wait()
	}
	if len(p.queue) == 0 {
		return nil, false
	}
	t := p.queue[0]
	p.queue[0] = nil
	p.queue = p.queue[1:]
	return t, true
}

// Submit queues the job and returns at once: the queue has no bound, so
// Submit never waits for a worker.
func (p *pool) Submit(ctx context.Context, job Job) (Future, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrShutdown
	}
	t := &task{ctx: ctx, job: job, f: newFuture()}
	p.queue = append(p.queue, t)
	p.ready.Signal()
	return t.f, nil
}

// Shutdown marks the pool closed, wakes every idle worker, and waits until
// the workers have emptied the queue and stopped their lanes. Calling it
// again finds nothing left to wait for.
func (p *pool) Shutdown() error {
	p.mu.Lock()
	p.closed = true
	p.ready.Broadcast()
	p.mu.Unlock()
	p.wg.Wait()
	return errors.Join(p.errs...)
}

// future holds one job's result once it is set. Get waits on the condition
// variable until then; every Get returns the same stored values.
type future struct {
	mu   sync.Mutex
	cond *sync.Cond
	done bool
	res  Result
	err  error
}

func newFuture() *future {
	f := &future{}
	f.cond = sync.NewCond(&f.mu)
	return f
}

func (f *future) set(res Result, err error) {
	f.mu.Lock()
	f.res, f.err, f.done = res, err, true
	f.mu.Unlock()
	f.cond.Broadcast()
}

func (f *future) Get() (Result, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for !f.done {
		f.cond.Wait()
	}
	return f.res, f.err
}
