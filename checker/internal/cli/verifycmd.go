package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/verify"
)

func verifyCmd(ctx context.Context, args []string, env Env) (int, error) {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	repeat := fs.Int("repeat", 1, "grade everything `N` times; fail if any grade changes")
	quick := fs.Bool("quick", false, "grade only the starters, the reference solutions and the cheats (make test's share; make verify grades the right and wrong solutions too)")
	jobs := jobsFlag(fs)
	names, err := parse(fs, args, env)
	if err != nil {
		return ExitUsage, err
	}
	if *repeat < 1 {
		return ExitUsage, usageErrorf("--repeat must be at least 1")
	}
	root, m, err := repo(env)
	if err != nil {
		return ExitUsage, err
	}
	if handout.IsStudentCopy(root) {
		fmt.Fprintln(env.Stdout, "verify: skipped: this student copy has no solutions/ to verify; verify runs in the kata's own repository")
		return ExitPass, nil
	}
	exs, err := selectExercises(m, names)
	if err != nil {
		return ExitUsage, err
	}
	g, err := newGrader(ctx, root, env, true, *jobs)
	if err != nil {
		return ExitUsage, err
	}
	prot := loadProtection(root, false, env)
	v := &verify.Verifier{
		Root: root, Manifest: m, Out: env.Stdout, Repeat: *repeat, Jobs: *jobs, Quick: *quick,
		Grade: func(ctx context.Context, ex manifest.Exercise, src grader.Source) (report.Exercise, error) {
			return gradeExercise(ctx, g, root, m, ex, src, prot)
		},
	}
	ok, err := v.Run(ctx, exs)
	if err != nil {
		return ExitUsage, err
	}
	if !ok {
		return ExitFail, nil
	}
	return ExitPass, nil
}
