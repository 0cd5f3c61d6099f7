package grader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/runner"
	"github.com/asynckata/kata/checker/internal/score"
	"github.com/asynckata/kata/checker/internal/testrun"
)

// Job is one package to grade.
type Job struct {
	// Dir is the package folder, relative to the module root.
	Dir        string
	ImportPath string
	Applies    []string
	Points     int
	// Limit bounds the wall-clock time of all test runs together.
	Limit time.Duration
	// Replace maps files of Dir (absolute paths) to the files that stand
	// in for them; "" hides a file.
	Replace map[string]string
	// Tampered lists the protected files that differ from their digest.
	Tampered []string
	// StrictTamper makes a tampered job score 0 (classroom modes).
	StrictTamper bool
	// Honest is what the screen and the protected tests say (see
	// Prepare); its zero value expects nothing, as for the fixtures.
	Honest
	// Trace, if set, is the absolute path where the execution trace of
	// one run goes: the timing run when there is one, else the main run.
	Trace string
	// Enough names the check whose failure is all this grading must show
	// (verify's starter objective, or the check a wrong solution must
	// fail): once the functional run has failed it, the timing tests are
	// not run.
	Enough string
	// AnyFail is mutate's: once the functional run has failed any check
	// (the mutant is killed), the timing tests are not run.
	AnyFail bool
	// VirtualClock says the timing tests measure in a synctest bubble, so
	// they need not wait for a quiet machine (see machine.quiet).
	VirtualClock bool
}

// Grader grades jobs with one runner.
type Grader struct {
	Runner *runner.Runner
	// Progress, if set, gets notes for people waiting (a slow cold build).
	Progress io.Writer
	// SlowBuild is how long a build runs before Progress hears about it.
	SlowBuild time.Duration

	// Jobs is how many gradings the caller runs at once (see machine).
	Jobs int
	// mach shares the machine between the gradings, and holds it quiet
	// while a real-time timing run measures.
	mach        *machine
	machineOnce sync.Once
	// slowSaid makes the slow-build note appear once per run of the
	// checker, however many exercises it grades.
	slowSaid sync.Once
}

// Report is a graded job.
type Report struct {
	Grade    score.Grade
	Duration time.Duration
	// Ran is the part of Duration spent running the tests (after the
	// builds): how long the verdict took once the code was compiled.
	Ran time.Duration
}

// timeoutMargin is how much of the wall-clock limit is left to the test
// binary, after its own -test.timeout fires, to print its goroutine dump.
const timeoutMargin = 3 * time.Second

// Grade builds and tests one job. Errors are the checker's own trouble
// (no temp dir, go missing); everything the learner's code does is in the
// Report.
func (g *Grader) Grade(ctx context.Context, job Job) (Report, error) {
	var rep Report
	err := g.GradeRuns(ctx, job, 1, func(r Report) bool { rep = r; return false })
	return rep, err
}

// GradeRuns builds one job once and runs its tests up to runs times (at
// least once), handing each run's report to each; it stops early when
// each returns false. A build failure or refused code is one report.
// mutate grades a mutant that depends on scheduling this way.
func (g *Grader) GradeRuns(ctx context.Context, job Job, runs int, each func(Report) bool) error {
	start := time.Now()
	// The runner's watchdog removes it if the checker dies first.
	tmp, err := runner.TempDir("kata-grade-")
	if err != nil {
		return err
	}
	defer runner.RemoveTemp(tmp)

	if err := g.starters(ctx, tmp, &job); err != nil {
		return err
	}
	paths, err := screened(tmp, g.root(), &job)
	if err != nil {
		return err
	}
	overlay, err := writeOverlay(tmp, job.Replace)
	if err != nil {
		return err
	}
	ev := score.Evidence{Applies: job.Applies, Points: job.Points, Tampered: job.Tampered, StrictTamper: job.StrictTamper,
		Honesty: score.Honesty{Forbidden: job.Forbidden, Extra: job.Extra}}
	timing := slices.Contains(job.Applies, manifest.CheckTiming)
	if len(job.Unreadable) > 0 {
		// A file the screen could not read as the compiler would is not
		// built: the build check fails and says which.
		ev.BuildError = job.Unreadable
		ev.Forbidden = nil
		each(Report{Grade: score.Decide(ev), Duration: time.Since(start)})
		return nil
	}
	if len(job.Forbidden) > 0 {
		// Code the screen refused is not run: it could do anything the
		// screen exists to stop, on this machine too.
		each(Report{Grade: score.Decide(ev), Duration: time.Since(start)})
		return nil
	}

	m := g.machine()
	if err := m.enter(ctx); err != nil {
		return err
	}
	leave := sync.OnceFunc(m.leave)
	defer func() { leave() }()

	b := binaries{race: filepath.Join(tmp, "race.test"), plain: filepath.Join(tmp, "plain.test"), overlay: overlay, paths: paths}
	// verify's starters and wrong solutions that must fail another check
	// than timing seldom reach their timing run: their plain binary is
	// built only if they do.
	b.plainBuilt = timing && (job.Enough == "" || job.Enough == manifest.CheckTiming)
	// The same grades need no go vet, unless the build is their check.
	vet := job.Enough == "" || job.Enough == manifest.CheckBuild
	if !vet {
		ev.VetNote = "verify needs only the " + job.Enough + " check here"
	}
	buildErr, err := g.build(ctx, job, overlay, b.race, b.plain, b.plainBuilt, vet)
	if err != nil {
		return err
	}
	if buildErr != nil {
		each(Report{Grade: score.Decide(b.buildFailed(ev, buildErr)), Duration: time.Since(start)})
		return nil
	}
	for i := range max(runs, 1) {
		if i > 0 {
			if err := m.enter(ctx); err != nil {
				return err
			}
			leave = sync.OnceFunc(m.leave)
			start = time.Now()
		}
		rep, err := g.runTests(ctx, job, ev, &b, leave)
		leave()
		if err != nil {
			return err
		}
		rep.Duration = time.Since(start)
		if !each(rep) || rep.Grade.Failure == classify.Build {
			break
		}
	}
	return nil
}

// binaries are a job's test binaries, built once for all its runs.
type binaries struct {
	race, plain, overlay string
	// plainBuilt: the plain binary (for the timing tests) exists.
	plainBuilt bool
	// paths names the graded files in place of their screened copies.
	paths *strings.Replacer
}

// buildFailed adds a failed build to the evidence, naming each file by
// its own path, not the screened copy's.
func (b *binaries) buildFailed(ev score.Evidence, bf *runner.BuildFailure) score.Evidence {
	ev.BuildError, ev.VetError = make([]string, len(bf.Output)), bf.Vet
	for i, l := range bf.Output {
		ev.BuildError[i] = b.paths.Replace(l)
	}
	return ev
}

// runTests runs the functional tests and then, when they apply and are
// needed, the timing tests, and grades what they showed. leave gives back
// the run's share of the machine (a real-time timing run holds the
// machine quiet instead).
func (g *Grader) runTests(ctx context.Context, job Job, ev score.Evidence, b *binaries, leave func()) (Report, error) {
	timing := slices.Contains(job.Applies, manifest.CheckTiming)
	ran := time.Now()
	deadline := ran.Add(job.Limit)
	dir := filepath.Join(g.Runner.Root, job.Dir)
	mainSpec := runner.TestSpec{Binary: b.race, Dir: dir, ImportPath: job.ImportPath, Skip: "^TestTiming"}
	if !timing {
		mainSpec.Trace = job.Trace
	}
	main, mainRun, err := g.run(ctx, job, mainSpec, deadline)
	if err != nil {
		return Report{}, err
	}
	ev.Main = &main
	ev.MainFailed = failedTop(mainRun)
	ev.MainAudit = job.audit(mainRun, false)
	if timing {
		switch {
		case main.Class == classify.Timeout || main.Class == classify.Deadlock:
			ev.TimingNote = "the functional tests did not finish, so the timing tests were not run"
		case job.Enough != "" && failed(ev, job.Enough):
			ev.TimingNote = "verify needs only the " + job.Enough + " check here, and the functional tests already failed it"
		case job.AnyFail && anyFailed(ev):
			ev.TimingNote = "the functional tests already failed a check, which is all this grading must show"
		case time.Until(deadline) < 2*time.Second:
			ev.TimingNote = "no time was left within the exercise's limit"
		default:
			if !b.plainBuilt {
				buildErr, err := g.build(ctx, job, b.overlay, "", b.plain, true, false)
				if err != nil {
					return Report{}, err
				}
				if buildErr != nil {
					return Report{Grade: score.Decide(b.buildFailed(ev, buildErr))}, nil
				}
				b.plainBuilt = true
			}
			if !job.VirtualClock {
				leave() // a real-time run holds the machine quiet instead
			}
			t, timingRun, err := g.timingRun(ctx, job, runner.TestSpec{
				Binary: b.plain, Dir: dir, ImportPath: job.ImportPath, Run: "^TestTiming", Trace: job.Trace,
			}, deadline)
			if err != nil {
				return Report{}, err
			}
			ev.TimingAudit = job.audit(timingRun, true)
			ev.TimingFailed = failedTop(timingRun)
			t.Measures = job.measures(timingRun, t.Measures)
			ev.Timing = &t
		}
	}
	return Report{Grade: score.Decide(ev), Ran: time.Since(ran)}, nil
}

// anyFailed reports whether the evidence so far fails any check.
func anyFailed(ev score.Evidence) bool {
	for _, c := range score.Decide(ev).Checks {
		if c.Status == score.Fail {
			return true
		}
	}
	return false
}

// failedTop lists the top-level tests of a run that failed or never
// finished (a subtest's failure counts for its top-level test).
func failedTop(run *testrun.Run) []string {
	if run == nil {
		return nil
	}
	var out []string
	for _, t := range run.Failed() {
		top, _, _ := strings.Cut(t.Name, "/")
		out = append(out, top)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// root is the module root the go command runs in.
func (g *Grader) root() string {
	if g.Runner == nil {
		return ""
	}
	return g.Runner.Root
}

// failed reports whether the evidence so far fails check.
func failed(ev score.Evidence, check string) bool {
	for _, c := range score.Decide(ev).Checks {
		if c.Name == check {
			return c.Status == score.Fail
		}
	}
	return false
}

// build compiles the -race binary (unless raceBin is ""), with the full go
// vet if vet, and with plain the one without -race for the timing tests,
// at once.
func (g *Grader) build(ctx context.Context, job Job, overlay, raceBin, plainBin string, plain, vet bool) (*runner.BuildFailure, error) {
	pkg := "./" + filepath.ToSlash(job.Dir)
	var specs []runner.BuildSpec
	if raceBin != "" {
		specs = append(specs, runner.BuildSpec{Package: pkg, Overlay: overlay, Race: true, Out: raceBin, Vet: vet})
	}
	if plain {
		specs = append(specs, runner.BuildSpec{Package: pkg, Overlay: overlay, Out: plainBin})
	}
	if g.Progress != nil && g.SlowBuild > 0 {
		t := time.AfterFunc(g.SlowBuild, func() {
			g.slowSaid.Do(func() {
				fmt.Fprintln(g.Progress, "Still compiling. The first build on a machine compiles the standard library with the race detector, which takes one to two minutes on a small machine; later runs take a second or two.")
			})
		})
		defer t.Stop()
	}
	errs := make([]error, len(specs))
	var wg sync.WaitGroup
	for i, s := range specs {
		wg.Go(func() { errs[i] = g.Runner.Build(ctx, s) })
	}
	wg.Wait()
	for _, err := range errs {
		var bf *runner.BuildFailure
		if errors.As(err, &bf) {
			return bf, nil
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// run runs one test binary within the deadline and classifies the result.
func (g *Grader) run(ctx context.Context, job Job, spec runner.TestSpec, deadline time.Time) (classify.Facts, *testrun.Run, error) {
	spec.Limit = max(time.Until(deadline), time.Second)
	spec.Timeout = max(spec.Limit-timeoutMargin, time.Second)
	pr, pw := io.Pipe()
	type parsed struct {
		run *testrun.Run
		err error
	}
	done := make(chan parsed, 1)
	go func() {
		lim := testrun.DefaultLimits
		lim.Keep = classify.Keep
		run, err := testrun.Parse(pr, lim)
		_, _ = io.Copy(io.Discard, pr)
		done <- parsed{run, err}
	}()
	exit, err := g.Runner.Test(ctx, spec, pw)
	pw.Close()
	p := <-done
	if err != nil {
		return classify.Facts{}, nil, err
	}
	if p.err != nil {
		return classify.Facts{}, nil, p.err
	}
	return classify.Classify(classify.Input{
		Run:        p.run,
		ImportPath: job.ImportPath,
		Killed:     exit.Killed,
		Limit:      job.Limit.String(),
		ExitCode:   exit.Code,
		Leftover:   exit.Leftover,
		IsLog:      logLines(spec.Dir),
	}), p.run, nil
}

func writeOverlay(dir string, replace map[string]string) (string, error) {
	if len(replace) == 0 {
		return "", nil
	}
	b, err := json.Marshal(struct{ Replace map[string]string }{replace})
	if err != nil {
		return "", fmt.Errorf("encode the overlay: %w", err)
	}
	path := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		return "", fmt.Errorf("write the overlay: %w", err)
	}
	return path, nil
}

// Source names what is graded: the learner's files, the reference
// solution, or one wrong solution.
type Source struct {
	Solution bool
	Wrong    string
	// Right names another right solution (verify's: it must score full
	// marks like the reference).
	Right string
	// Cheat names a cheat case (its files laid over the folder).
	Cheat string
	// Starter grades the recorded starter (verify's invariant), not the
	// edit files on disk, which a learner may have solved.
	Starter bool
	// Strict grades as the classroom formats do (verify's cheats).
	Strict bool
	// Enough is verify's: the check whose failure is all the grading
	// must show (see Job.Enough).
	Enough string
	// Mutant names a mutant of the reference solution (mutate's id); its
	// files are in the folder Files (an absolute path), which stand in
	// for the reference solution's files of the same names. Its grading
	// stops at the first failed check (see Job.AnyFail).
	Mutant, Files string
}

func (s Source) String() string {
	strict := ""
	if s.Strict {
		strict = " (strict)"
	}
	switch {
	case s.Mutant != "":
		return "mutant " + s.Mutant + strict
	case s.Wrong != "":
		return "wrong solution " + s.Wrong + strict
	case s.Right != "":
		return "right solution " + s.Right + strict
	case s.Solution:
		return "reference solution" + strict
	case s.Cheat != "":
		return "cheat " + s.Cheat + strict
	case s.Starter:
		return "starter" + strict
	}
	return "your code" + strict
}

// JobFor makes the job that grades an exercise from source.
func JobFor(root string, m *manifest.Manifest, ex manifest.Exercise, src Source) (Job, error) {
	job := Job{
		Dir:        ex.Dir(),
		ImportPath: m.ImportPath(ex),
		Applies:    ex.Checks,
		Points:     ex.Points,
		Limit:      ex.Limit.Duration,

		VirtualClock: !ex.RealTime(),
		Enough:       src.Enough,
		AnyFail:      src.Mutant != "",
	}
	if _, err := os.Stat(filepath.Join(root, ex.Dir())); err != nil {
		return Job{}, fmt.Errorf("exercise %s: its folder %s is missing (restore it with git checkout -- %s)", ex.ID, ex.Dir(), ex.Dir())
	}
	if src.Cheat != "" {
		return cheatJob(root, ex, src.Cheat, job)
	}
	if !src.Solution && src.Wrong == "" && src.Right == "" && src.Mutant == "" {
		return job, nil
	}
	from := ex.SolutionDir()
	for _, c := range []struct {
		kind manifest.Case
		name string
	}{{manifest.RightCase, src.Right}, {manifest.WrongCase, src.Wrong}} {
		if c.name == "" {
			continue
		}
		dir, err := ex.CaseDir(c.kind, c.name)
		if err != nil {
			return Job{}, err
		}
		from = dir
	}
	job.Replace = map[string]string{}
	for _, f := range ex.Edit {
		sol := filepath.Join(root, from, f)
		if src.Mutant != "" {
			if p := filepath.Join(src.Files, f); fileExists(p) {
				sol = p
			}
		}
		if _, err := os.Stat(sol); err != nil {
			return Job{}, fmt.Errorf("exercise %s: %s is missing from %s", ex.ID, f, from)
		}
		job.Replace[filepath.Join(root, ex.Dir(), f)] = sol
	}
	return job, nil
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// cheatJob lays every file of a cheat case over the exercise's folder:
// same names replace, new names are added.
func cheatJob(root string, ex manifest.Exercise, name string, job Job) (Job, error) {
	dir, err := ex.CaseDir(manifest.CheatCase, name)
	if err != nil {
		return Job{}, err
	}
	from := filepath.Join(root, dir)
	entries, err := os.ReadDir(from)
	if err != nil {
		return Job{}, fmt.Errorf("exercise %s: cheat %s: %w", ex.ID, name, err)
	}
	job.Replace = map[string]string{}
	for _, e := range entries {
		// Regular files and symbolic links, as a learner's folder can
		// hold them: Prepare refuses a link as it would the learner's.
		if e.Type().IsRegular() || e.Type()&os.ModeSymlink != 0 {
			job.Replace[filepath.Join(root, ex.Dir(), e.Name())] = filepath.Join(from, e.Name())
		}
	}
	return job, nil
}
