package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/asynckata/kata/checker/internal/runner"
)

// warmCmd compiles what grading needs, and nothing of the learner's, into
// Go's build cache: the classroom workflow runs it, then saves the cache,
// before any learner code runs.
func warmCmd(ctx context.Context, args []string, env Env) error {
	fs := flag.NewFlagSet("warm", flag.ContinueOnError)
	names, err := parse(fs, args, env)
	if err != nil {
		return err
	}
	if len(names) > 0 {
		return usageErrorf("kata warm takes no exercise: it compiles what every exercise imports")
	}
	root, _, err := repo(env)
	if err != nil {
		return err
	}
	r, err := runner.New(ctx, root)
	if err != nil {
		return usageErrorf("%v", err)
	}
	start := time.Now()
	if err := r.Warm(ctx, "./exercises/..."); err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "kata: compiled what the exercises import (%s, %s), in %s\n", r.GoVersion(), "with and without -race", time.Since(start).Round(time.Second))
	return nil
}
