package runner

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"slices"
	"strings"
)

// Warm compiles into Go's build cache what gradings of pkgs need besides
// the kata's own packages: every package they import from the standard
// library and from other modules, with the race detector and without,
// built as the test binaries are (the same GOEXPERIMENT). It compiles
// none of the kata's packages, so no learner code, and runs nothing but
// the go command: a classroom workflow saves the cache right after it,
// before grading runs learner code. Learner files are only parsed, for
// their imports.
func (r *Runner) Warm(ctx context.Context, pkgs ...string) error {
	list, err := r.goIn(ctx, append([]string{"list", "-e", "-mod=readonly", "-deps", "-test", "-f", warmFormat}, pkgs...))
	if err != nil {
		return fmt.Errorf("list what the exercises import: %w", err)
	}
	deps := warmList(list)
	if len(deps) == 0 {
		return errors.New("the exercises import nothing to compile: is this the kata's root?")
	}
	// The go command's work folders go where the watchdog can find them.
	work, err := TempDir("kata-warm-")
	if err != nil {
		return err
	}
	defer RemoveTemp(work)
	for _, race := range []bool{true, false} {
		args := []string{"build", "-mod=readonly"}
		if race {
			// -race links runtime/race into every binary: no import names it.
			args = append(append(args, "-race"), append(deps, "runtime/race")...)
		} else {
			args = append(args, deps...)
		}
		if _, err := r.goIn(ctx, args, "GOTMPDIR="+work); err != nil {
			return fmt.Errorf("compile the exercises' imports (race %v): %w", race, err)
		}
	}
	return nil
}

// warmFormat has go list print, per package, whether it can be built
// (no error), whether it is the kata's own (the main module's) and its
// import path.
const warmFormat = `{{if .Error}}error{{else if and .Module .Module.Main}}own{{else}}dep{{end}} {{.ImportPath}}`

// warmList picks from go list's lines the packages to warm: the
// dependencies that build, each once, without test variants
// ("fmt [x.test]", built for one test binary only).
func warmList(list string) []string {
	var deps []string
	seen := map[string]bool{}
	for _, line := range strings.Split(list, "\n") {
		kind, path, ok := strings.Cut(strings.TrimSpace(line), " ")
		if !ok || kind != "dep" || strings.Contains(path, " ") || seen[path] {
			continue
		}
		seen[path] = true
		deps = append(deps, path)
	}
	return deps
}

// goIn runs the go command with args in Root, with the build
// environment and extra variables, in a process group of its own, and
// returns its standard output.
func (r *Runner) goIn(ctx context.Context, args []string, extra ...string) (string, error) {
	env, err := r.BuildEnv()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(r.goBin, args...)
	cmd.Dir, cmd.Env = r.Root, append(slices.Clip(env), extra...)
	var stdout strings.Builder
	stderr := &capped{max: maxBuildOutput}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	if err := runGroup(ctx, cmd, nil, nil); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("go %s: %w: %s", args[0], err, strings.TrimSpace(stderr.String()))
	}
	return stdout.String(), nil
}
