package procpool

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"

	"golang.org/x/sync/errgroup"
)

var ErrClosed = errors.New("procpool: pool is closed")

type proc struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	out *bufio.Scanner
}

func newProc() (*proc, error) {
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
	return &proc{cmd: cmd, in: in, out: bufio.NewScanner(out)}, nil
}

func (w *proc) do(job Job) (Result, error) {
	line, err := json.Marshal(job)
	if err != nil {
		return Result{}, err
	}
	if _, err := w.in.Write(append(line, '\n')); err != nil {
		return Result{}, err
	}
	if !w.out.Scan() {
		if err := w.out.Err(); err != nil {
			return Result{}, err
		}
		return Result{}, io.ErrUnexpectedEOF
	}
	var r Result
	err = json.Unmarshal(w.out.Bytes(), &r)
	return r, err
}

// Pool: a locked free list of processes; Map runs an errgroup limited to the
// pool's size, so a free process is always there for each goroutine.
type Pool struct {
	mu     sync.Mutex
	free   []*proc
	size   int
	closed bool
	batch  sync.Mutex // one Map at a time
}

func NewPool(workers int) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	p := &Pool{size: workers}
	for range workers {
		w, err := newProc()
		if err != nil {
			p.Close()
			return nil, err
		}
		p.free = append(p.free, w)
	}
	return p, nil
}

func (p *Pool) take() *proc {
	p.mu.Lock()
	defer p.mu.Unlock()
	w := p.free[len(p.free)-1]
	p.free = p.free[:len(p.free)-1]
	return w
}

func (p *Pool) give(w *proc) {
	p.mu.Lock()
	p.free = append(p.free, w)
	p.mu.Unlock()
}

type indexed struct {
	i int
	r Result
}

func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.batch.Lock()
	defer p.batch.Unlock()
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	out := make(chan indexed, len(jobs))
	var g errgroup.Group
	g.SetLimit(p.size)
	for i, job := range jobs {
		g.Go(func() error {
			w := p.take()
			r, err := w.do(job)
			if err != nil {
				w.in.Close()
				werr := w.cmd.Wait()
				r = Result{ID: job.ID, PID: w.cmd.Process.Pid, Err: fmt.Sprintf("worker died: %v (%v)", werr, err)}
				nw, serr := newProc()
				if serr != nil {
					return serr
				}
				w = nw
			}
			out <- indexed{i, r}
			p.give(w)
			return nil
		})
	}
	err := g.Wait()
	close(out)
	results := make([]Result, len(jobs))
	for x := range out {
		results[x.i] = x.r
	}
	return results, err
}

func (p *Pool) Close() error {
	p.batch.Lock()
	defer p.batch.Unlock()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil
	}
	p.closed = true
	var errs []error
	for _, w := range p.free {
		w.in.Close()
		errs = append(errs, w.cmd.Wait())
	}
	p.free = nil
	return errors.Join(errs...)
}
