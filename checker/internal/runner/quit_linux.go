package runner

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// quit sends SIGQUIT to the test binary in process group pgid, so the Go
// runtime prints every goroutine's stack before the group is killed. It
// finds the binary by its path among the group's processes.
func quit(pgid int, binary string) {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return
	}
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if g, err := syscall.Getpgid(pid); err != nil || g != pgid {
			continue
		}
		cmdline, err := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
		if err != nil {
			continue
		}
		argv0, _, _ := strings.Cut(string(cmdline), "\x00")
		if argv0 == binary {
			_ = syscall.Kill(pid, syscall.SIGQUIT)
		}
	}
}
