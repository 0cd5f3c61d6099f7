package procpool

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
)

var ErrClosed = errors.New("procpool: pool is closed")

type proc struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	enc *json.Encoder
	dec *json.Decoder
}

func spawn() (*proc, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return &proc{cmd: cmd, in: in, enc: json.NewEncoder(in), dec: json.NewDecoder(out)}, nil
}

// Pool keeps its idle workers in a buffered channel; Map borrows one per job.
type Pool struct {
	idle   chan *proc
	mu     sync.Mutex
	closed bool
	all    int
	active sync.WaitGroup // Maps running; Close waits for them
}

func NewPool(workers int) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	p := &Pool{idle: make(chan *proc, workers), all: workers}
	for range workers {
		w, err := spawn()
		if err != nil {
			close(p.idle)
			for w := range p.idle {
				w.in.Close()
				w.cmd.Wait()
			}
			return nil, err
		}
		p.idle <- w
	}
	return p, nil
}

func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil, ErrClosed
	}
	p.active.Add(1)
	p.mu.Unlock()
	defer p.active.Done()
	results := make([]Result, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		w := <-p.idle
		wg.Add(1)
		go func() {
			defer wg.Done()
			if w == nil {
				var err error
				if w, err = spawn(); err != nil {
					results[i] = Result{ID: job.ID, Err: err.Error()}
					p.idle <- nil
					return
				}
			}
			var res Result
			err := w.enc.Encode(job)
			if err == nil {
				err = w.dec.Decode(&res)
			}
			if err != nil {
				w.in.Close()
				werr := w.cmd.Wait()
				results[i] = Result{ID: job.ID, PID: w.cmd.Process.Pid,
					Err: fmt.Sprintf("worker %d died running job %d: %v", w.cmd.Process.Pid, job.ID, werr)}
				nw, err := spawn() // the replacement, at once
				if err != nil {
					nw = nil // the next job in this slot tries again
				}
				p.idle <- nw
				return
			}
			results[i] = res
			p.idle <- w
		}()
	}
	wg.Wait()
	return results, nil
}

func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	p.mu.Unlock()
	p.active.Wait() // the Maps running give their workers back first
	var errs []error
	for range p.all {
		w := <-p.idle
		if w == nil {
			continue
		}
		w.in.Close()
		errs = append(errs, w.cmd.Wait())
	}
	return errors.Join(errs...)
}
