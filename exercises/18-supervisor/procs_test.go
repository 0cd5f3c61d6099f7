package supervisor_test

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	supervisor "github.com/asynckata/kata/exercises/18-supervisor"
)

// What the workers themselves say they did, and what the process table
// says happened to them: the two accounts the pool's own code cannot
// change.

// journal is the folder where every worker started during one test notes
// when it became ready and when it began and finished each job, in a file
// named by its PID (see worker.go).
type journal struct {
	dir      string
	leftover map[string]bool // children of the test process from earlier tests
}

// newJournal gives the test a fresh folder and puts it in the environment
// that workers inherit (cmd.Env = append(os.Environ(), ...)).
func newJournal(t *testing.T) *journal {
	t.Helper()
	dir := t.TempDir()
	t.Setenv(supervisor.JournalEnv, dir)
	left := map[string]bool{}
	for _, c := range children() {
		left[c.pid] = true
	}
	return &journal{dir: dir, leftover: left}
}

// killLeft kills, with SIGKILL, every worker of this test still running:
// the cleanup of a test that failed, so that a hung worker its pool never
// killed does not outlive the tests and bury their report.
func (j *journal) killLeft() {
	for _, pid := range j.pids() {
		if alive(pid) && procState(pid) != "Z" {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// size is how many bytes the journals hold: it grows whenever a worker
// becomes ready, or begins or finishes a job.
func (j *journal) size() int64 {
	entries, _ := os.ReadDir(j.dir)
	var n int64
	for _, e := range entries {
		if info, err := e.Info(); err == nil {
			n += info.Size()
		}
	}
	return n
}

// wait runs f in its own goroutine and waits for it as long as the workers
// show signs of life: it gives up when the journals have not changed for
// quiet, or after callCap. It returns how long it waited, and f's error,
// an error naming a panic in f, or errTimeout. On a timeout f's goroutine
// is left behind: the test fails anyway.
func (j *journal) wait(f func() error) (time.Duration, error) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("%w: %v", errPanic, r)
			}
		}()
		done <- f()
	}()
	start := time.Now()
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	size, last := j.size(), start
	for {
		select {
		case err := <-done:
			return time.Since(start), err
		case now := <-tick.C:
			if s := j.size(); s != size {
				size, last = s, now
			}
			if now.Sub(last) > quiet || now.Sub(start) > callCap {
				return now.Sub(start).Round(time.Millisecond), errTimeout
			}
		}
	}
}

// run is one job's run on one worker, from that worker's journal.
type run struct {
	pid        int
	start, end time.Time // end is zero when the worker never answered
}

// pids lists the workers that started during the test, in PID order.
func (j *journal) pids() []int {
	entries, _ := os.ReadDir(j.dir)
	var pids []int
	for _, e := range entries {
		if pid, err := strconv.Atoi(e.Name()); err == nil {
			pids = append(pids, pid)
		}
	}
	slices.Sort(pids)
	return pids
}

// runs reads every journal: each job ID's runs, in the order they started.
func (j *journal) runs(t *testing.T) map[int][]run {
	t.Helper()
	out := map[int][]run{}
	for _, pid := range j.pids() {
		f, err := os.Open(filepath.Join(j.dir, strconv.Itoa(pid)))
		require.NoError(t, err, "reading worker %d's journal", pid)
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var event string
			var id int
			var ns int64
			if _, err := fmt.Sscanf(sc.Text(), "%s %d %d", &event, &id, &ns); err != nil {
				continue
			}
			at := time.Unix(0, ns)
			switch event {
			case "start":
				out[id] = append(out[id], run{pid: pid, start: at})
			case "end":
				if rs := out[id]; len(rs) > 0 && rs[len(rs)-1].pid == pid {
					rs[len(rs)-1].end = at
				}
			}
		}
		_ = f.Close()
	}
	for id := range out {
		slices.SortFunc(out[id], func(a, b run) int { return a.start.Compare(b.start) })
	}
	return out
}

// once checks that every job of jobs reached exactly one worker (none
// lost, none retried) and returns each job's run, by index.
func (j *journal) once(t *testing.T, jobs []supervisor.Job, results []supervisor.Result) []run {
	t.Helper()
	all := j.runs(t)
	out := make([]run, len(jobs))
	for i, job := range jobs {
		rs := all[job.ID]
		switch {
		case len(rs) == 0 && errors.Is(results[i].Err, supervisor.ErrDeadline):
			t.Fatalf("job %d (index %d) failed with %q, yet no worker ever began it: its time ran out before "+
				"a worker read it. A job's deadline is its own, counted from when it is sent to a ready worker: "+
				"not one deadline for the whole batch, and not from when Map started.", job.ID, i, results[i].Err)
		case len(rs) == 0 && errors.Is(results[i].Err, supervisor.ErrGarbage):
			t.Fatalf("job %d (index %d) failed with %q, yet no worker ever began it: its worker was killed "+
				"before it read the job. Was that \"garbage\" the worker's greeting, {\"ready\":<pid>}, which "+
				"every worker writes first? Read each worker's Hello line before you send it a job, as the "+
				"starter's startWorker does.", job.ID, i, results[i].Err)
		case len(rs) == 0 && killedBySignal(results[i].Err):
			t.Fatalf("job %d (index %d) failed with %q, yet no worker ever began it: its worker was killed "+
				"before it read the job, and the tests did not kill it. Is the context you start workers with "+
				"(exec.CommandContext) cancelled early, by a defer cancel() in the function that starts them? "+
				"A worker's context must last as long as the worker.", job.ID, i, results[i].Err)
		case len(rs) == 0 && results[i].Err != nil:
			t.Fatalf("job %d (index %d) failed with %q, yet no worker ever began it: no worker's journal "+
				"has it. Send every job to a ready worker (one that said hello), and report only what "+
				"happened to it there.", job.ID, i, results[i].Err)
		case len(rs) == 0:
			t.Fatalf("job %d (index %d) never reached a worker: no worker's journal has it. Send every job "+
				"to a worker process, including the ones after a failure.", job.ID, i)
		case len(rs) > 1:
			var pids []string
			for _, r := range rs {
				pids = append(pids, strconv.Itoa(r.pid))
			}
			what := ""
			if job.Fault != "" {
				what = fmt.Sprintf(" It is the job that made its worker %s: run again, it does the same to the next worker.", job.Fault)
			}
			t.Fatalf("job %d (index %d) ran %d times, on workers %s. Send each job once: when its worker fails, "+
				"report the job as failed and give the replacement the next job, not the same one again.%s",
				job.ID, i, len(rs), strings.Join(pids, ", "), what)
		}
		out[i] = rs[0]
	}
	return out
}

// killedBySignal reports whether err carries the exit of a process that a
// signal ended (ExitCode -1), such as a kill.
func killedBySignal(err error) bool {
	var exit *exec.ExitError
	return errors.As(err, &exit) && exit.ExitCode() == -1
}

// watcher records, every couple of milliseconds, when each worker of a
// journal exited (became a zombie or disappeared) and when it was reaped
// (disappeared: kill(pid, 0) answers ESRCH, which a zombie does not).
type watcher struct {
	j      *journal
	stop   chan struct{}
	done   chan struct{}
	mu     sync.Mutex
	exited map[int]time.Time
	gone   map[int]time.Time
}

const watchEvery = 2 * time.Millisecond

func (j *journal) watch(t *testing.T) *watcher {
	w := &watcher{j: j, stop: make(chan struct{}), done: make(chan struct{}),
		exited: map[int]time.Time{}, gone: map[int]time.Time{}}
	go w.loop()
	t.Cleanup(w.halt)
	return w
}

func (w *watcher) loop() {
	defer close(w.done)
	tick := time.NewTicker(watchEvery)
	defer tick.Stop()
	for {
		w.look()
		select {
		case <-w.stop:
			w.look() // what happened since the last look
			return
		case <-tick.C:
		}
	}
}

func (w *watcher) look() {
	now := time.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, pid := range w.j.pids() {
		if _, ok := w.gone[pid]; ok {
			continue
		}
		if !alive(pid) {
			w.gone[pid] = now
			if _, ok := w.exited[pid]; !ok {
				w.exited[pid] = now
			}
			continue
		}
		if _, ok := w.exited[pid]; !ok && procState(pid) == "Z" {
			w.exited[pid] = now
		}
	}
}

// halt stops the watcher; it may be called more than once.
func (w *watcher) halt() {
	select {
	case <-w.stop:
	default:
		close(w.stop)
	}
	<-w.done
}

// exitedAt returns when pid was first seen exited.
func (w *watcher) exitedAt(pid int) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	at, ok := w.exited[pid]
	return at, ok
}

// goneAt returns when pid was first seen gone and reaped.
func (w *watcher) goneAt(pid int) (time.Time, bool) {
	w.mu.Lock()
	defer w.mu.Unlock()
	at, ok := w.gone[pid]
	return at, ok
}

// reapGrace is how long after Map returns a failed job's worker may take to
// be reaped: Wait right after the kill takes a millisecond.
const reapGrace = 2 * time.Second

// requireReaped waits up to reapGrace for pid, the worker that ran job,
// to be gone and reaped, and fails the test if it is not.
func requireReaped(t *testing.T, pid int, job supervisor.Job, why string) {
	t.Helper()
	end := time.Now().Add(reapGrace)
	for alive(pid) && time.Now().Before(end) {
		time.Sleep(5 * time.Millisecond)
	}
	if !alive(pid) {
		return
	}
	if procState(pid) == "Z" {
		t.Fatalf("worker %d, which ran job %d (%s), has exited but was never reaped: %s after Map returned "+
			"it is still a zombie in the process table. After killing a worker, call its cmd.Wait: that is "+
			"what removes a dead child, and a pool that forgets it fills the table with zombies.",
			pid, job.ID, why, reapGrace)
	}
	t.Fatalf("worker %d, which ran job %d (%s), is still running %s after Map returned. A worker whose job "+
		"failed is of no more use: kill it (cancel the context it was started with, exec.CommandContext), "+
		"then call cmd.Wait to reap it.", pid, job.ID, why, reapGrace)
}

// requireAllGone checks, after Close, that every worker the test saw start
// is gone and reaped, and that the test process has no other child left
// (but those an earlier test left).
func (j *journal) requireAllGone(t *testing.T) {
	t.Helper()
	for _, pid := range j.pids() {
		if !alive(pid) {
			continue
		}
		state := "still running: did Close stop it?"
		if s := procState(pid); s == "Z" {
			state = "a zombie: it exited, but nobody called its cmd.Wait"
		}
		t.Fatalf("after Close returned, worker process %d is %s. Close must stop every worker (close its stdin: "+
			"ServeWorker returns at end of input) and call cmd.Wait for each, replacements included.", pid, state)
	}
	for _, c := range children() {
		if j.leftover[c.pid] {
			continue
		}
		what := "still running"
		if c.state == "Z" {
			what = "a zombie: it exited, but nobody called its cmd.Wait"
		}
		t.Fatalf("after Close, process %s, a child of the test process, is %s. Every worker the pool "+
			"started, the killed and replaced ones included, must be reaped.", c.pid, what)
	}
}

// alive reports whether pid is in the process table, zombies included.
func alive(pid int) bool {
	return !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

// child is a child process of the test, from /proc.
type child struct{ pid, state string }

// children lists the test process's children from /proc (Linux; elsewhere
// there is none to read).
func children() []child {
	self := strconv.Itoa(os.Getpid())
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	var out []child
	for _, path := range stats {
		b, err := os.ReadFile(path)
		if err != nil {
			continue // it ended while we looked
		}
		pid, fields := statFields(string(b))
		if len(fields) >= 2 && fields[1] == self {
			out = append(out, child{pid: pid, state: fields[0]})
		}
	}
	return out
}

// procState returns a process's state letter from /proc ("R", "S", "Z"),
// or "" when there is none to read.
func procState(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ""
	}
	if _, f := statFields(string(b)); len(f) > 0 {
		return f[0]
	}
	return ""
}

// statFields splits a /proc/<pid>/stat line, "pid (comm) state ppid ...",
// into its PID and the fields after the command name, which may itself
// hold spaces and parentheses.
func statFields(s string) (string, []string) {
	end := strings.LastIndexByte(s, ')')
	if end < 0 {
		return "", nil
	}
	pid, _, _ := strings.Cut(s, " ")
	return pid, strings.Fields(s[end+1:])
}
