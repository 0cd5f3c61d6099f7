package procpool

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// WorkerEnv is the environment variable that turns a process into a worker.
// The tests' TestMain checks it first: when it is "1", the test binary does
// not run any test but calls ServeWorker(os.Stdin, os.Stdout) and exits with
// the status it returns. So a pool starts a worker by running its own
// executable (os.Args[0]) with WorkerEnv=1 added to its environment.
const WorkerEnv = "PROCPOOL_WORKER"

// ServeWorker is the loop a worker process runs. The protocol is JSON lines:
// it reads one Job (a JSON object on its own line) at a time from r, runs
// Compute, and writes the Result as one JSON line to w before reading the
// next job. Results therefore come back one per job, in the order the jobs
// were sent.
//
// It returns 0 when r reaches end of file (the pool closed the worker's
// stdin: time to go) and 2 on a malformed job or a failed write. A job with
// Crash set ends the process with status 3 from inside Compute.
func ServeWorker(r io.Reader, w io.Writer) int {
	dec := json.NewDecoder(r)
	enc := json.NewEncoder(w) // Encode ends each value with a newline
	for {
		var job Job
		if err := dec.Decode(&job); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintf(os.Stderr, "procpool worker %d: cannot read a job: %v\n", os.Getpid(), err)
			return 2
		}
		if err := enc.Encode(Compute(job)); err != nil {
			fmt.Fprintf(os.Stderr, "procpool worker %d: cannot write a result: %v\n", os.Getpid(), err)
			return 2
		}
	}
}
