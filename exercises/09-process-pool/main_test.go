package procpool_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"testing"

	"github.com/asynckata/kata/internal/katatest"

	procpool "github.com/asynckata/kata/exercises/09-process-pool"
)

// parentEnv marks the test process in its children's environment, so a child
// started without WorkerEnv=1 stops at once instead of running every test
// again (and starting pools of its own, and so on).
const parentEnv = "PROCPOOL_TEST_PARENT"

// logEnv names the folder where each worker process keeps a log for the
// tests: which processes started, which jobs each one received and
// answered, and when. A test sets it (t.Setenv) before it starts a pool;
// the workers inherit it through os.Environ().
const logEnv = "PROCPOOL_TEST_LOG"

func TestMain(m *testing.M) {
	// A worker process: serve jobs, never run the tests.
	if os.Getenv(procpool.WorkerEnv) == "1" {
		os.Exit(serveLogged())
	}
	if parent := os.Getenv(parentEnv); parent != "" {
		fmt.Fprintf(os.Stderr, "procpool: process %d was started by the test process %s without %s=1 "+
			"in its environment, so it refuses to run the tests a second time. Start each worker with "+
			"cmd.Env = append(os.Environ(), WorkerEnv+\"=1\").\n", os.Getpid(), parent, procpool.WorkerEnv)
		os.Exit(2)
	}
	os.Setenv(parentEnv, strconv.Itoa(os.Getpid()))
	// Under -race every process sleeps 1 s when it exits unless told not to;
	// workers inherit this through os.Environ().
	if g := os.Getenv("GORACE"); !strings.Contains(g, "atexit_sleep_ms") {
		os.Setenv("GORACE", strings.TrimSpace(g+" atexit_sleep_ms=0"))
	}
	katatest.Main(m)
}

// serveLogged runs ServeWorker on this worker's stdin and stdout. When the
// test set logEnv, it first writes "start" to the log file <pid>.log in
// that folder, then "job <id> <unix ns>" as each job arrives on stdin and
// "result <id> <unix ns>" as each result leaves on stdout. One process
// writes each file, one line per write.
func serveLogged() int {
	dir := os.Getenv(logEnv)
	if dir == "" {
		return procpool.ServeWorker(os.Stdin, os.Stdout)
	}
	f, err := os.OpenFile(filepath.Join(dir, strconv.Itoa(os.Getpid())+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		fmt.Fprintf(os.Stderr, "procpool worker %d: cannot write the tests' log: %v\n", os.Getpid(), err)
		return procpool.ServeWorker(os.Stdin, os.Stdout)
	}
	defer f.Close()
	fmt.Fprintf(f, "start %d\n", time.Now().UnixNano())
	in := &lineTap{r: os.Stdin, log: f, event: "job"}
	out := &lineTap{w: os.Stdout, log: f, event: "result"}
	return procpool.ServeWorker(in, out)
}

// lineTap passes a JSON-lines stream through (from r, or to w) and logs
// the ID of each complete line as it goes by.
type lineTap struct {
	r       io.Reader
	w       io.Writer
	log     io.Writer
	event   string
	pending []byte // the start of a line not complete yet
}

func (l *lineTap) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.saw(p[:n])
	return n, err
}

func (l *lineTap) Write(p []byte) (int, error) {
	l.saw(p) // before the write: once the pool has read a result, its log line is there
	return l.w.Write(p)
}

// saw logs every line that b completes.
func (l *lineTap) saw(b []byte) {
	l.pending = append(l.pending, b...)
	for {
		line, rest, ok := strings.Cut(string(l.pending), "\n")
		if !ok {
			return
		}
		l.pending = []byte(rest)
		var v struct {
			ID int `json:"id"`
		}
		if json.Unmarshal([]byte(line), &v) == nil {
			fmt.Fprintf(l.log, "%s %d %d\n", l.event, v.ID, time.Now().UnixNano())
		}
	}
}

// workerEvent is one line of a worker's log.
type workerEvent struct {
	pid   int
	event string // "start", "job" or "result"
	id    int    // the job's ID ("job" and "result")
	at    int64  // unix ns
}

// readWorkerLogs returns the events of every worker process that logged
// into dir, each process's in the order it wrote them.
func readWorkerLogs(dir string) (map[int][]workerEvent, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.log"))
	if err != nil {
		return nil, err
	}
	out := map[int][]workerEvent{}
	for _, name := range files {
		pid, err := strconv.Atoi(strings.TrimSuffix(filepath.Base(name), ".log"))
		if err != nil {
			continue
		}
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		out[pid] = []workerEvent{}
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			e := workerEvent{pid: pid}
			switch {
			case len(fields) == 2 && fields[0] == "start":
				e.event = "start"
				e.at, _ = strconv.ParseInt(fields[1], 10, 64)
			case len(fields) == 3:
				e.event = fields[0]
				e.id, _ = strconv.Atoi(fields[1])
				e.at, _ = strconv.ParseInt(fields[2], 10, 64)
			default:
				continue
			}
			out[pid] = append(out[pid], e)
		}
		f.Close()
	}
	return out, nil
}
