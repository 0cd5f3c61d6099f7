package runner

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// groupProcs lists the live processes of process group pgid with their
// command lines (arguments joined by spaces).
func groupProcs(pgid int) map[int]string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	procs := map[int]string{}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if g, err := syscall.Getpgid(pid); err != nil || g != pgid {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil || zombie(string(stat)) {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		procs[pid] = strings.TrimSpace(strings.ReplaceAll(string(cmdline), "\x00", " "))
	}
	return procs
}

// zombie reads the state field of /proc/PID/stat, which follows the
// parenthesised command name.
func zombie(stat string) bool {
	i := strings.LastIndexByte(stat, ')')
	return i >= 0 && strings.HasPrefix(strings.TrimSpace(stat[i+1:]), "Z")
}

// quit sends SIGQUIT to the test binary in process group pgid, so the Go
// runtime prints every goroutine's stack before the group is killed. It
// finds the binary by its path among the group's processes.
func quit(pgid int, binary string) {
	for pid, cmdline := range groupProcs(pgid) {
		if argv0, _, _ := strings.Cut(cmdline, " "); argv0 == binary {
			_ = syscall.Kill(pid, syscall.SIGQUIT)
		}
	}
}

// dieWithChecker has the kernel kill the child with SIGKILL when the
// checker dies. (Strictly, when the thread that started it ends: Go ends
// a thread only when a goroutine locked to it returns, which the checker
// never does.)
func dieWithChecker(a *syscall.SysProcAttr) { a.Pdeathsig = syscall.SIGKILL }
