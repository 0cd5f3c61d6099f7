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

type worker struct {
	cmd *exec.Cmd
	in  io.WriteCloser
	enc *json.Encoder
	dec *json.Decoder
}

func start() (*worker, error) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("stdin pipe: %w", err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("stdout pipe: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start worker: %w", err)
	}
	return &worker{cmd: cmd, in: in, enc: json.NewEncoder(in), dec: json.NewDecoder(out)}, nil
}

func (w *worker) stop() error {
	w.in.Close()
	return w.cmd.Wait()
}

// Pool: a slice of workers; each Map starts one goroutine per worker slot,
// which pulls job indexes from a channel of its own batch.
type Pool struct {
	mu      sync.Mutex // held by Map for the whole batch and by Close
	workers []*worker
	closed  bool
}

func NewPool(n int) (*Pool, error) {
	if n < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	p := &Pool{}
	for range n {
		w, err := start()
		if err != nil {
			p.Close()
			return nil, err
		}
		p.workers = append(p.workers, w)
	}
	return p, nil
}

func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, ErrClosed
	}
	results := make([]Result, len(jobs))
	idx := make(chan int)
	var wg sync.WaitGroup
	for slot := range p.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				w := p.workers[slot]
				var r Result
				err := w.enc.Encode(jobs[i])
				if err == nil {
					err = w.dec.Decode(&r)
				}
				if err == nil {
					results[i] = r
					continue
				}
				werr := w.stop()
				results[i] = Result{ID: jobs[i].ID, Err: fmt.Sprintf("worker died: %v", werr)}
				nw, serr := start()
				if serr != nil {
					// leave the dead one: its next job fails on the closed pipe
					continue
				}
				p.workers[slot] = nw
			}
		}()
	}
	for i := range jobs {
		idx <- i
	}
	close(idx)
	wg.Wait()
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
	for _, w := range p.workers {
		errs = append(errs, w.stop())
	}
	return errors.Join(errs...)
}
