package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/handout"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/pool"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/score"
	"github.com/asynckata/kata/checker/internal/state"
	"github.com/asynckata/kata/checker/internal/tamper"
)

func check(ctx context.Context, args []string, env Env) (int, error) {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	solution := fs.Bool("solution", false, "grade the reference solutions instead of your files")
	wrong := fs.String("wrong", "", "grade the wrong solution `NAME` (for authors)")
	right := fs.String("right", "", "grade the other right solution `NAME` (for authors: it must score full marks)")
	cheat := fs.String("cheat", "", "grade the cheat case `NAME` (for authors: it must score 0)")
	format := fs.String("format", "text", "output format: "+fmt.Sprint(report.Names()))
	output := fs.String("output", "", "write the report to `FILE` (classroom50: result.json; classroom: $GITHUB_OUTPUT, else stdout)")
	strict := fs.Bool("strict", false, "a changed protected file scores 0, as in the classroom formats")
	traceIt := fs.Bool("trace", false, "also record an execution trace of one exercise and draw its goroutines (under .kata/trace)")
	baseline := fs.String("baseline", "", "also compare the protected files with commit `REV` (first-commit: the template a student repository was made from)")
	summary := fs.String("summary", "", "append a Markdown table of the points to `FILE` (the workflow's $GITHUB_STEP_SUMMARY)")
	saveJSON := fs.String("save-json", "", "also write the JSON report to `FILE` (the workflow's result.json artifact)")
	jobs := jobsFlag(fs)
	names, err := parse(fs, args, env)
	if err != nil {
		return ExitUsage, err
	}
	classroom := report.ForClassroom(*format)
	opts := report.Options{Color: color(env), Log: env.Stderr, Annotate: env.Getenv("GITHUB_ACTIONS") == "true"}
	if *format == "classroom50" {
		// Before grading anything: a result without its identity is lost.
		if opts.Identity, err = report.IdentityFromEnv(env.Getenv); err != nil {
			return ExitUsage, usageErrorf("%v", err)
		}
	}
	out, err := report.ByName(*format, opts)
	if err != nil {
		return ExitUsage, usageErrorf("%v", err)
	}
	dest, err := destinationFor(*format, *output, env)
	if err != nil {
		return ExitUsage, err
	}
	if n := btoi(*solution) + btoi(*wrong != "") + btoi(*right != ""); n > 1 {
		return ExitUsage, usageErrorf("use one of --solution, --wrong and --right, not more")
	}
	root, m, err := repo(env)
	if err != nil {
		return ExitUsage, err
	}
	exs, err := selectExercises(m, names)
	if err != nil {
		return ExitUsage, err
	}
	src := grader.Source{Solution: *solution, Wrong: *wrong, Right: *right, Cheat: *cheat}
	if src.Cheat != "" && (src.Solution || src.Wrong != "" || src.Right != "") {
		return ExitUsage, usageErrorf("use --cheat alone, without --solution, --wrong or --right")
	}
	if (src.Solution || src.Wrong != "" || src.Right != "" || src.Cheat != "") && handout.IsStudentCopy(root) {
		return ExitUsage, usageErrorf("this student copy has no solutions/: grade your own code with make check EX=%s", exs[0].ID)
	}
	for _, c := range []struct {
		flag, name string
		kind       manifest.Case
	}{{"cheat", src.Cheat, manifest.CheatCase}, {"wrong", src.Wrong, manifest.WrongCase}, {"right", src.Right, manifest.RightCase}} {
		if c.name == "" {
			continue
		}
		if len(names) != 1 {
			return ExitUsage, usageErrorf("--%s grades one exercise: name it, e.g. kata check --%s=%s 03", c.flag, c.flag, c.name)
		}
		if _, err := exs[0].CaseDir(c.kind, c.name); err != nil {
			return ExitUsage, usageErrorf("%v", err)
		}
	}
	if *traceIt && len(exs) != 1 {
		return ExitUsage, usageErrorf("--trace records one exercise: name it, e.g. kata check --trace 03")
	}
	// In a workflow, learner code that reaches the step's output (through
	// /proc, from a test process) must not issue workflow commands while
	// it runs: the classroom formats fence the whole grading, as the
	// report fences what it quotes. The fence ends before the report.
	endFence := func() {}
	if classroom {
		token := rand.Text()
		fmt.Fprintf(env.Stderr, "::stop-commands::%s\n", token)
		endFence = sync.OnceFunc(func() { fmt.Fprintf(env.Stderr, "::%s::\n", token) })
		defer endFence()
	}
	g, err := newGrader(ctx, root, env, *format != "json", *jobs)
	if err != nil {
		return ExitUsage, err
	}
	prot := loadProtection(root, *strict || classroom, env)
	if *baseline != "" {
		if prot.baseline, err = baselineChanges(ctx, root, m, *baseline); err != nil {
			return ExitUsage, usageErrorf("%v", err)
		}
	}
	var res report.Result
	res.Version = report.Version
	var tracePath string
	if *traceIt {
		if tracePath, err = traceFile(root, exs[0]); err != nil {
			return ExitUsage, err
		}
	}
	err = pool.Ordered(ctx, *jobs, len(exs), func(ctx context.Context, i int) (report.Exercise, error) {
		return gradeExerciseTraced(ctx, g, root, m, exs[i], src, prot, tracePath)
	}, func(_ int, r report.Exercise) { res.Add(r) })
	if err != nil {
		return ExitUsage, err
	}
	if tracePath != "" {
		drawTrace(root, m, exs[0], tracePath, env)
	}
	// Every result is rendered first and written last, each file whole
	// (written beside and renamed over): a checker stopped before this
	// point leaves no result at all, and never half of one.
	endFence()
	var b bytes.Buffer
	if err := out.Write(&b, &res); err != nil {
		return ExitUsage, fmt.Errorf("write the report: %w", err)
	}
	summaryText, jsonText, err := renderExtras(&res, *summary, *saveJSON)
	if err != nil {
		return ExitUsage, err
	}
	if *saveJSON != "" {
		if err := writeAtomic(*saveJSON, jsonText); err != nil {
			return ExitUsage, usageErrorf("%v", err)
		}
	}
	if err := dest.write(env.Stdout, b.Bytes()); err != nil {
		return ExitUsage, fmt.Errorf("%w: check that the folder is writable, or choose another --output", err)
	}
	if dest.path != "" {
		fmt.Fprintf(env.Stderr, "kata: %d/%d points, written to %s\n", res.Score, res.MaxScore, dest.path)
	}
	if *summary != "" {
		if err := appendTo(*summary, summaryText); err != nil {
			return ExitUsage, usageErrorf("write the summary to %s: %v", *summary, err)
		}
	}
	if src == (grader.Source{}) {
		remember(root, res, env)
	}
	if classroom {
		// The grade is in the result; the exit code says grading ran.
		return ExitPass, nil
	}
	if res.Passed() {
		return ExitPass, nil
	}
	return ExitFail, nil
}

// newGrader finds the toolchain and checks that cgo works, so a missing C
// compiler is one clear message rather than a build failure per exercise.
func newGrader(ctx context.Context, root string, env Env, progress bool, jobs int) (*grader.Grader, error) {
	r, err := runner.New(ctx, root)
	if err != nil {
		return nil, usageErrorf("%v", err)
	}
	if err := r.CheckCgo(ctx); err != nil {
		var ce *runner.CgoError
		if errors.As(err, &ce) {
			return nil, usageErrorf("%v", err)
		}
		return nil, err
	}
	g := &grader.Grader{Runner: r, Jobs: jobs}
	if progress {
		g.Progress, g.SlowBuild = env.Stderr, 15*time.Second
	}
	return g, nil
}

// protection is what grading knows of the protected files' digests.
type protection struct {
	sums tamper.Sums // nil when the list could not be read
	// strict makes a changed protected file cost the exercise its points.
	strict bool
	// starters are the recorded starters' git blobs (verify).
	starters map[string]string
	// baseline lists, by exercise id, protected files that differ from a
	// baseline commit (check --baseline).
	baseline map[string][]string
}

// loadProtection reads the digests. Without them nothing can be proved:
// in strict mode every exercise then counts as tampered (deleting the
// list must not dodge the check); otherwise it is a warning.
func loadProtection(root string, strict bool, env Env) protection {
	sums, err := tamper.Load(root)
	if err != nil && !strict {
		fmt.Fprintf(env.Stderr, "kata: warning: protected files not checked: %v\n", err)
	}
	// Without the record, verify grades the starters on disk.
	starters, _ := tamper.LoadStarters(root)
	return protection{sums: sums, strict: strict, starters: starters}
}

// changed lists the exercise's protected files that differ from their
// digests.
func (p protection) changed(root string, ex manifest.Exercise) ([]string, error) {
	var changed []string
	switch {
	case p.sums != nil:
		var err error
		if changed, err = p.sums.Changed(root, ex); err != nil {
			return nil, err
		}
	case p.strict:
		changed = []string{tamper.FileName}
	}
	for _, f := range p.baseline[ex.ID] {
		if !slices.Contains(changed, f) {
			changed = append(changed, f)
		}
	}
	slices.Sort(changed)
	return changed, nil
}

// renderExtras renders the summary and the JSON copy that check was
// asked for besides its main output.
func renderExtras(res *report.Result, summary, saveJSON string) (summaryText, jsonText []byte, err error) {
	if summary != "" {
		var b bytes.Buffer
		if err := (report.Summary{}).Write(&b, res); err != nil {
			return nil, nil, fmt.Errorf("write the summary: %w", err)
		}
		summaryText = b.Bytes()
	}
	if saveJSON != "" {
		var b bytes.Buffer
		if err := (report.JSON{}).Write(&b, res); err != nil {
			return nil, nil, fmt.Errorf("write the JSON report: %w", err)
		}
		jsonText = b.Bytes()
	}
	return summaryText, jsonText, nil
}

// gradeExercise grades one exercise into its report entry. Only an
// interrupted run is an error; anything else wrong becomes status error.
func gradeExercise(ctx context.Context, g *grader.Grader, root string, m *manifest.Manifest, ex manifest.Exercise, src grader.Source, prot protection) (report.Exercise, error) {
	return gradeExerciseTraced(ctx, g, root, m, ex, src, prot, "")
}

// gradeExerciseTraced is gradeExercise that also records an execution
// trace to tracePath, unless it is "".
func gradeExerciseTraced(ctx context.Context, g *grader.Grader, root string, m *manifest.Manifest, ex manifest.Exercise, src grader.Source, prot protection, tracePath string) (report.Exercise, error) {
	e := report.Exercise{
		ID: ex.ID, Slug: ex.Slug, Chapter: ex.Chapter, Title: ex.Title,
		Points: ex.Points, Source: src.String(), Dir: ex.Dir(),
		Status: report.StatusError, Failure: "none", Checks: []score.Check{},
	}
	if src.Strict {
		prot.strict = true
	}
	job, err := grader.JobFor(root, m, ex, src)
	if err == nil {
		job.Tampered, err = prot.changed(root, ex)
		job.StrictTamper = prot.strict
		job.Trace = tracePath
	}
	if err == nil {
		err = grader.Prepare(&job, root, ex, src, prot.sums, prot.starters)
	}
	if err == nil {
		var rep grader.Report
		rep, err = g.Grade(ctx, job)
		if err == nil {
			e.Checks = rep.Grade.Checks
			e.Score = rep.Grade.Score
			e.Failure = string(rep.Grade.Failure)
			e.Summary = rep.Grade.Summary
			e.FailedTests = rep.Grade.FailedTests
			e.DurationMS = rep.Duration.Milliseconds()
			e.Status = report.StatusFail
			if rep.Grade.Passed {
				e.Status = report.StatusPass
			}
			return e, nil
		}
	}
	if ctx.Err() != nil {
		return e, ctx.Err()
	}
	e.Summary = err.Error()
	return e, nil
}

// remember stores the learner's results for `kata list`. Failing to save
// only loses that memory, so it is a warning.
func remember(root string, res report.Result, env Env) {
	st, err := state.Load(root)
	if err == nil {
		for _, e := range res.Exercises {
			st.Last[e.ID] = state.Last{Status: e.Status, Score: e.Score, Points: e.Points, Failure: e.Failure, Check: firstFailing(e), At: time.Now().UTC()}
		}
		err = st.Save()
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "kata: warning: could not remember this result: %v\n", err)
	}
}

// firstFailing names the first check that failed, "" when none did.
func firstFailing(e report.Exercise) string {
	for _, c := range e.Checks {
		if c.Status == score.Fail {
			return c.Name
		}
	}
	return ""
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
