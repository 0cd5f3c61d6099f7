package runner

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTestEnvKeepsOnlyWhatTestsNeed: a workflow's variables and tokens,
// the user's Go settings and HOME do not reach a test run; PATH, the
// locale, GORACE and the run's id do, and HOME, TMPDIR, GOCACHE and the
// XDG folders are fresh folders under the scratch folder.
func TestTestEnvKeepsOnlyWhatTestsNeed(t *testing.T) {
	scratch := filepath.Join(t.TempDir(), "run-1")
	base := []string{
		"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TZ=UTC",
		"HOME=/home/runner", "TMPDIR=/tmp", "GOCACHE=/home/runner/.cache/go-build",
		"GITHUB_OUTPUT=/home/runner/work/_temp/_runner_file_commands/set_output_1",
		"GITHUB_STEP_SUMMARY=/x", "GITHUB_TOKEN=secret", "ACTIONS_RUNTIME_TOKEN=secret",
		"ACTIONS_CACHE_URL=https://x", "RUNNER_TEMP=/home/runner/work/_temp", "CI=true",
		"GOMAXPROCS=64", "GODEBUG=x=1", "GOFLAGS=-mod=mod", "GORACE=halt_on_error=1",
		"LD_PRELOAD=/tmp/evil.so", "KATA_RUN=someone-else", "SSH_AUTH_SOCK=/tmp/agent",
	}
	env, err := testEnv(base, scratch, "42-7")
	require.NoError(t, err)
	got := map[string]string{}
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		require.True(t, ok, kv)
		_, dup := got[k]
		require.False(t, dup, "%s set twice", k)
		got[k] = v
	}
	want := map[string]string{
		"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TZ": "UTC",
		"GORACE": "atexit_sleep_ms=0", RunEnv: "42-7",
	}
	for _, s := range scratchDirs {
		want[s.env] = filepath.Join(scratch, s.dir)
		fi, err := os.Stat(want[s.env])
		require.NoError(t, err, s.env)
		assert.True(t, fi.IsDir())
		assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm(), s.env)
	}
	assert.Equal(t, want, got)
}

// TestTestRunsInItsOwnEnvironment: a test binary (here a script that
// records what it was given) sees the run's environment, not the
// checker's, and its scratch folder is gone once Test returns.
func TestTestRunsInItsOwnEnvironment(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "env.txt")
	bin := filepath.Join(dir, "fake.test")
	require.NoError(t, os.WriteFile(bin, []byte("#!/bin/sh\nenv > "+dump+"\ntouch \"$TMPDIR/left\" \"$HOME/left\"\n"), 0o755))
	t.Setenv("GITHUB_OUTPUT", filepath.Join(dir, "output"))
	t.Setenv("ACTIONS_RUNTIME_TOKEN", "secret")
	t.Setenv("GOCACHE", filepath.Join(dir, "cache"))

	r := &Runner{Root: dir}
	exit, err := r.Test(context.Background(), TestSpec{Binary: bin, Dir: dir, ImportPath: "x", Timeout: time.Minute, Limit: time.Minute}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, 0, exit.Code)
	b, err := os.ReadFile(dump)
	require.NoError(t, err)
	env := string(b)
	assert.NotContains(t, env, "GITHUB_OUTPUT=")
	assert.NotContains(t, env, "ACTIONS_RUNTIME_TOKEN=")
	assert.Contains(t, env, "GOCACHE="+dir+"/run-")
	assert.Contains(t, env, "HOME="+dir+"/run-")
	assert.Contains(t, env, "\n"+RunEnv+"=")
	assert.Contains(t, env, "GORACE=atexit_sleep_ms=0")
	runs, err := filepath.Glob(filepath.Join(dir, "run-*"))
	require.NoError(t, err)
	assert.Empty(t, runs, "the run's scratch folder is removed")
}
