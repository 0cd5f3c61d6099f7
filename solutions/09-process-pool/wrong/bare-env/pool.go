// Package procpool, wrong: each worker gets an environment of its own,
// cmd.Env = []string{WorkerEnv + "=1"} ("a worker needs nothing else"). The
// worker runs, but without the parent's environment: no GORACE setting (a
// -race worker sleeps 1 s on exit) and nothing the tests' log needs, so the
// tests cannot see the workers. Rejected by: tests.
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

// Pool runs jobs on a fixed number of worker processes.
//
// One goroutine per worker owns that worker's process: it takes a job from
// the shared tasks channel, writes it to the process's stdin, reads the
// result from its stdout and stores it at the job's index. When the process
// dies mid-job, the goroutine reports the job as failed, reaps the process
// and starts a replacement for the next job.
//
// Why a goroutine per process: each process is a conversation (write a job,
// read its result) that must not be interleaved with another, and a
// goroutine that owns the pipes needs no lock around them. A free goroutine
// takes the next job from the shared channel, so a slow job holds up only
// its own worker. The everyday alternative is a dispatcher goroutine that
// keeps a channel of idle workers and hands each job to the next one;
// errgroup with SetLimit does not fit, since a worker process outlives the
// jobs it runs.
type Pool struct {
	mu     sync.RWMutex // guards closed; Map holds it for reading while sending
	closed bool
	tasks  chan task
	wg     sync.WaitGroup // one per worker goroutine
	errs   []error        // errs[i]: how worker goroutine i's last process ended
}

// task is one job of one Map call, with the slot its result goes to.
type task struct {
	job  Job
	out  *Result
	done *sync.WaitGroup
}

// NewPool starts a pool of workers worker processes.
func NewPool(workers int) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("procpool: a pool needs at least one worker")
	}
	procs := make([]*worker, 0, workers)
	for range workers {
		w, err := startWorker()
		if err != nil {
			for _, w := range procs {
				_ = w.stop()
			}
			return nil, err
		}
		procs = append(procs, w)
	}
	p := &Pool{tasks: make(chan task), errs: make([]error, workers)}
	for i, w := range procs {
		// WaitGroup.Go (Go 1.25): Add, go and Done in one call, so Close's
		// Wait cannot miss a goroutine.
		p.wg.Go(func() { p.serve(i, w) })
	}
	return p, nil
}

// serve hands jobs to one worker process at a time until the pool closes.
func (p *Pool) serve(i int, w *worker) {
	for t := range p.tasks {
		if w == nil { // the previous process died: start a replacement
			var err error
			if w, err = startWorker(); err != nil {
				*t.out = Result{ID: t.job.ID, Err: err.Error()}
				t.done.Done()
				continue
			}
		}
		res, err := w.run(t.job)
		if err != nil { // the process died (or broke the protocol)
			waitErr := w.stop()
			res = Result{ID: t.job.ID, PID: w.pid(), Err: fmt.Sprintf(
				"procpool: worker process %d died while running job %d: %v (%v)", w.pid(), t.job.ID, waitErr, err)}
			w = nil
		}
		*t.out = res
		t.done.Done()
	}
	if w != nil {
		p.errs[i] = w.stop()
	}
}

// Map runs every job on the pool's workers and returns their results in the
// order of jobs: results[i] is the result of jobs[i], whichever finished
// first. A job whose worker process died has its Result.Err set; the other
// jobs still run. Map's own error is for the pool as a whole, such as
// ErrClosed.
func (p *Pool) Map(jobs []Job) ([]Result, error) {
	results := make([]Result, len(jobs))
	var done sync.WaitGroup
	done.Add(len(jobs))

	p.mu.RLock()
	if p.closed {
		p.mu.RUnlock()
		return nil, ErrClosed
	}
	for i, job := range jobs {
		p.tasks <- task{job: job, out: &results[i], done: &done}
	}
	p.mu.RUnlock()

	done.Wait()
	return results, nil
}

// Close stops every worker process and waits for each to exit. The pool
// cannot be used afterwards; closing it again does nothing.
func (p *Pool) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.tasks) // each serve loop ends, closes its worker's stdin and waits
	p.mu.Unlock()

	p.wg.Wait()
	return errors.Join(p.errs...)
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
	cmd.Env = []string{WorkerEnv + "=1"} // a worker needs nothing else
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
