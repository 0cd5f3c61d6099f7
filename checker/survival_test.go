package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// The survival fixtures (checker/testdata/fixtures, see its README) as
// the exercises of a kata of their own. Their misbehaviour is in the
// protected test files, so the screen lets them run.
var survivors = []struct {
	id, fixture string
	// sleeps are the command lines of the processes the fixture starts.
	sleeps []string
}{
	{"01", "killparent", []string{"sleep 351"}},
	{"02", "killgroup", []string{"sleep 352"}},
	{"03", "setsidkill", []string{"sleep 353"}},
	{"04", "interrupted", []string{"sleep 354", "sleep 355"}},
}

// survivalKata is a built checker and a kata to grade with it.
type survivalKata struct {
	kata, root string
}

func newSurvivalKata(t *testing.T) survivalKata {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the checker and grades real packages; skipped with -short")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the watchdog's sweep by run id and Pdeathsig need Linux")
	}
	repo, err := filepath.Abs("..")
	require.NoError(t, err)
	dir := t.TempDir()
	k := survivalKata{kata: filepath.Join(dir, "kata"), root: filepath.Join(dir, "root")}
	build := exec.Command("go", "build", "-o", k.kata, "./checker")
	build.Dir = repo
	out, err := build.CombinedOutput()
	require.NoError(t, err, "build the checker: %s", out)

	for _, name := range []string{"go.mod", "go.sum", "internal"} {
		copyTree(t, filepath.Join(repo, name), filepath.Join(k.root, name))
	}
	var toml strings.Builder
	toml.WriteString("module = \"github.com/asynckata/kata\"\n\n[[chapter]]\nnumber = 1\ntitle = \"Survival\"\n")
	for _, s := range survivors {
		fmt.Fprintf(&toml, "\n[[exercise]]\nid = %q\nslug = %q\nchapter = 1\ntitle = \"Survive %s\"\npoints = 10\n"+
			"checks = [\"build\", \"tests\", \"race\", \"leak\"]\nobjective = \"tests\"\nlimit = \"60s\"\nedit = [\"code.go\"]\n",
			s.id, s.fixture, s.fixture)
		copyTree(t, filepath.Join(repo, "checker", "testdata", "fixtures", s.fixture),
			filepath.Join(k.root, "exercises", s.id+"-"+s.fixture))
	}
	require.NoError(t, os.WriteFile(filepath.Join(k.root, manifest.FileName), []byte(toml.String()), 0o644))
	m, err := manifest.Load(filepath.Join(k.root, manifest.FileName))
	require.NoError(t, err)
	sum, err := tamper.Sum(k.root, m)
	require.NoError(t, err)
	p := filepath.Join(k.root, filepath.FromSlash(tamper.FileName))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, sum, 0o644))
	return k
}

// checking is one checker run in the classroom format, with a system
// temp folder and a results folder of its own.
type checking struct {
	cmd            *exec.Cmd
	stderr         bytes.Buffer
	systmp, output string
}

func (k survivalKata) start(t *testing.T, id string) *checking {
	t.Helper()
	dir := t.TempDir()
	c := &checking{systmp: filepath.Join(dir, "tmp"), output: filepath.Join(dir, "out")}
	require.NoError(t, os.Mkdir(c.systmp, 0o700))
	require.NoError(t, os.Mkdir(c.output, 0o700))
	c.cmd = exec.Command(k.kata, "check", "--format=classroom",
		"--output="+filepath.Join(c.output, "line"), "--save-json="+filepath.Join(c.output, "result.json"),
		"--summary="+filepath.Join(c.output, "summary.md"), id)
	c.cmd.Dir = k.root
	c.cmd.Env = append(slices.DeleteFunc(os.Environ(), func(kv string) bool {
		return strings.HasPrefix(kv, "TMPDIR=") || strings.HasPrefix(kv, "GITHUB_OUTPUT=")
	}), "TMPDIR="+c.systmp)
	// Its own process group, as a job of a shell would be: a fixture that
	// kills the checker's group kills nothing of this test.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	c.cmd.Stderr = &c.stderr
	// The watchdog shares the checker's stderr: Wait returns once it is
	// done too.
	c.cmd.WaitDelay = 30 * time.Second
	require.NoError(t, c.cmd.Start())
	t.Cleanup(func() { _ = c.cmd.Process.Kill() })
	return c
}

// nothingLeft checks, within a few seconds of the checker's end, that no
// process of its runs, no watchdog, no temporary folder and no result is
// left.
func (k survivalKata) nothingLeft(t *testing.T, c *checking, sleeps []string) {
	t.Helper()
	prefix := strconv.Itoa(c.cmd.Process.Pid) + "-"
	var left []string
	deadline := time.Now().Add(5 * time.Second)
	for {
		left = leftovers(prefix, k.kata, c.systmp, sleeps)
		if len(left) == 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	assert.Empty(t, left, "processes left behind")
	assert.Empty(t, entries(t, c.systmp), "temporary folders left behind")
	assert.Empty(t, entries(t, c.output), "a result was written")
}

// TestKilledCheckerLeavesNothing: a test binary that kills the checker,
// one that kills the checker's whole process group, and one that leaves
// a process in a session of its own before it kills the checker: each
// time the checker dies by SIGKILL, writes no result, and its watchdog
// kills what is left of the runs and removes the temporary folders.
func TestKilledCheckerLeavesNothing(t *testing.T) {
	k := newSurvivalKata(t)
	for _, s := range survivors[:3] {
		t.Run(s.fixture, func(t *testing.T) {
			c := k.start(t, s.id)
			err := c.cmd.Wait()
			var exitErr *exec.ExitError
			require.ErrorAs(t, err, &exitErr, "stderr: %s", c.stderr.String())
			ws, _ := exitErr.Sys().(syscall.WaitStatus)
			require.True(t, ws.Signaled() && ws.Signal() == syscall.SIGKILL, "the fixture killed the checker: %v\nstderr: %s", err, c.stderr.String())
			assert.Contains(t, c.stderr.String(), "its watchdog ended", "the watchdog cleaned up")
			k.nothingLeft(t, c, s.sleeps)
		})
	}
}

// TestInterruptedCheckerLeavesNothing: Ctrl-C (SIGINT to the checker's
// process group, as a terminal sends it) or SIGTERM while a test waits,
// with a child in its group and one in a session of its own: the checker
// ends both runs at once, removes its folders itself, says so, writes no
// result, and its watchdog finds nothing to do.
func TestInterruptedCheckerLeavesNothing(t *testing.T) {
	k := newSurvivalKata(t)
	s := survivors[3]
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			c := k.start(t, s.id)
			prefix := strconv.Itoa(c.cmd.Process.Pid) + "-"
			require.Eventually(t, func() bool {
				return !live(c.cmd.Process.Pid) || len(leftovers(prefix, "", "", nil)) >= 3 // the test binary and both sleeps
			}, 2*time.Minute, 20*time.Millisecond, "the fixture's processes started")
			require.True(t, live(c.cmd.Process.Pid), "the checker is still running: %s", c.stderr.String())
			sent := time.Now()
			require.NoError(t, syscall.Kill(-c.cmd.Process.Pid, sig))
			err := c.cmd.Wait()
			var exitErr *exec.ExitError
			require.ErrorAs(t, err, &exitErr, "stderr: %s", c.stderr.String())
			assert.Equal(t, 2, exitErr.ExitCode(), "stderr: %s", c.stderr.String())
			assert.Less(t, time.Since(sent), 5*time.Second, "the runs are ended at once, without a goroutine dump's grace")
			assert.Contains(t, c.stderr.String(), "kata: interrupted")
			assert.NotContains(t, c.stderr.String(), "watchdog", "the checker cleaned up by itself")
			k.nothingLeft(t, c, s.sleeps)
		})
	}
}

// leftovers lists the live processes of a checker's runs: those whose
// run id starts with prefix, and (when given) those whose command line
// is one of sleeps, whose program is kata (its watchdog) or lies under
// systmp (a test binary).
func leftovers(prefix, kata, systmp string, sleeps []string) []string {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() || !live(pid) {
			continue
		}
		b, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		argv := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
		cmdline := strings.Join(argv, " ")
		env, _ := os.ReadFile("/proc/" + e.Name() + "/environ")
		marked := false
		for _, kv := range bytes.Split(env, []byte{0}) {
			if v, ok := bytes.CutPrefix(kv, []byte(runner.RunEnv+"=")); ok && strings.HasPrefix(string(v), prefix) {
				marked = true
			}
		}
		switch {
		case marked,
			slices.Contains(sleeps, cmdline),
			kata != "" && argv[0] == kata,
			systmp != "" && strings.HasPrefix(argv[0], systmp+"/"):
			out = append(out, fmt.Sprintf("%d: %s", pid, cmdline))
		}
	}
	return out
}

// live reports whether a process exists and is not a zombie.
func live(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	i := bytes.LastIndexByte(b, ')')
	return i >= 0 && !bytes.HasPrefix(bytes.TrimSpace(b[i+1:]), []byte("Z"))
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	require.NoError(t, err)
}
