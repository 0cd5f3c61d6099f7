package runner

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWatchdogCleansUpAfterTheChecker: when the checker's pipe ends, the
// watchdog kills the process groups still listed and the processes that
// carry one of the checker's run ids, and removes the folders still
// listed; a group or folder the checker said was gone, and another
// checker's processes, are left alone.
func TestWatchdogCleansUpAfterTheChecker(t *testing.T) {
	prefix := "wdtest" + strconv.Itoa(os.Getpid()) + "-"
	startSleep := func(arg string, attr *syscall.SysProcAttr, env ...string) *exec.Cmd {
		cmd := exec.Command("sleep", arg)
		cmd.SysProcAttr = attr
		cmd.Env = append(os.Environ(), env...)
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = cmd.Process.Kill(); _, _ = cmd.Process.Wait() })
		return cmd
	}
	inGroup := startSleep("341", &syscall.SysProcAttr{Setpgid: true})
	gone := startSleep("342", &syscall.SysProcAttr{Setpgid: true})
	left := startSleep("343", &syscall.SysProcAttr{Setsid: true}, RunEnv+"="+prefix+"3")
	other := startSleep("344", &syscall.SysProcAttr{Setsid: true}, RunEnv+"=someone-else"+prefix+"3")

	tmp := t.TempDir()
	listed := filepath.Join(tmp, "kata-grade-1")
	require.NoError(t, os.MkdirAll(filepath.Join(listed, "run-1", "home"), 0o700))
	require.NoError(t, os.WriteFile(filepath.Join(listed, "race.test"), []byte("x"), 0o700))
	removed := filepath.Join(tmp, "kata-grade-2")
	require.NoError(t, os.Mkdir(removed, 0o700))

	msgs := strings.Join([]string{
		"G " + strconv.Itoa(inGroup.Process.Pid),
		"G " + strconv.Itoa(gone.Process.Pid),
		"g " + strconv.Itoa(gone.Process.Pid),
		"D " + strconv.Quote(listed),
		"D " + strconv.Quote(removed),
		"d " + strconv.Quote(removed),
		"D " + strconv.Quote(filepath.Join(tmp, "never-made")),
		"nonsense",
		"G 1",
		"D \"relative\"",
	}, "\n") + "\n"
	groups, procs, dirs := serveWatchdog(strings.NewReader(msgs), prefix)
	assert.Equal(t, 1, groups)
	assert.Equal(t, 1, procs)
	assert.Equal(t, 1, dirs)

	assert.True(t, killedBySignal(inGroup.Wait()), "a listed group is killed")
	assert.True(t, killedBySignal(left.Wait()), "a process that left its group is found by its run id")
	assert.True(t, alive(strconv.Itoa(gone.Process.Pid)), "a group the checker said was gone is left alone")
	assert.True(t, alive(strconv.Itoa(other.Process.Pid)), "another checker's run is left alone")
	_, err := os.Stat(listed)
	assert.True(t, os.IsNotExist(err), "a listed folder is removed")
	_, err = os.Stat(removed)
	assert.NoError(t, err, "a folder the checker removed itself is not looked at again")
}

// TestTempDirWithoutWatchdog: without a watchdog, TempDir and RemoveTemp
// are a plain temporary folder.
func TestTempDirWithoutWatchdog(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	dir, err := TempDir("kata-grade-")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(dir, filepath.Join(os.Getenv("TMPDIR"), "kata-grade-")), dir)
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	require.NoError(t, RemoveTemp(dir))
	_, err = os.Stat(dir)
	assert.True(t, os.IsNotExist(err))
}

func killedBySignal(err error) bool {
	var exitErr *exec.ExitError
	if !errors.As(err, &exitErr) {
		return false
	}
	ws, ok := exitErr.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
}
