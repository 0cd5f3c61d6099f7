package runner

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSweepFindsWhatLeftTheGroup: a process started with setsid leaves
// the command's process group, so killing the group misses it; the
// subreaper adopts it, and the sweep of its run reports and kills it. An
// orphan of another live run is left to that run.
func TestSweepFindsWhatLeftTheGroup(t *testing.T) {
	if _, err := exec.LookPath("setsid"); err != nil {
		t.Skip("setsid is not installed")
	}
	dir := t.TempDir()
	leave := func(run, arg string) string {
		pidFile := filepath.Join(dir, arg)
		cmd := exec.Command("sh", "-c", "setsid sleep "+arg+" & echo $! > "+pidFile+"; sleep 0.3")
		cmd.Env = append(os.Environ(), RunEnv+"="+run)
		require.NoError(t, runGroup(context.Background(), cmd, nil, nil))
		groupGone(cmd.Process.Pid)
		b, err := os.ReadFile(pidFile)
		require.NoError(t, err)
		return strings.TrimSpace(string(b))
	}
	mine, other := newRun(), newRun()
	defer endRun(mine)
	pidMine := leave(mine, "319")
	pidOther := leave(other, "320")
	require.True(t, alive(pidMine), "setsid's child outlived its group, as it should for this test")

	got := sweep(mine)
	var cmds []string
	for _, o := range got {
		cmds = append(cmds, o.cmdline)
	}
	assert.Equal(t, []string{"sleep 319"}, cmds)
	assert.False(t, alive(pidMine), "killed and reaped")
	assert.True(t, alive(pidOther), "another live run's orphan is left to it")

	endRun(other)
	got = sweep(mine)
	require.Len(t, got, 1, "a finished run's orphan is anyone's")
	assert.Equal(t, "sleep 320", got[0].cmdline)
	assert.Eventually(t, func() bool { return !alive(pidOther) }, 2*time.Second, 10*time.Millisecond)
}
