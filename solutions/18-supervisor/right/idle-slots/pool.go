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

// Pool keeps its idle workers in a channel; each job of a Map runs in its
// own goroutine, which borrows a worker and gives back it or a fresh one.
type Pool struct {
	deadline time.Duration
	size     int
	idle     chan *proc // exactly size entries in all; nil: start one when needed

	mu     sync.Mutex
	closed bool
	quit   chan struct{}
	jobs   sync.WaitGroup // job goroutines running
}

type proc struct {
	cmd    *exec.Cmd
	cancel context.CancelFunc
	in     io.WriteCloser
	enc    *json.Encoder
	dec    *json.Decoder
}

func NewPool(workers int, deadline time.Duration) (*Pool, error) {
	if workers < 1 || deadline <= 0 {
		return nil, fmt.Errorf("supervisor: bad pool size %d or deadline %s", workers, deadline)
	}
	p := &Pool{deadline: deadline, size: workers, idle: make(chan *proc, workers), quit: make(chan struct{})}
	for range workers {
		w, err := spawn()
		if err != nil {
			close(p.idle)
			for w := range p.idle {
				w.stop()
			}
			return nil, err
		}
		p.idle <- w
	}
	return p, nil
}

func spawn() (*proc, error) {
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = time.Second
	in, err := cmd.StdinPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		cancel()
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	w := &proc{cmd: cmd, cancel: cancel, in: in, enc: json.NewEncoder(in), dec: json.NewDecoder(out)}
	var h Hello
	if err := w.dec.Decode(&h); err != nil {
		cancel()
		_ = cmd.Wait()
		return nil, fmt.Errorf("worker never said hello: %w", err)
	}
	return w, nil
}

func (w *proc) stop() error {
	if w == nil {
		return nil
	}
	_ = w.in.Close()
	err := w.cmd.Wait()
	w.cancel()
	return err
}

type reply struct {
	res Result
	err error
}

// do runs job on w. On failure it has killed and reaped w and returns the
// cause.
func (w *proc) do(job Job, deadline time.Duration) (Result, error) {
	if err := w.enc.Encode(job); err != nil {
		w.cancel()
		return Result{}, w.cmd.Wait()
	}
	got := make(chan reply, 1)
	go func() {
		var r reply
		r.err = w.dec.Decode(&r.res)
		got <- r
	}()
	t := time.NewTimer(deadline)
	defer t.Stop()
	select {
	case r := <-got:
		if r.err == nil && r.res.ID == job.ID {
			return r.res, nil
		}
		w.cancel()
		waitErr := w.cmd.Wait()
		switch {
		case r.err == nil:
			return Result{}, fmt.Errorf("%w: got the result of job %d", ErrGarbage, r.res.ID)
		case errors.Is(r.err, io.EOF) || errors.Is(r.err, io.ErrUnexpectedEOF):
			if waitErr == nil {
				waitErr = fmt.Errorf("worker exited in the middle of job %d", job.ID)
			}
			return Result{}, waitErr
		default:
			return Result{}, fmt.Errorf("%w: %v", ErrGarbage, r.err)
		}
	case <-t.C:
		w.cancel()
		<-got
		_ = w.cmd.Wait()
		return Result{}, ErrDeadline
	}
}

func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	p.jobs.Add(len(jobs))
	p.mu.Unlock()

	results := make([]Result, len(jobs))
	missed := make([]bool, len(jobs))
	var done sync.WaitGroup
	for i, job := range jobs {
		done.Go(func() {
			defer p.jobs.Done()
			var w *proc
			select {
			case w = <-p.idle:
			case <-p.quit:
				missed[i] = true
				return
			}
			if w == nil {
				var err error
				if w, err = spawn(); err != nil {
					results[i] = Result{ID: job.ID, Err: err}
					p.idle <- nil
					return
				}
			}
			res, err := w.do(job, p.deadline)
			if err != nil {
				results[i] = Result{ID: job.ID, Err: &JobError{JobID: job.ID, PID: w.cmd.Process.Pid, Err: err}}
				w = nil
			} else {
				results[i] = res
			}
			p.idle <- w
		})
	}
	done.Wait()
	for _, m := range missed {
		if m {
			return nil, ErrClosed
		}
	}
	return results, nil
}

func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.quit)
	p.mu.Unlock()
	p.jobs.Wait()
	var errs []error
	for range p.size {
		errs = append(errs, (<-p.idle).stop())
	}
	return errors.Join(errs...)
}
