package cli

import (
	"context"
	"errors"
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// FirstCommit names the repository's first commit as a baseline: in a
// repository made from the template, the template itself.
const FirstCommit = "first-commit"

// baselineChanges compares the protected files with their versions in a
// baseline commit and returns, by exercise id, those that were changed or
// deleted since (files added since are the learner's own, screened
// elsewhere). A changed checker/protected.sum or shared helper counts
// against every exercise: rewriting the digests is how an edited test
// would hide from the ordinary check.
func baselineChanges(ctx context.Context, root string, m *manifest.Manifest, rev string) (map[string][]string, error) {
	if rev == FirstCommit {
		out, err := runner.Git(ctx, root, "rev-list", "--max-parents=0", "HEAD")
		if err != nil {
			return nil, baselineError(err)
		}
		roots := strings.Fields(string(out))
		if len(roots) == 0 {
			return nil, errors.New("the repository has no commit to compare with")
		}
		rev = roots[len(roots)-1] // the oldest, when histories were merged
	}
	dirs := []string{filepath.ToSlash(tamper.FileName), tamper.Shared}
	for _, ex := range m.Exercises {
		dirs = append(dirs, filepath.ToSlash(ex.Dir()))
	}
	args := append([]string{"diff", "--name-only", "--no-renames", "--diff-filter=MDT", rev, "--"}, dirs...)
	out, err := runner.Git(ctx, root, args...)
	if err != nil {
		return nil, baselineError(err)
	}
	changed := map[string][]string{}
	for _, p := range strings.Fields(string(out)) {
		for _, ex := range m.Exercises {
			prefix := filepath.ToSlash(ex.Dir()) + "/"
			rel, inside := strings.CutPrefix(p, prefix)
			switch {
			case inside && (rel == "README.md" || slices.Contains(ex.Edit, rel)):
			case inside, p == filepath.ToSlash(tamper.FileName), path.Dir(p) == tamper.Shared:
				changed[ex.ID] = append(changed[ex.ID], p)
			}
		}
	}
	return changed, nil
}

func baselineError(err error) error {
	if errors.Is(err, runner.ErrNoGit) {
		return fmt.Errorf("--baseline needs git: %w", err)
	}
	return fmt.Errorf("compare with the baseline commit (check out the whole history: fetch-depth 0): %w", err)
}
