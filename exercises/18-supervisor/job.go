package supervisor

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"fmt"
	"os"
	"time"
)

// Fault is how a job misbehaves in a worker process. Your pool must not
// look at it: a real pool cannot know which job will hang or crash before
// it runs. The tests set it to make a worker fail on cue.
type Fault string

const (
	// Hang makes the worker stop answering: it sleeps until it is killed
	// (a C call stuck on a lock, an endless loop). Closing its stdin does
	// not wake it.
	Hang Fault = "hang"
	// Crash makes the worker process exit with status 3 in the middle of
	// the job, without writing a result (a segfault, an os.Exit deep in a
	// library).
	Crash Fault = "crash"
	// Garbage makes the worker write a line that is not JSON instead of
	// the result (a library printing a warning on stdout). From then on
	// the worker is corrupt: every later reply of its own is garbage too.
	Garbage Fault = "garbage"
)

// Job is one piece of work: count the prime numbers below N, in a library
// call that takes Takes.
type Job struct {
	// ID names the job; its Result carries the same ID.
	ID int `json:"id"`
	// N is the bound: the job counts the primes p with 2 <= p < N.
	N int `json:"n"`
	// Takes is how long the library call lasts (the worker sleeps that
	// long), so that jobs overlap and a deadline means something.
	Takes time.Duration `json:"takes"`
	// Fault, when set, makes the worker misbehave on this job.
	Fault Fault `json:"fault,omitempty"`
}

// Result is what one Job produced.
type Result struct {
	// ID is the ID of the Job this is the result of.
	ID int `json:"id"`
	// Primes is how many primes are below the job's N.
	Primes int `json:"primes"`
	// PID is the process ID of the worker that ran the job, so the tests
	// can tell which worker did the work.
	PID int `json:"pid"`
	// Err is nil for a job that ran to the end. Your pool sets it, to a
	// *JobError, for a job that failed: it never travels over the pipe.
	Err error `json:"-"`
}

// Compute runs job in the calling process and returns its result.
//
// A job's Fault acts only inside a worker process (when the WorkerEnv
// variable is "1"): Hang sleeps until the process is killed, Crash exits
// with status 3. (ServeWorker writes the garbage of a Garbage job.)
// Anywhere else, such as the test process itself, a job with a Fault
// returns a Result whose Err says it ran in the wrong place, so a pool
// that runs jobs in-process neither hangs nor kills the tests.
func Compute(job Job) Result {
	pid := os.Getpid()
	if job.Fault != "" && os.Getenv(WorkerEnv) != "1" {
		return Result{ID: job.ID, PID: pid, Err: fmt.Errorf(
			"job %d was meant to %s its worker process, but it ran in process %d, which is not a worker",
			job.ID, job.Fault, pid)}
	}
	time.Sleep(job.Takes)
	switch job.Fault {
	case Hang:
		hang()
	case Crash:
		os.Exit(3)
	}
	return Result{ID: job.ID, Primes: countPrimes(job.N), PID: pid}
}

// hang sleeps until the process is killed. Should the pool never kill it,
// it ends once its parent has gone (the worker was orphaned) or after a
// minute, so that a forgotten worker does not outlive the tests for long.
func hang() {
	parent := os.Getppid()
	for range 600 {
		time.Sleep(100 * time.Millisecond)
		if os.Getppid() != parent {
			break
		}
	}
	os.Exit(4)
}

// countPrimes counts the primes below n by trial division.
func countPrimes(n int) int {
	count := 0
	for c := 2; c < n; c++ {
		prime := true
		for d := 2; d*d <= c; d++ {
			if c%d == 0 {
				prime = false
				break
			}
		}
		if prime {
			count++
		}
	}
	return count
}
