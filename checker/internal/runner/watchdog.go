package runner

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// A checker that is killed (by learner code, by a user, by a CI job's
// time limit) cannot clean up after itself, so before it starts its first
// process it starts a watchdog: its own binary again, in a process group
// of its own (so Ctrl-C and a kill of the checker's group miss it),
// reading a pipe whose only writer is the checker. The checker tells it
// each process group and temporary folder before they can hold anything,
// and when they are gone. When the pipe ends, the checker has exited or
// died: the watchdog kills the groups still listed, then every process
// still marked with one of the checker's run ids (RunEnv; those that left
// their group), removes the folders still listed, and exits. After a
// normal exit it finds nothing to do.
//
// The checker's direct children also die with it (Pdeathsig, on Linux).
// What no watchdog can stop: code that finds and kills the watchdog
// before it kills the checker, or a process that leaves its group and
// clears its environment too.

// WatchdogEnv, in a process's environment, makes the checker's binary
// serve as the watchdog of the checker whose pid it holds (see
// IsWatchdog). Test runs never inherit it.
const WatchdogEnv = "KATA_WATCHDOG"

var dog struct {
	enabled atomic.Bool
	once    sync.Once
	mu      sync.Mutex
	w       *os.File // the pipe's write end; nil without a watchdog
}

// UseWatchdog makes the runner start a watchdog before the first process
// or temporary folder it makes. The checker's main calls it; a program
// whose binary does not dispatch to WatchdogMain must not.
func UseWatchdog() { dog.enabled.Store(true) }

// IsWatchdog reports whether this process was started as a watchdog.
func IsWatchdog() bool {
	_, err := strconv.Atoi(os.Getenv(WatchdogEnv))
	return err == nil
}

// WatchdogMain serves as the watchdog of the checker that started this
// process, until the checker is gone, and returns the exit code.
func WatchdogMain() int {
	// The terminal's signals are for the checker; the watchdog ends when
	// the checker does.
	signal.Ignore(syscall.SIGINT, syscall.SIGQUIT, syscall.SIGHUP, syscall.SIGTERM, syscall.SIGPIPE)
	prefix := os.Getenv(WatchdogEnv) + "-"
	groups, procs, dirs := serveWatchdog(os.Stdin, prefix)
	if groups+procs > 0 || dirs > 0 {
		fmt.Fprintf(os.Stderr, "kata: the checker stopped before it finished: its watchdog ended %d leftover process groups and %d other processes, and removed %d temporary folders.\n", groups, procs, dirs)
	}
	return 0
}

// serveWatchdog reads the checker's messages until the pipe ends, then
// cleans up what is still listed and what carries a run id with prefix.
// It returns how many groups and other processes it killed and how many
// folders it removed.
func serveWatchdog(in io.Reader, prefix string) (groups, procs, dirs int) {
	live := map[int]bool{}
	temp := map[string]bool{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 4096), 1<<20)
	for sc.Scan() {
		op, arg, ok := strings.Cut(sc.Text(), " ")
		if !ok {
			continue
		}
		switch op {
		case "G", "g":
			pgid, err := strconv.Atoi(arg)
			if err != nil || pgid <= 1 {
				continue
			}
			if op == "G" {
				live[pgid] = true
			} else {
				delete(live, pgid)
			}
		case "D", "d":
			dir, err := strconv.Unquote(arg)
			if err != nil || !filepath.IsAbs(dir) {
				continue
			}
			if op == "D" {
				temp[dir] = true
			} else {
				delete(temp, dir)
			}
		}
	}
	for pgid := range live {
		if syscall.Kill(-pgid, syscall.SIGKILL) == nil {
			groups++
		}
	}
	procs = killMarked(prefix)
	for dir := range temp {
		if _, err := os.Lstat(dir); err != nil {
			continue
		}
		// A process just killed may still be writing for a moment.
		for try := 0; try < 20; try++ {
			if os.RemoveAll(dir) == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		dirs++
	}
	return groups, procs, dirs
}

// ensureWatchdog starts the watchdog once, if UseWatchdog was called. If
// it cannot start, the checker goes on without one.
func ensureWatchdog() {
	if !dog.enabled.Load() {
		return
	}
	dog.once.Do(func() {
		exe, err := os.Executable()
		if err != nil {
			return
		}
		r, w, err := os.Pipe() // close-on-exec: no other child holds w
		if err != nil {
			return
		}
		defer r.Close()
		cmd := exec.Command(exe)
		cmd.Env = append(withoutVars(os.Environ(), RunEnv, WatchdogEnv), WatchdogEnv+"="+strconv.Itoa(osPid))
		cmd.Stdin, cmd.Stderr = r, os.Stderr
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		ownMu.Lock()
		err = cmd.Start()
		if err == nil {
			own[cmd.Process.Pid] = true
		}
		ownMu.Unlock()
		if err != nil {
			w.Close()
			return
		}
		dog.w = w
		go func() {
			// It outlives a checker that exits normally; this returns only
			// if it dies first.
			_ = cmd.Wait()
			ownMu.Lock()
			delete(own, cmd.Process.Pid)
			ownMu.Unlock()
		}()
	})
}

// tell sends the watchdog one message, if there is a watchdog.
func tell(op, arg string) {
	ensureWatchdog()
	dog.mu.Lock()
	defer dog.mu.Unlock()
	if dog.w != nil {
		_, _ = dog.w.WriteString(op + " " + arg + "\n")
	}
}

func watchGroup(pgid int)   { tell("G", strconv.Itoa(pgid)) }
func unwatchGroup(pgid int) { tell("g", strconv.Itoa(pgid)) }

// TempDir makes a new temporary folder, as os.MkdirTemp("", pattern+"*")
// does, that the watchdog removes if the checker dies before RemoveTemp.
// The watchdog hears of it before it exists.
func TempDir(pattern string) (string, error) {
	base := os.TempDir()
	for try := 0; ; try++ {
		dir := filepath.Join(base, pattern+strconv.FormatUint(rand.Uint64()%1e12, 36))
		tell("D", strconv.Quote(dir))
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, nil
		}
		tell("d", strconv.Quote(dir))
		if !os.IsExist(err) || try == 100 {
			return "", fmt.Errorf("make a temporary folder in %s: %w", base, err)
		}
	}
}

// RemoveTemp removes a folder TempDir made.
func RemoveTemp(dir string) error {
	err := os.RemoveAll(dir)
	if err == nil {
		tell("d", strconv.Quote(dir))
	}
	return err
}

// withoutVars returns env without the variables called names.
func withoutVars(env []string, names ...string) []string {
	var out []string
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, n := range names {
			keep = keep && name != n
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}
