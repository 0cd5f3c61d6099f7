package runner

import (
	"context"
	"fmt"
	"os/exec"
	"strings"
)

// findTest2json returns the path of the test2json binary.
//
// `go tool test2json` is not shipped prebuilt: `go tool -n` builds it (once
// per toolchain, kept in the build cache) and prints its path, so each run
// execs it directly. It is built with the builds' GOEXPERIMENT, so on a
// cold cache it shares the standard packages the timing (non -race) build
// compiles rather than compiling a third copy. It is not built with
// -race, which would share the -race build's packages but convert a
// flood of output six times slower.
func (r *Runner) findTest2json(ctx context.Context) (string, error) {
	env, err := r.BuildEnv()
	if err != nil {
		return "", err
	}
	cmd := exec.CommandContext(ctx, r.goBin, "tool", "-n", "test2json")
	cmd.Dir, cmd.Env = r.Root, env
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = strings.TrimSpace(string(ee.Stderr))
		}
		return "", fmt.Errorf("find go tool test2json: %w: %s", err, msg)
	}
	return strings.TrimSpace(string(out)), nil
}
