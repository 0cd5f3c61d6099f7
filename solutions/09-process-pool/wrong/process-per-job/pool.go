// Package procpool runs CPU jobs on a pool of worker processes.
//
// WRONG: this "pool" starts a brand-new worker process for every job, all at
// once. The results are right and every process is reaped, but nothing is
// pooled: 12 jobs cost 12 process start-ups and run 12 processes at a time,
// however small the pool was meant to be.
package procpool

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"sync"
)

// ErrClosed is returned by Map on a pool that has been closed.
var ErrClosed = errors.New("procpool: pool is closed")

// Pool runs each job in a process of its own.
type Pool struct {
	mu      sync.Mutex
	workers int
	closed  bool
}

// NewPool returns a pool (that ignores its size).
func NewPool(workers int) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	return &Pool{workers: workers}, nil
}

// Map starts one process per job.
func (p *Pool) Map(jobs []Job) ([]Result, error) {
	p.mu.Lock()
	closed := p.closed
	p.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	results := make([]Result, len(jobs))
	var wg sync.WaitGroup
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = runOne(job)
		}()
	}
	wg.Wait()
	return results, nil
}

// runOne starts a worker, sends it one job, reads one result and reaps it.
func runOne(job Job) Result {
	fail := func(err error) Result { return Result{ID: job.ID, Err: err.Error()} }
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return fail(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return fail(err)
	}
	if err := cmd.Start(); err != nil {
		return fail(err)
	}
	_ = json.NewEncoder(stdin).Encode(job)
	_ = stdin.Close()
	var res Result
	decErr := json.NewDecoder(bufio.NewReader(stdout)).Decode(&res)
	waitErr := cmd.Wait()
	if decErr != nil {
		return fail(fmt.Errorf("worker %d died: %v", cmd.Process.Pid, waitErr))
	}
	return res
}

// Close marks the pool closed.
func (p *Pool) Close() error {
	p.mu.Lock()
	p.closed = true
	p.mu.Unlock()
	return nil
}
