// Package supervisor runs jobs on worker processes, and survives a worker
// that crashes, hangs or answers garbage.
//
// Each worker is a copy of the running program started in worker mode (see
// WorkerEnv and ServeWorker); jobs travel to it over its stdin and results
// come back over its stdout, one JSON line each.
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

// Pool runs jobs on a fixed number of worker processes, and supervises
// them.
//
// One goroutine per worker slot owns the slot's process: it takes the next
// job from a shared channel, writes it to the process, and reads the
// result, with the pool's deadline on the job. Whatever goes wrong (no
// answer by the deadline, the process gone, a reply that is not the
// job's result), the goroutine kills the process, reaps it, records the
// job as failed with its cause, and starts a replacement for the next job.
// The job itself is never sent again: a job that hangs or crashes its
// worker would do the same to the next one.
//
// The kill needs no access to the process itself: each worker runs under
// exec.CommandContext, and cancelling that context kills it. A
// time.AfterFunc per job cancels it when the deadline passes; a read
// blocked on the dead worker's stdout then returns, and the goroutine
// learns from timer.Stop that the deadline, not the worker, ended it.
type Pool struct {
	deadline time.Duration
	slots    []chan task   // slots[k]: the jobs of worker k
	quit     chan struct{} // closed by Close
	quitOnce sync.Once
	wg       sync.WaitGroup // one per worker goroutine
	errs     []error        // errs[i]: how worker goroutine i's last process ended
}

// task is one job of one Map call, with the slot its result goes to.
type task struct {
	job  Job
	out  *Result
	done *sync.WaitGroup
}

// NewPool starts a pool of workers worker processes. Each job gets
// deadline to answer.
func NewPool(workers int, deadline time.Duration) (*Pool, error) {
	if workers < 1 {
		return nil, errors.New("supervisor: a pool needs at least one worker")
	}
	if deadline <= 0 {
		return nil, errors.New("supervisor: a job's deadline must be more than zero")
	}
	started := make([]*worker, 0, workers)
	for range workers {
		w, err := startWorker()
		if err != nil {
			for _, w := range started {
				_ = w.stop()
			}
			return nil, err
		}
		started = append(started, w)
	}
	p := &Pool{deadline: deadline, quit: make(chan struct{}), errs: make([]error, workers)}
	for i, w := range started {
		slot := make(chan task)
		p.slots = append(p.slots, slot)
		p.wg.Go(func() { p.supervise(i, slot, w) })
	}
	return p, nil
}

// supervise runs jobs on one worker process at a time until the pool
// closes; then it stops its worker and records how it ended in p.errs[i].
func (p *Pool) supervise(i int, tasks chan task, w *worker) {
	for {
		var t task
		select {
		case t = <-tasks:
		case <-p.quit:
			if w != nil {
				p.errs[i] = w.stop()
			}
			return
		}
		if w == nil { // the last process failed: start a replacement
			var err error
			if w, err = startWorker(); err != nil {
				*t.out = Result{ID: t.job.ID, Err: err}
				t.done.Done()
				continue
			}
		}
		res, cause := w.run(t.job, p.deadline)
		if cause != nil { // the worker is killed and reaped: replace it
			res = Result{ID: t.job.ID, Err: &JobError{JobID: t.job.ID, PID: w.pid(), Err: cause}}
			w = nil
		}
		*t.out = res
		t.done.Done()
	}
}

// Map runs every job on the pool's workers and returns their results in the
// order of jobs: results[i] is the result of jobs[i], whichever finished
// first. A job that failed has its Result.Err set to a *JobError saying
// why; the other jobs still run. Map's own error is for the pool as a
// whole: ErrClosed, when the pool is closed before every job was handed
// to a worker (the jobs that were run to their end first).
func (p *Pool) Map(jobs []Job) ([]Result, error) {
	results := make([]Result, len(jobs))
	var done sync.WaitGroup // one per job handed to a worker
	sent := 0
send:
	for i, job := range jobs {
		done.Add(1)
		select {
		case p.slots[i%len(p.slots)] <- task{job: job, out: &results[i], done: &done}: // share the jobs out evenly
			sent++
		case <-p.quit:
			done.Done() // this job was never handed to a worker
			break send
		}
	}
	done.Wait() // every job handed to a worker has its result
	if sent < len(jobs) {
		return nil, ErrClosed
	}
	return results, nil
}

// Close stops every worker process and waits for each to exit; a job
// already handed to a worker runs to its end first. The pool cannot be
// used afterwards; closing it again does nothing.
func (p *Pool) Close() error {
	p.quitOnce.Do(func() { close(p.quit) })
	p.wg.Wait()
	return errors.Join(p.errs...)
}

// worker is one running worker process and its two pipes.
type worker struct {
	cmd   *exec.Cmd
	kill  context.CancelFunc // kills the process: it runs under CommandContext
	stdin io.WriteCloser
	enc   *json.Encoder
	dec   *json.Decoder
}

// startWorker runs this very program again, in worker mode, and waits
// for it to say it is ready.
func startWorker() (*worker, error) {
	// Cancelling ctx makes os/exec kill the process (cmd.Cancel's default).
	ctx, kill := context.WithCancel(context.Background())
	w, err := launch(ctx)
	if err != nil {
		kill() // a worker that started, but never said hello, dies with ctx
		if w != nil {
			_ = w.stop() // and is reaped
		}
		return nil, err
	}
	w.kill = kill
	return w, nil
}

// launch starts a worker under ctx and reads its Hello. On an error after
// the start, it returns the worker too, for the caller to kill and reap.
func launch(ctx context.Context) (*worker, error) {
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	// Should the killed process leave its pipes open (a child of its own
	// holding them), Wait stops waiting for them after this long.
	cmd.WaitDelay = time.Second
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("supervisor: worker stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("supervisor: worker stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("supervisor: start a worker: %w", err)
	}
	w := &worker{cmd: cmd, stdin: stdin, enc: json.NewEncoder(stdin), dec: json.NewDecoder(stdout)}
	// A worker says hello once it is ready for jobs: from then on, a job's
	// deadline is the job's own.
	var hello Hello
	if err := w.dec.Decode(&hello); err != nil {
		return w, fmt.Errorf("supervisor: worker %d did not say hello: %w", w.pid(), err)
	}
	return w, nil
}

func (w *worker) pid() int { return w.cmd.Process.Pid }

// run sends one job and reads its result, giving it deadline to answer.
// On any failure it kills and reaps the worker, which cannot be used any
// more, and returns the cause: ErrDeadline, ErrGarbage, or how the
// process ended by itself.
func (w *worker) run(job Job, deadline time.Duration) (Result, error) {
	timer := time.AfterFunc(deadline, w.kill)
	res, gone, err := w.exchange(job)
	expired := !timer.Stop() // the timer fired: the kill came from us
	if err == nil && !expired {
		return res, nil
	}
	w.kill() // whatever went wrong, this process is done for
	waitErr := w.cmd.Wait()
	switch {
	case expired:
		return Result{}, fmt.Errorf("%w (%s)", ErrDeadline, deadline)
	case !gone:
		return Result{}, fmt.Errorf("%w: %v", ErrGarbage, err)
	case waitErr != nil:
		return Result{}, waitErr // an *exec.ExitError: how it died
	default:
		return Result{}, fmt.Errorf("the worker exited with status 0 in the middle of a job: %w", err)
	}
}

// exchange writes the job and reads the reply. gone reports an error that
// means the process has gone (its pipes are closed), as opposed to a reply
// that is not the job's result.
func (w *worker) exchange(job Job) (res Result, gone bool, err error) {
	if err := w.enc.Encode(job); err != nil {
		return Result{}, true, err // the pipe is broken: nobody reads it
	}
	if err := w.dec.Decode(&res); err != nil {
		return Result{}, errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF), err
	}
	if res.ID != job.ID {
		return Result{}, false, fmt.Errorf("sent job %d, got the result of job %d", job.ID, res.ID)
	}
	return res, false, nil
}

// stop closes the worker's stdin, so that ServeWorker returns, and reaps
// the process. Its error says how the process ended. (The worker's context
// needs no cancel after Wait: it holds no goroutine or timer by then.)
func (w *worker) stop() error {
	_ = w.stdin.Close()
	return w.cmd.Wait()
}
