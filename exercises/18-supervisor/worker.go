package supervisor

// This file is support code: use it, do not edit it. The checker knows its
// digest and reports a changed copy.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"time"
)

// WorkerEnv is the environment variable that turns a process into a worker.
// The tests' TestMain checks it first: when it is "1", the test binary runs
// no test but calls ServeWorker(os.Stdin, os.Stdout) and exits with the
// status it returns. So a pool starts a worker by running its own
// executable (os.Args[0], or the path os.Executable returns) with
// WorkerEnv=1 added to its environment.
const WorkerEnv = "SUPERVISOR_WORKER"

// Hello is the first line a worker writes, {"ready":12345}, once it is
// ready for jobs. Read it before you send the worker a job: a fresh worker
// takes a while to start (tens of milliseconds for a -race test binary,
// ten times that on a busy machine), and a job's deadline is for the job,
// not for the worker's start.
type Hello struct {
	// PID is the worker's process ID.
	PID int `json:"ready"`
}

// garbage is what a corrupt worker writes instead of a result.
const garbage = "libprime: warning: sieve cache corrupted, falling back to slow path"

// ServeWorker is the loop a worker process runs, exercise 09's protocol
// with a greeting: it first writes a Hello line to w, then reads one Job
// (a JSON object on its own line) at a time from r, runs Compute, and
// writes the Result as one JSON line to w before reading the next job.
// Results therefore come back one per job, in the order the jobs were
// sent.
//
// It returns 0 when r reaches end of file (the pool closed the worker's
// stdin: time to go) and 2 on a malformed job or a failed write. A Crash
// job ends the process with status 3 and a Hang job never returns (see
// Compute); a Garbage job, and every job after it, gets a line of garbage
// instead of its result.
func ServeWorker(r io.Reader, w io.Writer) int {
	log := openJournal()
	log.note("ready", 0)
	dec := json.NewDecoder(r)
	enc := json.NewEncoder(w) // Encode ends each value with a newline
	if err := enc.Encode(Hello{PID: os.Getpid()}); err != nil {
		fmt.Fprintf(os.Stderr, "supervisor worker %d: cannot say hello: %v\n", os.Getpid(), err)
		return 2
	}
	corrupt := false
	for {
		var job Job
		if err := dec.Decode(&job); err != nil {
			if errors.Is(err, io.EOF) {
				return 0
			}
			fmt.Fprintf(os.Stderr, "supervisor worker %d: cannot read a job: %v\n", os.Getpid(), err)
			return 2
		}
		log.note("start", job.ID)
		res := Compute(job)
		corrupt = corrupt || job.Fault == Garbage
		var err error
		if corrupt {
			_, err = fmt.Fprintln(w, garbage)
		} else {
			err = enc.Encode(res)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "supervisor worker %d: cannot write a result: %v\n", os.Getpid(), err)
			return 2
		}
		log.note("end", job.ID)
	}
}

// journalEnv names a folder where each worker notes, in a file named by its
// PID, when it started and when it began and finished each job. The tests
// set it: a worker's own account of what it ran, which your pool's code
// cannot change.
const journalEnv = "SUPERVISOR_JOURNAL"

// journal is one worker's file in that folder; nil when there is none.
type journal struct{ f *os.File }

func openJournal() *journal {
	dir := os.Getenv(journalEnv)
	if dir == "" {
		return nil
	}
	f, err := os.OpenFile(path.Join(dir, strconv.Itoa(os.Getpid())), os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintf(os.Stderr, "supervisor worker %d: cannot open its journal: %v\n", os.Getpid(), err)
		return nil
	}
	return &journal{f: f}
}

// note writes one line, "start 7 1712345678901234567": the event, the
// job's ID and the wall-clock time in nanoseconds, in one write.
func (j *journal) note(event string, id int) {
	if j == nil {
		return
	}
	_, _ = fmt.Fprintf(j.f, "%s %d %d\n", event, id, time.Now().UnixNano())
}
