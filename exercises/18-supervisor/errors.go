package supervisor

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"errors"
	"fmt"
)

// ErrClosed is returned by Map on a pool that has been closed.
var ErrClosed = errors.New("supervisor: the pool is closed")

// ErrDeadline is the cause of a job that did not answer within the pool's
// per-job deadline: its worker was killed.
var ErrDeadline = errors.New("no answer within the job's deadline")

// ErrGarbage is the cause of a job whose worker answered something that is
// not the job's Result (a line that is not JSON, or another job's result):
// the worker was killed, since nothing it says can be trusted any more.
// Wrap it with what you read: fmt.Errorf("%w: %v", ErrGarbage, err).
var ErrGarbage = errors.New("the worker's reply is not a result")

// JobError is the Err of the Result of a job that failed.
type JobError struct {
	// JobID is the job's ID.
	JobID int
	// PID is the worker process that ran the job. By the time Map returns,
	// it has exited and been reaped (cmd.Wait returned).
	PID int
	// Err is why the job failed: an error wrapping ErrDeadline or
	// ErrGarbage, or, for a worker that died by itself, the error its
	// cmd.Wait returned (an *exec.ExitError, whose ExitCode says how it
	// ended).
	Err error
}

func (e *JobError) Error() string {
	return fmt.Sprintf("job %d failed on worker process %d: %v", e.JobID, e.PID, e.Err)
}

// Unwrap lets errors.Is and errors.As see the cause.
func (e *JobError) Unwrap() error { return e.Err }
