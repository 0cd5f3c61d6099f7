package runner

import (
	"fmt"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
)

// The runner is a child subreaper (on Linux): a process the tests start
// that leaves its process group (Setsid, Setpgid) and outlives its parent
// becomes the runner's own child instead of init's, so it can still be
// found, reported and killed. To tell such orphans from the processes the
// runner started itself, every start goes through start and wait, which
// keep the set of the runner's own children; and every test run carries
// RunEnv=<id> in its environment, so an orphan found while several runs
// are live is put down to the run it came from.

// RunEnv is the environment variable that marks every process of one test
// run with the run's id.
const RunEnv = "KATA_RUN"

var (
	ownMu sync.Mutex
	own   = map[int]bool{} // the runner's own children, started and not yet waited for
	runs  = map[string]bool{}
	runN  atomic.Int64
)

// start starts cmd and records it as one of the runner's own children,
// under the lock the orphan scan takes, so a scan never mistakes a child
// being started for an orphan.
// On Linux the child is also killed when the checker dies (Pdeathsig),
// so a checker that is killed takes its children with it.
func start(cmd *exec.Cmd) error {
	enableSubreaper()
	ensureWatchdog()
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	dieWithChecker(cmd.SysProcAttr)
	ownMu.Lock()
	defer ownMu.Unlock()
	if err := cmd.Start(); err != nil {
		return err
	}
	own[cmd.Process.Pid] = true
	return nil
}

// wait waits for a command started by start.
func wait(cmd *exec.Cmd) error {
	err := cmd.Wait()
	ownMu.Lock()
	delete(own, cmd.Process.Pid)
	ownMu.Unlock()
	return err
}

// newRun returns a fresh run id and marks it live.
func newRun() string {
	id := strconv.Itoa(osPid) + "-" + strconv.FormatInt(runN.Add(1), 10)
	ownMu.Lock()
	runs[id] = true
	ownMu.Unlock()
	return id
}

// endRun marks a run id as finished: its orphans may be taken by any scan.
func endRun(id string) {
	ownMu.Lock()
	delete(runs, id)
	ownMu.Unlock()
}

// orphan is a process the runner adopted and killed.
type orphan struct {
	pid     int
	cmdline string
}

func (o orphan) String() string { return fmt.Sprintf("%d: %s", o.pid, o.cmdline) }
