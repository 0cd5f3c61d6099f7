// Package executor runs jobs behind one interface on two backends: a pool
// of goroutines and a pool of worker processes.
package executor

import (
	"context"
	"sync"
)

// NewGoroutinePool returns an Executor that runs jobs (with Compute) on
// workers goroutines, so at most workers jobs run at once.
func NewGoroutinePool(workers int) Executor {
	return &pool{run: Compute}
}

// NewProcessPool returns an Executor that runs jobs on workers worker
// processes, so at most workers jobs run at once.
func NewProcessPool(workers int) (Executor, error) {
	return &pool{run: func(ctx context.Context, job Job) (Result, error) {
		w, err := StartWorker()
		if err != nil {
			return Result{}, err
		}
		defer w.Close()
		return w.Run(ctx, job)
	}}, nil
}

// pool starts a goroutine for every job: goroutines are cheap.
type pool struct {
	run    func(context.Context, Job) (Result, error)
	mu     sync.Mutex
	closed bool
	wg     sync.WaitGroup
}

func (p *pool) Submit(ctx context.Context, job Job) (Future, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrShutdown
	}
	f := &future{done: make(chan struct{})}
	p.wg.Go(func() {
		f.res, f.err = p.run(ctx, job)
		close(f.done)
	})
	return f, nil
}

func (p *pool) Shutdown() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	p.wg.Wait()
	return nil
}

type future struct {
	done chan struct{}
	res  Result
	err  error
}

func (f *future) Get() (Result, error) {
	<-f.done
	return f.res, f.err
}
