// Package supervisor runs jobs on worker processes.
package supervisor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"time"
)

type reply struct {
	res Result
	err error
}

// worker is one process with a reader goroutine that forwards each reply.
type worker struct {
	cmd     *exec.Cmd
	kill    context.CancelFunc
	stdin   io.WriteCloser
	enc     *json.Encoder
	replies chan reply // closed when the reader stops
}

type indexed struct {
	i   int
	res Result
}

type task struct {
	i   int
	job Job
	out chan<- indexed
}

type Pool struct {
	deadline time.Duration
	tasks    chan task
	quit     chan struct{}
	mu       sync.Mutex
	closed   bool
	wg       sync.WaitGroup
	errMu    sync.Mutex
	errs     []error
}

func NewPool(workers int, deadline time.Duration) (*Pool, error) {
	switch {
	case workers < 1:
		return nil, errors.New("need at least one worker")
	case deadline <= 0:
		return nil, errors.New("deadline must be positive")
	}
	var ws []*worker
	for range workers {
		w, err := newWorker()
		if err != nil {
			for _, w := range ws {
				w.shutdown()
			}
			return nil, err
		}
		ws = append(ws, w)
	}
	p := &Pool{deadline: deadline, tasks: make(chan task), quit: make(chan struct{})}
	for _, w := range ws {
		p.wg.Add(1)
		go p.loop(w)
	}
	return p, nil
}

func newWorker() (*worker, error) {
	ctx, kill := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = 500 * time.Millisecond
	stdin, err := cmd.StdinPipe()
	if err != nil {
		kill()
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		kill()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		kill()
		return nil, err
	}
	dec := json.NewDecoder(stdout)
	var h Hello
	if err := dec.Decode(&h); err != nil {
		kill()
		_ = cmd.Wait()
		return nil, fmt.Errorf("no hello from worker: %w", err)
	}
	w := &worker{cmd: cmd, kill: kill, stdin: stdin, enc: json.NewEncoder(stdin), replies: make(chan reply, 1)}
	go func() {
		defer close(w.replies)
		for {
			var r reply
			r.err = dec.Decode(&r.res)
			w.replies <- r
			if r.err != nil {
				return
			}
		}
	}()
	return w, nil
}

// shutdown closes stdin, lets the reader finish and reaps the process.
func (w *worker) shutdown() error {
	_ = w.stdin.Close()
	for range w.replies {
	}
	err := w.cmd.Wait()
	w.kill()
	return err
}

// abort kills the process, lets the reader finish and reaps it.
func (w *worker) abort() error {
	w.kill()
	for range w.replies {
	}
	return w.cmd.Wait()
}

func (p *Pool) loop(w *worker) {
	defer p.wg.Done()
	for {
		select {
		case <-p.quit:
			if w != nil {
				err := w.shutdown()
				p.errMu.Lock()
				p.errs = append(p.errs, err)
				p.errMu.Unlock()
			}
			return
		case t := <-p.tasks:
			if w == nil {
				var err error
				w, err = newWorker()
				if err != nil {
					t.out <- indexed{t.i, Result{ID: t.job.ID, Err: err}}
					continue
				}
			}
			res, failed := p.runOne(w, t.job)
			if failed {
				w = nil
			}
			t.out <- indexed{t.i, res}
		}
	}
}

func (p *Pool) runOne(w *worker, job Job) (Result, bool) {
	fail := func(cause error) (Result, bool) {
		return Result{ID: job.ID, Err: &JobError{JobID: job.ID, PID: w.cmd.Process.Pid, Err: cause}}, true
	}
	if err := w.enc.Encode(job); err != nil {
		werr := w.abort()
		if werr == nil {
			werr = err
		}
		return fail(werr)
	}
	timeout := time.After(p.deadline)
	select {
	case r := <-w.replies:
		switch {
		case r.err == nil && r.res.ID == job.ID:
			return r.res, false
		case r.err == nil:
			w.abort()
			return fail(fmt.Errorf("%w: reply for job %d", ErrGarbage, r.res.ID))
		case errors.Is(r.err, io.EOF), errors.Is(r.err, io.ErrUnexpectedEOF):
			werr := w.abort()
			if werr == nil {
				werr = r.err
			}
			return fail(werr)
		default:
			w.abort()
			return fail(fmt.Errorf("%w: %v", ErrGarbage, r.err))
		}
	case <-timeout:
		w.abort()
		return fail(fmt.Errorf("job %d: %w", job.ID, ErrDeadline))
	}
}

func (p *Pool) Map(jobs []Job) ([]Result, error) {
	out := make(chan indexed, len(jobs))
	sent := 0
loop:
	for i, job := range jobs {
		select {
		case p.tasks <- task{i: i, job: job, out: out}:
			sent++
		case <-p.quit:
			break loop
		}
	}
	results := make([]Result, len(jobs))
	for range sent {
		r := <-out
		results[r.i] = r.res
	}
	if sent < len(jobs) {
		return nil, ErrClosed
	}
	return results, nil
}

func (p *Pool) Close() error {
	p.mu.Lock()
	if !p.closed {
		p.closed = true
		close(p.quit)
	}
	p.mu.Unlock()
	p.wg.Wait()
	p.errMu.Lock()
	defer p.errMu.Unlock()
	return errors.Join(p.errs...)
}
