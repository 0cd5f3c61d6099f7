// Package executor runs jobs behind one interface on two backends: a pool
// of goroutines and a pool of worker processes.
//
// The pool has no mutex. One dispatcher goroutine owns the queue and the
// "closing" state; Submit and Shutdown talk to it over channels, and it
// hands tasks to a fixed set of worker goroutines over an unbuffered
// channel. The backends differ only in the runner each worker uses.
package executor

import (
	"context"
	"errors"
	"sync"
)

// NewGoroutinePool returns an Executor that runs jobs (with Compute) on
// workers goroutines, so at most workers jobs run at once.
func NewGoroutinePool(workers int) Executor {
	fresh := func() (runner, error) { return computeRunner{}, nil }
	runners := make([]runner, workers)
	for i := range runners {
		runners[i] = computeRunner{}
	}
	return newPool(runners, fresh)
}

// NewProcessPool returns an Executor that runs jobs on workers worker
// processes (StartWorker, Worker.Run), so at most workers jobs run at once,
// each in a process of its own.
func NewProcessPool(workers int) (Executor, error) {
	runners := make([]runner, 0, workers)
	for range workers {
		r, err := startProcessRunner()
		if err != nil {
			for _, started := range runners {
				_ = started.release()
			}
			return nil, err
		}
		runners = append(runners, r)
	}
	return newPool(runners, startProcessRunner), nil
}

// runner runs jobs for one worker goroutine. A runner whose run returns an
// error wrapping ErrWorkerDead is finished: the worker releases it and
// gets a fresh one for its next job.
type runner interface {
	run(ctx context.Context, job Job) (Result, error)
	release() error
}

type computeRunner struct{}

func (computeRunner) run(ctx context.Context, job Job) (Result, error) { return Compute(ctx, job) }
func (computeRunner) release() error                                   { return nil }

type processRunner struct{ w *Worker }

func startProcessRunner() (runner, error) {
	w, err := StartWorker()
	if err != nil {
		return nil, err
	}
	return processRunner{w: w}, nil
}

func (r processRunner) run(ctx context.Context, job Job) (Result, error) { return r.w.Run(ctx, job) }
func (r processRunner) release() error                                   { return r.w.Close() }

type task struct {
	ctx context.Context
	job Job
	f   *future
}

// submission is a Submit's request to the dispatcher; accepted gets its
// answer.
type submission struct {
	t        *task
	accepted chan bool
}

type pool struct {
	submits  chan submission
	shutdown chan struct{} // a Shutdown asks the dispatcher to close
	stopped  chan struct{} // closed once the dispatcher takes no more jobs
	finished chan struct{} // closed once every worker has returned
	work     chan *task    // dispatcher -> workers

	wg   sync.WaitGroup
	errs []error // errs[i]: what releasing worker i's last runner returned
}

func newPool(runners []runner, fresh func() (runner, error)) *pool {
	p := &pool{
		submits:  make(chan submission),
		shutdown: make(chan struct{}),
		stopped:  make(chan struct{}),
		finished: make(chan struct{}),
		work:     make(chan *task),
		errs:     make([]error, len(runners)),
	}
	for i, r := range runners {
		p.wg.Add(1)
		go p.worker(i, r, fresh)
	}
	go p.dispatch()
	return p
}

// dispatch owns the queue. It accepts submissions until asked to shut
// down, refuses them after, and ends once the queue is empty; then it
// closes the work channel and waits for the workers.
func (p *pool) dispatch() {
	var queue []*task
	closing := false
	for !closing || len(queue) > 0 {
		var out chan<- *task // nil (never ready) while the queue is empty
		var head *task
		if len(queue) > 0 {
			out, head = p.work, queue[0]
		}
		select {
		case s := <-p.submits:
			if closing {
				s.accepted <- false
				continue
			}
			queue = append(queue, s.t)
			s.accepted <- true
		case out <- head:
			queue[0] = nil
			queue = queue[1:]
		case <-p.shutdown:
			closing = true
		}
	}
	close(p.stopped)
	close(p.work)
	p.wg.Wait()
	close(p.finished)
}

// worker runs tasks with its runner, replacing a runner whose process
// died. The task that killed it is not run again: its future gets the
// error.
func (p *pool) worker(i int, r runner, fresh func() (runner, error)) {
	defer p.wg.Done()
	for t := range p.work {
		if r == nil {
			var err error
			if r, err = fresh(); err != nil {
				t.f.complete(Result{}, err)
				continue
			}
		}
		res, err := r.run(t.ctx, t.job)
		if errors.Is(err, ErrWorkerDead) {
			_ = r.release() // already reaped: nothing left to close
			r = nil
		}
		t.f.complete(res, err)
	}
	if r != nil {
		p.errs[i] = r.release()
	}
}

// Submit hands the job to the dispatcher, which queues it and answers at
// once: Submit never waits for a worker.
func (p *pool) Submit(ctx context.Context, job Job) (Future, error) {
	t := &task{ctx: ctx, job: job, f: &future{done: make(chan struct{})}}
	s := submission{t: t, accepted: make(chan bool, 1)}
	select {
	case p.submits <- s:
		if <-s.accepted {
			return t.f, nil
		}
		return nil, ErrShutdown
	case <-p.stopped:
		return nil, ErrShutdown
	}
}

// Shutdown asks the dispatcher to stop taking jobs (unless it has stopped
// already) and waits until every queued job has run and every worker has
// released its runner.
func (p *pool) Shutdown() error {
	select {
	case p.shutdown <- struct{}{}:
	case <-p.stopped:
	}
	<-p.finished
	return errors.Join(p.errs...)
}

// future is completed once: the result is stored, then done is closed.
type future struct {
	done chan struct{}
	res  Result
	err  error
}

func (f *future) complete(res Result, err error) {
	f.res, f.err = res, err
	close(f.done)
}

func (f *future) Get() (Result, error) {
	<-f.done
	return f.res, f.err
}
