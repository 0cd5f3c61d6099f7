package executor

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"
)

// Job is one piece of work: wait Sleep (standing in for the slow part of a
// real job), then count the prime numbers below N.
type Job struct {
	// ID names the job; its Result carries the same ID.
	ID int `json:"id"`
	// N is the bound: the job counts the primes p with 2 <= p < N.
	N int `json:"n"`
	// Sleep is how long the job takes before it counts.
	Sleep time.Duration `json:"sleep,omitempty"`
	// Crash asks the worker process running this job to die (os.Exit(3))
	// instead of answering. Only the process pool's tests use it.
	Crash bool `json:"crash,omitempty"`
}

// Result is what one Job produced.
type Result struct {
	// ID is the ID of the Job this is the result of.
	ID int `json:"id"`
	// Primes is how many primes are below the job's N.
	Primes int `json:"primes"`
	// PID is the process that ran the job, so the tests can tell a worker
	// process from the test process itself.
	PID int `json:"pid"`
}

// Compute runs job right here, in the calling goroutine, and returns its
// result. The goroutine pool calls it; a worker process calls it too, for
// each job the process pool sends.
//
// ctx is the job's own deadline or cancellation: a job whose ctx is
// already done does not run, and one whose ctx ends during its Sleep stops
// there. Either way Compute returns an error wrapping ctx.Err().
//
// A job with Crash set ends the process with status 3, but only inside a
// worker process. Anywhere else it returns an error instead, so a pool that
// runs such a job in-process does not kill the tests.
func Compute(ctx context.Context, job Job) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, fmt.Errorf("job %d never started: %w", job.ID, err)
	}
	gaugeEnter()
	defer gaugeLeave()
	if job.Crash {
		if os.Getenv(WorkerEnv) == "1" {
			os.Exit(3)
		}
		return Result{}, fmt.Errorf("job %d asked its worker process to crash, but it ran in process %d, "+
			"which is not a worker, so nothing crashed", job.ID, os.Getpid())
	}
	timer := time.NewTimer(job.Sleep)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		return Result{}, fmt.Errorf("job %d stopped: %w", job.ID, context.Cause(ctx))
	}
	return Result{ID: job.ID, Primes: countPrimes(job.N), PID: os.Getpid()}, nil
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

// jobGauge counts the jobs running in this process (Compute in the goroutine
// pool, Worker.Run in the process pool) and the most seen at once. The
// tests read it; your code has no reason to. (Plain functions, not
// methods: an interface of yours may name its methods as it likes.)
var jobGauge struct {
	mu       sync.Mutex
	now, max int
	finished int
}

func gaugeEnter() {
	jobGauge.mu.Lock()
	jobGauge.now++
	jobGauge.max = max(jobGauge.max, jobGauge.now)
	jobGauge.mu.Unlock()
}

func gaugeLeave() {
	jobGauge.mu.Lock()
	jobGauge.now--
	jobGauge.finished++
	jobGauge.mu.Unlock()
}

// gaugeRead returns the jobs running now, the most seen at once, and how
// many have finished since the last gaugeReset.
func gaugeRead() (now, most, finished int) {
	jobGauge.mu.Lock()
	defer jobGauge.mu.Unlock()
	return jobGauge.now, jobGauge.max, jobGauge.finished
}

func gaugeReset() {
	jobGauge.mu.Lock()
	jobGauge.now, jobGauge.max, jobGauge.finished = 0, 0, 0
	jobGauge.mu.Unlock()
}
