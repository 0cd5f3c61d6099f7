// Package procpool, wrong: every Map starts its own worker processes,
// runs its jobs on them and stops them before it returns. Each batch is
// right and nothing is left behind, but the workers do not outlive a call:
// every batch pays for starting processes again, which is what a pool of
// long-lived workers exists to avoid. Rejected by: tests
// (TestJobsRunInWorkerProcesses).
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
)

// ErrClosed is returned by Map on a pool that has been closed.
var ErrClosed = errors.New("procpool: pool is closed")

// Pool runs each Map on a fresh set of worker processes.
type Pool struct {
	mu      sync.Mutex
	workers int
	closed  bool
}

// NewPool returns a pool of workers worker processes.
func NewPool(workers int) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	return &Pool{workers: workers}, nil
}

// Map starts the workers, feeds them the jobs, and stops them again: no
// process outlives the call, so Close has nothing to do.
func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	results := make([]Result, len(jobs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(p.workers, len(jobs)) {
		wg.Go(func() {
			var w *worker
			for i := range next {
				if w == nil {
					var err error
					if w, err = startWorker(); err != nil {
						results[i] = Result{ID: jobs[i].ID, Err: err.Error()}
						continue
					}
				}
				res, err := w.run(jobs[i])
				if err != nil {
					res = Result{ID: jobs[i].ID, Err: fmt.Sprintf("worker died: %v (%v)", w.stop(), err)}
					w = nil
				}
				results[i] = res
			}
			if w != nil {
				_ = w.stop()
			}
		})
	}
	for i := range jobs {
		next <- i
	}
	close(next)
	wg.Wait()
	return results, nil
}

// Close marks the pool closed.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	return nil
}

// worker is one running worker process and its two pipes.
type worker struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	enc   *json.Encoder
	dec   *json.Decoder
}

// startWorker runs this very program again in worker mode.
func startWorker() (*worker, error) {
	// os.Args[0] is the running program, here the test binary; -test.run=^$
	// makes it run no test, should it ever miss the variable.
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("procpool: worker stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("procpool: worker stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("procpool: start worker: %w", err)
	}
	return &worker{
		cmd:   cmd,
		stdin: stdin,
		enc:   json.NewEncoder(stdin),
		dec:   json.NewDecoder(bufio.NewReader(stdout)),
	}, nil
}

func (w *worker) pid() int { return w.cmd.Process.Pid }

// run sends one job and reads its result. An error means the process is gone.
func (w *worker) run(job Job) (Result, error) {
	if err := w.enc.Encode(job); err != nil {
		return Result{}, err
	}
	var res Result
	if err := w.dec.Decode(&res); err != nil {
		return Result{}, err
	}
	if res.ID != job.ID {
		return Result{}, fmt.Errorf("sent job %d, got the result of job %d", job.ID, res.ID)
	}
	return res, nil
}

// stop closes the worker's stdin, so ServeWorker returns, and reaps the
// process. Its error says how the process ended.
func (w *worker) stop() error {
	_ = w.stdin.Close()
	return w.cmd.Wait()
}
