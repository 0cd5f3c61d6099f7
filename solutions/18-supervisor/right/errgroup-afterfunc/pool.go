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

	"golang.org/x/sync/errgroup"
)

// Pool: idle workers wait in a channel; Map runs each job in an errgroup
// goroutine that borrows one. Close waits for the Maps running (RWMutex).
type Pool struct {
	deadline time.Duration
	n        int
	free     chan *proc // nil entries: a slot whose worker failed

	mu     sync.RWMutex
	closed bool
}

type proc struct {
	cmd  *exec.Cmd
	stop context.CancelFunc
	in   io.WriteCloser
	enc  *json.Encoder
	dec  *json.Decoder
}

func NewPool(workers int, deadline time.Duration) (*Pool, error) {
	if workers < 1 {
		return nil, fmt.Errorf("supervisor: %d workers: need at least 1", workers)
	}
	if deadline <= 0 {
		return nil, fmt.Errorf("supervisor: deadline %s: must be more than zero", deadline)
	}
	p := &Pool{deadline: deadline, n: workers, free: make(chan *proc, workers)}
	for i := range workers {
		w, err := start()
		if err != nil {
			for range i {
				(<-p.free).close()
			}
			return nil, err
		}
		p.free <- w
	}
	return p, nil
}

func start() (*proc, error) {
	ctx, stop := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	cmd.WaitDelay = time.Second
	in, err := cmd.StdinPipe()
	if err == nil {
		var out io.ReadCloser
		out, err = cmd.StdoutPipe()
		if err == nil {
			if err = cmd.Start(); err == nil {
				w := &proc{cmd: cmd, stop: stop, in: in, enc: json.NewEncoder(in), dec: json.NewDecoder(out)}
				var h Hello
				if err = w.dec.Decode(&h); err == nil {
					return w, nil
				}
				stop()
				_ = cmd.Wait()
			}
		}
	}
	stop()
	return nil, fmt.Errorf("supervisor: start a worker: %w", err)
}

func (w *proc) close() error {
	if w == nil {
		return nil
	}
	_ = w.in.Close()
	defer w.stop()
	return w.cmd.Wait()
}

// job runs one job with its own deadline. ok false: w is dead and reaped.
func (w *proc) job(job Job, d time.Duration) (res Result, cause error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	unhook := context.AfterFunc(ctx, w.stop)
	var err error
	dead := false
	if err = w.enc.Encode(job); err != nil {
		dead = true
	} else if err = w.dec.Decode(&res); err != nil {
		dead = errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
	} else if res.ID != job.ID {
		err = fmt.Errorf("reply is for job %d", res.ID)
	}
	timedOut := !unhook()
	if err == nil && !timedOut {
		return res, nil
	}
	w.stop()
	waitErr := w.cmd.Wait()
	switch {
	case timedOut:
		return Result{}, fmt.Errorf("%w: %w", ErrDeadline, ctx.Err())
	case !dead:
		return Result{}, fmt.Errorf("%w: %v", ErrGarbage, err)
	case waitErr != nil:
		return Result{}, waitErr
	default:
		return Result{}, err
	}
}

func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.RLock()
	defer p.mu.RUnlock()
	if p.closed {
		return nil, ErrClosed
	}
	results := make([]Result, len(jobs))
	var g errgroup.Group
	for i, j := range jobs {
		g.Go(func() error {
			w := <-p.free
			if w == nil {
				var err error
				if w, err = start(); err != nil {
					p.free <- nil
					results[i] = Result{ID: j.ID, Err: err}
					return nil
				}
			}
			res, cause := w.job(j, p.deadline)
			if cause != nil {
				results[i] = Result{ID: j.ID, Err: &JobError{JobID: j.ID, PID: w.cmd.Process.Pid, Err: cause}}
				w = nil
			} else {
				results[i] = res
			}
			p.free <- w
			return nil
		})
	}
	_ = g.Wait()
	return results, nil
}

func (p *Pool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	var errs []error
	for range p.n {
		errs = append(errs, (<-p.free).close())
	}
	return errors.Join(errs...)
}
