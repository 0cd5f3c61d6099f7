// Package executor runs jobs behind one interface on two backends: a pool
// of goroutines and a pool of worker processes.
//
// The starter runs every job inside Submit, in the caller's goroutine and
// the caller's process: results are right, but nothing runs at once, and
// the "process pool" never starts a process. Replace both backends.
package executor

import "context"

// NewGoroutinePool returns an Executor that runs jobs (with Compute) on
// workers goroutines, so at most workers jobs run at once.
func NewGoroutinePool(workers int) Executor {
	// TODO: start workers goroutines that take jobs from a queue.
	return &inline{}
}

// NewProcessPool returns an Executor that runs jobs on workers worker
// processes (StartWorker, Worker.Run), so at most workers jobs run at once,
// each in a process of its own.
func NewProcessPool(workers int) (Executor, error) {
	// TODO: start workers worker processes, and a goroutine to feed each.
	return &inline{}, nil
}

// inline runs each job as it is submitted.
type inline struct {
	shut bool
}

func (e *inline) Submit(ctx context.Context, job Job) (Future, error) {
	if e.shut {
		return nil, ErrShutdown
	}
	res, err := Compute(ctx, job) // the caller waits here for the whole job
	return done{res, err}, nil
}

func (e *inline) Shutdown() error {
	e.shut = true
	return nil
}

// done is a Future whose job has already run.
type done struct {
	res Result
	err error
}

func (d done) Get() (Result, error) { return d.res, d.err }
