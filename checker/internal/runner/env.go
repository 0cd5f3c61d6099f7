package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A test binary runs learner code, so it gets an environment the runner
// builds rather than the checker's own: nothing of a CI workflow
// (GITHUB_*, ACTIONS_*, RUNNER_* and their tokens and file paths), of the
// user's shell or of the go command's settings, and a HOME, TMPDIR,
// GOCACHE and XDG folders of its own in a scratch folder that is removed
// after the run. What the tests need is kept: PATH (to start the programs
// 09 and 10 start), the locale, the time zone, GORACE=atexit_sleep_ms=0
// and the run's id (RunEnv), which the reaper finds its processes by.

// keptVars are the variables a test run inherits from the checker.
var keptVars = []string{"PATH", "LANG", "LANGUAGE", "TZ", "LD_LIBRARY_PATH"}

// kept reports whether a test run inherits the variable called name.
func kept(name string) bool {
	return slices.Contains(keptVars, name) || strings.HasPrefix(name, "LC_")
}

// scratchDirs are the folders a test run gets under its scratch folder,
// and the variables that name them.
var scratchDirs = []struct{ env, dir string }{
	{"HOME", "home"},
	{"TMPDIR", "tmp"},
	{"GOCACHE", "gocache"},
	{"GOPATH", "gopath"},
	{"XDG_CACHE_HOME", "cache"},
	{"XDG_CONFIG_HOME", "config"},
	{"XDG_DATA_HOME", "data"},
	{"XDG_STATE_HOME", "state"},
	{"XDG_RUNTIME_DIR", "run"},
}

// testEnv returns the environment of test run id: from base (the
// checker's own environment) only the kept variables, then
// GORACE=atexit_sleep_ms=0, RunEnv=id, and the scratch folders under
// scratch, which it creates.
func testEnv(base []string, scratch, id string) ([]string, error) {
	var env []string
	for _, kv := range base {
		name, _, ok := strings.Cut(kv, "=")
		if ok && kept(name) {
			env = append(env, kv)
		}
	}
	env = append(env, "GORACE=atexit_sleep_ms=0", RunEnv+"="+id)
	for _, s := range scratchDirs {
		dir := filepath.Join(scratch, s.dir)
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("make the test run's %s folder: %w", s.env, err)
		}
		env = append(env, s.env+"="+dir)
	}
	return env, nil
}
