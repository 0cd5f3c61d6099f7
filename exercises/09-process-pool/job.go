package procpool

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"fmt"
	"os"
)

// Job is one piece of CPU work: count the prime numbers below N.
type Job struct {
	// ID names the job; its Result carries the same ID.
	ID int `json:"id"`
	// N is the bound: the job counts the primes p with 2 <= p < N.
	N int `json:"n"`
	// Crash asks the worker process running this job to die: Compute calls
	// os.Exit(3) instead of returning. The tests use it to check that your
	// pool notices a worker's death.
	Crash bool `json:"crash,omitempty"`
}

// Result is what one Job produced.
type Result struct {
	// ID is the ID of the Job this is the result of.
	ID int `json:"id"`
	// Primes is how many primes are below the job's N.
	Primes int `json:"primes"`
	// PID is the process ID of the process that ran Compute, so the tests
	// can tell which worker process did the work.
	PID int `json:"pid"`
	// Err is empty for a job that ran to the end. Your pool sets it for a
	// job whose worker process died before sending its result back.
	Err string `json:"err,omitempty"`
}

// Compute runs job in the calling process and returns its result.
//
// A job with Crash set exits the process with status 3, but only inside a
// worker process (when the WorkerEnv variable is "1"). Anywhere else, such as
// the test process itself, it returns a Result with Err set instead, so a
// pool that runs jobs in-process does not kill the tests.
func Compute(job Job) Result {
	pid := os.Getpid()
	if job.Crash {
		if os.Getenv(WorkerEnv) == "1" {
			os.Exit(3)
		}
		return Result{ID: job.ID, PID: pid, Err: fmt.Sprintf(
			"job %d asked its worker process to crash, but it ran in process %d, which is not a worker, so nothing crashed",
			job.ID, pid)}
	}
	return Result{ID: job.ID, Primes: countPrimes(job.N), PID: pid}
}

// countPrimes counts the primes below n by trial division: slow on purpose,
// so each job is real CPU work.
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
