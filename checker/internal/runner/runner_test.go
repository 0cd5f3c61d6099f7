package runner

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRunGroupKillsWhatTheCommandLeft: a command that leaves a child
// behind returns, and the child is gone too.
func TestRunGroupKillsWhatTheCommandLeft(t *testing.T) {
	pidFile := filepath.Join(t.TempDir(), "pid")
	// sh waits until its child has exec'd sleep before it exits, so the
	// child's command line is sleep's however loaded the machine is.
	cmd := exec.Command("sh", "-c", "sleep 300 & echo $! > "+pidFile+
		`; while [ "$(cat /proc/$!/comm 2>/dev/null)" != sleep ]; do sleep 0.01; done`)
	var seen map[int]string
	require.NoError(t, runGroup(context.Background(), cmd, nil, func(pgid int) { seen = groupProcs(pgid) }))
	b, err := os.ReadFile(pidFile)
	require.NoError(t, err)
	pid := strings.TrimSpace(string(b))
	require.Eventually(t, func() bool { return !alive(pid) }, 2*time.Second, 20*time.Millisecond,
		"the child %s outlived its group", pid)
	assert.Contains(t, seen, mustAtoi(t, pid), "the leftover child was seen before the kill")
	assert.Equal(t, "sleep 300", seen[mustAtoi(t, pid)])
}

// TestRunGroupLimit: at the limit, onLimit runs, then after the grace
// period the whole group is killed, so a command that ignores SIGQUIT
// still ends.
func TestRunGroupLimit(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	cmd := exec.Command("sh", "-c", "trap '' QUIT; sleep 300")
	called := false
	start := time.Now()
	err := runGroup(ctx, cmd, func(pgid int) bool {
		called = true
		_ = syscall.Kill(-pgid, syscall.SIGQUIT)
		return true
	}, nil)
	require.Error(t, err)
	assert.True(t, called)
	assert.Less(t, time.Since(start), QuitGrace+3*time.Second)
}

func TestCapped(t *testing.T) {
	c := &capped{max: 10}
	n, err := c.Write(bytes.Repeat([]byte("x"), 25))
	require.NoError(t, err)
	assert.Equal(t, 25, n, "a capped writer never makes its writer fail")
	assert.Equal(t, "xxxxxxxxxx", c.String())
}

func TestBuildLines(t *testing.T) {
	out := "# example.com/kata/exercises/03-crawler\n# [example.com/kata/exercises/03-crawler]\n/repo/exercises/03-crawler/crawler.go:12:2: undefined: x\n\n"
	assert.Equal(t, []string{"exercises/03-crawler/crawler.go:12:2: undefined: x"}, buildLines(out, "/repo"))
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}

func alive(pid string) bool {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return false
	}
	// A zombie (state Z) is dead, just not yet reaped by init.
	fields := strings.Fields(string(b))
	return len(fields) > 2 && fields[2] != "Z"
}
