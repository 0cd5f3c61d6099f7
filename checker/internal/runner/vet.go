package runner

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
)

// Vet runs the full `go vet` on a package, with the build flags of spec
// (overlay, -race) so it shares the build's cached export data. `go test
// -c` runs only a reduced set of vet's analyzers; this one runs them all,
// copylocks included. A finding is a *BuildFailure with Vet set.
func (r *Runner) Vet(ctx context.Context, spec BuildSpec) error {
	out, err := r.goWithBuildFlags(ctx, spec, "vet")
	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return nil
	case ctx.Err() != nil:
		return fmt.Errorf("vet %s: %w", spec.Package, ctx.Err())
	case errors.As(err, &exitErr):
		return &BuildFailure{Output: buildLines(out, r.Root), Vet: true}
	}
	return fmt.Errorf("run go vet: %w", err)
}
