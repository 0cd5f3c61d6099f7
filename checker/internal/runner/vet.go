package runner

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
)

// Vet runs the full `go vet` on a package, with the build flags of spec
// (overlay, -race) so it shares the build's cached export data. `go test
// -c` runs only a reduced set of vet's analyzers; this one runs them all,
// copylocks included. A finding is a *BuildFailure with Vet set.
func (r *Runner) Vet(ctx context.Context, spec BuildSpec) error {
	args := []string{"vet"}
	if spec.Race {
		args = append(args, "-race")
	}
	if spec.Overlay != "" {
		args = append(args, "-overlay", spec.Overlay)
	}
	args = append(args, spec.Package)
	env, err := r.BuildEnv()
	if err != nil {
		return err
	}
	cmd := exec.Command(r.goBin, args...)
	cmd.Dir, cmd.Env = r.Root, env
	out := &capped{max: maxBuildOutput}
	cmd.Stdout, cmd.Stderr = out, out
	err = runGroup(ctx, cmd, nil, nil)
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return fmt.Errorf("vet %s: %w", spec.Package, ctx.Err())
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		return &BuildFailure{Output: buildLines(out.String(), r.Root), Vet: true}
	}
	return fmt.Errorf("run go vet: %w", err)
}

// vetHeader reports whether go test -c's output holds a vet finding: the
// go command heads vet's output "# [import/path]".
func vetHeader(s string) bool {
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "# [") && strings.HasSuffix(strings.TrimSpace(l), "]") {
			return true
		}
	}
	return false
}
