package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/mutate"
	"github.com/asynckata/kata/checker/internal/score"
)

func mutateCmd(ctx context.Context, args []string, env Env) (int, error) {
	fs := flag.NewFlagSet("mutate", flag.ContinueOnError)
	repeat := fs.Int("repeat", 5, "a mutant that depends on scheduling counts as killed only when `N` gradings of N catch it")
	list := fs.Bool("list", false, "only list the mutants, with their ids and diffs; grade nothing")
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
		fmt.Fprintln(env.Stdout, "mutate: skipped: this student copy has no solutions/ to mutate; mutate runs in the kata's own repository")
		return ExitPass, nil
	}
	exs, err := selectExercises(m, names)
	if err != nil {
		return ExitUsage, err
	}
	mu := &mutate.Mutator{Root: root, Manifest: m, Out: env.Stdout, Progress: env.Stderr, Repeat: *repeat, Jobs: *jobs}
	if *list {
		if !mu.List(exs) {
			return ExitFail, nil
		}
		return ExitPass, nil
	}
	g, err := newGrader(ctx, root, env, true, *jobs)
	if err != nil {
		return ExitUsage, err
	}
	prot := loadProtection(root, false, env)
	mu.Grade = func(ctx context.Context, ex manifest.Exercise, src grader.Source, runs int, each func(mutate.Run) bool) error {
		return gradeRuns(ctx, g, root, m, ex, src, prot, runs, each)
	}
	ok, err := mu.Run(ctx, exs)
	if err != nil {
		return ExitUsage, err
	}
	if !ok {
		return ExitFail, nil
	}
	return ExitPass, nil
}

// gradeRuns grades one source up to runs times with one build, handing
// each grading to each as a mutate.Run. Only an interrupted run is an
// error; anything else wrong is the Run's Error.
func gradeRuns(ctx context.Context, g *grader.Grader, root string, m *manifest.Manifest, ex manifest.Exercise, src grader.Source, prot protection, runs int, each func(mutate.Run) bool) error {
	job, err := grader.JobFor(root, m, ex, src)
	if err == nil {
		job.Tampered, err = prot.changed(root, ex)
	}
	if err == nil {
		err = grader.Prepare(&job, root, ex, src, prot.sums, prot.starters)
	}
	if err == nil {
		err = g.GradeRuns(ctx, job, runs, func(rep grader.Report) bool {
			r := mutate.Run{Passed: rep.Grade.Passed, NotCompiled: rep.Grade.NotCompiled, FailedTests: rep.Grade.FailedTests, Summary: rep.Grade.Summary}
			for _, c := range rep.Grade.Checks {
				if c.Status == score.Fail {
					r.Failing = append(r.Failing, c.Name)
				}
			}
			if r.NotCompiled {
				for _, c := range rep.Grade.Checks {
					if c.Name == manifest.CheckBuild && len(c.Details) > 0 {
						r.Summary = c.Details[0]
					}
				}
			}
			return each(r)
		})
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	if err != nil {
		each(mutate.Run{Error: err.Error()})
	}
	return nil
}
