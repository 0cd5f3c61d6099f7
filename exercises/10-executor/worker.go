package executor

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	osexec "os/exec" // named so that a learner's own "exec" does not clash with it
	"sync"
)

// WorkerEnv is the environment variable that turns a process into a worker.
// The tests' TestMain checks it first: when it is "1", the test binary runs
// no test but serves jobs with ServeWorker(os.Stdin, os.Stdout), exactly as
// in exercise 09. StartWorker sets it for you.
const WorkerEnv = "EXECUTOR_WORKER"

// ServeWorker is the loop a worker process runs: exercise 09's protocol.
// It reads one Job per JSON line from r, runs Compute, and writes the Result
// as one JSON line to w before reading the next job. It returns 0 when r
// reaches end of file (its stdin was closed: time to go) and 2 on a
// malformed job or a failed write. A job with Crash set ends the process
// with status 3 from inside Compute.
func ServeWorker(r io.Reader, w io.Writer) int {
	dec := json.NewDecoder(r)
	enc := json.NewEncoder(w)
	for {
		var job Job
		if err := dec.Decode(&job); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintf(os.Stderr, "executor worker %d: cannot read a job: %v\n", os.Getpid(), err)
			return 2
		}
		res, err := Compute(context.Background(), job)
		if err != nil {
			fmt.Fprintf(os.Stderr, "executor worker %d: %v\n", os.Getpid(), err)
			return 2
		}
		if err := enc.Encode(res); err != nil {
			fmt.Fprintf(os.Stderr, "executor worker %d: cannot write a result: %v\n", os.Getpid(), err)
			return 2
		}
	}
}

// ErrWorkerDead is returned (wrapped) by Run on a worker whose process has
// died: start a new Worker in its place.
var ErrWorkerDead = errors.New("executor: worker process is dead")

// Worker is one running worker process: exercise 09's worker, started and
// spoken to for you. It runs one job at a time; it is safe to share, but
// calls to Run on one Worker take turns.
type Worker struct {
	mu    sync.Mutex
	cmd   *osexec.Cmd
	stdin io.WriteCloser
	enc   *json.Encoder
	dec   *json.Decoder
	dead  error // why the process is gone, once it is
}

// StartWorker starts a new worker process: this very program (os.Args[0],
// the test binary), run again with WorkerEnv=1 in its environment, as in
// exercise 09. Call Close when you are done with it.
func StartWorker() (*Worker, error) {
	cmd := osexec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), WorkerEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, fmt.Errorf("executor: worker stdin: %w", err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("executor: worker stdout: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("executor: start worker: %w", err)
	}
	logStarted(cmd.Process.Pid)
	return &Worker{
		cmd:   cmd,
		stdin: stdin,
		enc:   json.NewEncoder(stdin),
		dec:   json.NewDecoder(bufio.NewReader(stdout)),
	}, nil
}

// PID is the worker's process ID.
func (w *Worker) PID() int { return w.cmd.Process.Pid }

// Run sends job to the worker process and waits for its result. When the
// process dies on the job, Run reaps it and returns an error wrapping
// ErrWorkerDead; so does every later call: the Worker is done for.
//
// ctx is the job's deadline: a job whose ctx is already done is not sent,
// and Run returns ctx's error. When ctx ends while the job runs, Run kills
// the worker process (a process can be stopped mid-computation, a goroutine
// cannot), reaps it and returns an error wrapping both ErrWorkerDead and
// ctx's error.
func (w *Worker) Run(ctx context.Context, job Job) (Result, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dead != nil {
		return Result{}, fmt.Errorf("%w: process %d (%v) cannot run job %d", ErrWorkerDead, w.PID(), w.dead, job.ID)
	}
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("job %d never started: %w", job.ID, err)
	}
	gaugeEnter()
	defer gaugeLeave()
	logSent(job.ID)
	kill := context.AfterFunc(ctx, func() { _ = w.cmd.Process.Kill() })
	var res Result
	err := w.enc.Encode(job)
	if err == nil {
		err = w.dec.Decode(&res)
	}
	if err == nil && res.ID != job.ID {
		err = fmt.Errorf("sent job %d, got the result of job %d", job.ID, res.ID)
	}
	if !kill() { // the deadline passed: the process is killed, or about to be
		w.dead = stopProcess(w)
		return Result{}, fmt.Errorf("%w: process %d was killed because job %d ran past its deadline: %w",
			ErrWorkerDead, w.PID(), job.ID, context.Cause(ctx))
	}
	if err != nil {
		w.dead = stopProcess(w)
		if w.dead == nil {
			w.dead = err
		}
		return Result{}, fmt.Errorf("%w: process %d died running job %d (%v)", ErrWorkerDead, w.PID(), job.ID, w.dead)
	}
	return res, nil
}

// Close closes the worker's stdin, so its ServeWorker loop returns, and
// waits for the process to exit. Closing a dead or closed Worker does
// nothing and returns nil.
func (w *Worker) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.dead != nil {
		return nil
	}
	err := stopProcess(w)
	w.dead = errors.New("closed")
	return err
}

// stopProcess ends w's process and reaps it; its error says how the
// process ended. (A function, not a method: an interface of yours may name
// its methods as it likes.)
func stopProcess(w *Worker) error {
	_ = w.stdin.Close()
	err := w.cmd.Wait()
	logEnded(w.PID())
	return err
}

// workerLog records the worker processes started, how many were alive at
// once, and how many times each job was sent to one, for the tests.
var workerLog struct {
	mu        sync.Mutex
	pids      []int
	live, max int
	sends     map[int]int // job ID -> times Run sent it to a worker process
}

func logSent(id int) {
	workerLog.mu.Lock()
	if workerLog.sends == nil {
		workerLog.sends = map[int]int{}
	}
	workerLog.sends[id]++
	workerLog.mu.Unlock()
}

// logTimesSent returns how many times Run sent the job with this ID to a
// worker process since the last logReset.
func logTimesSent(id int) int {
	workerLog.mu.Lock()
	defer workerLog.mu.Unlock()
	return workerLog.sends[id]
}

func logStarted(pid int) {
	workerLog.mu.Lock()
	workerLog.pids = append(workerLog.pids, pid)
	workerLog.live++
	workerLog.max = max(workerLog.max, workerLog.live)
	workerLog.mu.Unlock()
}

func logEnded(int) {
	workerLog.mu.Lock()
	workerLog.live--
	workerLog.mu.Unlock()
}

// logRead returns every PID started since the last logReset, the processes
// not yet reaped, and the most alive at once.
func logRead() (pids []int, live, most int) {
	workerLog.mu.Lock()
	defer workerLog.mu.Unlock()
	return append([]int(nil), workerLog.pids...), workerLog.live, workerLog.max
}

func logReset() {
	workerLog.mu.Lock()
	workerLog.pids, workerLog.max, workerLog.sends = nil, workerLog.live, nil
	workerLog.mu.Unlock()
}
