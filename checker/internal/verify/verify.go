package verify

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/gen"
	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/hints"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/pool"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/score"
)

// GradeFunc grades one exercise from one source.
type GradeFunc func(ctx context.Context, ex manifest.Exercise, src grader.Source) (report.Exercise, error)

// Verifier checks the invariants of one repository.
type Verifier struct {
	Root     string
	Manifest *manifest.Manifest
	Grade    GradeFunc
	// Out gets one line per invariant.
	Out io.Writer
	// Repeat grades everything this many times (at least once).
	Repeat int
	// Jobs is how many gradings run at once (at least one); the lines
	// come out in the same order whatever it is.
	Jobs int
	// Quick grades only the starters, the reference solutions and the
	// cheats: the layout and the contracts' names are still checked, but
	// no wrong or other right solution is graded, so no contract's
	// mapping is proved.
	Quick bool
}

// Run checks every invariant for the given exercises and reports whether
// all hold.
func (v *Verifier) Run(ctx context.Context, exs []manifest.Exercise) (bool, error) {
	ok := v.layout(exs)
	contracts, cok := v.contracts(exs)
	ok = ok && cok
	if v.Quick {
		fmt.Fprintln(v.Out, "quick: the right and wrong solutions are not graded, so the contracts' mappings are not proved (make verify does both)")
	}
	seen := map[string]string{}
	for round := 1; round <= max(v.Repeat, 1); round++ {
		if v.Repeat > 1 {
			fmt.Fprintf(v.Out, "round %d of %d\n", round, v.Repeat)
		}
		type task struct {
			ex  manifest.Exercise
			src grader.Source
		}
		var tasks []task
		for _, ex := range exs {
			for _, src := range sources(ex, v.Quick) {
				tasks = append(tasks, task{ex, src})
			}
		}
		err := pool.Ordered(ctx, max(v.Jobs, 1), len(tasks), func(ctx context.Context, i int) (report.Exercise, error) {
			return v.Grade(ctx, tasks[i].ex, tasks[i].src)
		}, func(i int, r report.Exercise) {
			ex, src := tasks[i].ex, tasks[i].src
			good, why := expect(ex, src, r)
			if lost := report.Lost(r); good && (src.Starter || src.Wrong != "") && len(lost) > 0 {
				good, why = false, "the report loses lines of the tests' messages: "+strings.Join(lost, "; ")
			}
			key := ex.ID + "/" + src.String()
			fp := fingerprint(ex, src, r)
			if prev, found := seen[key]; found && prev != fp {
				good, why = false, fmt.Sprintf("grade changed between runs: %s, then %s", prev, fp)
			}
			seen[key] = fp
			if src.Wrong != "" && good && !src.Strict {
				proved, note := proves(ex, contracts[ex.ID], src.Wrong, r)
				if note != "" {
					why += "; " + note
				}
				good = good && proved
			}
			ok = v.line(good, "%s %s, %s: %s (%.1fs)", ex.ID, ex.Slug, src, why, float64(r.DurationMS)/1000) && ok
		})
		if err != nil {
			return false, err
		}
	}
	return ok, nil
}

func sources(ex manifest.Exercise, quick bool) []grader.Source {
	// The starter and a wrong solution need only show that their check
	// fails: their timing tests are not run once the functional tests
	// have failed it.
	out := []grader.Source{{Starter: true, Enough: ex.Objective}, {Solution: true}}
	if !quick {
		for _, r := range ex.Right {
			out = append(out, grader.Source{Right: r})
		}
		for _, w := range ex.WrongNames() {
			out = append(out, grader.Source{Wrong: w, Enough: ex.Wrong[w]})
		}
	}
	// Each cheat must score 0 by default and in the strict (classroom)
	// grading. Code the screen refuses is never run, so most cost little.
	for _, c := range ex.CheatNames() {
		out = append(out, grader.Source{Cheat: c}, grader.Source{Cheat: c, Strict: true})
	}
	return out
}

// fingerprint is what must not change between runs of the same code: the
// score, and the status of the check the invariant is about (the
// starter's objective, the check a wrong solution targets); for the
// starter, the reference solution and the cheats, the failure class too.
// Other checks may honestly vary: a race can lose an update in one run and
// not the next, failing an assertion as well as the race check. So may a
// wrong solution's class: one whose Shutdown returns before its worker
// processes exit fails a test every time, and leaves a process behind only
// when the test binary ends first.
func fingerprint(ex manifest.Exercise, src grader.Source, r report.Exercise) string {
	target := ex.Objective
	switch {
	case src.Cheat != "":
		target = ""
	case src.Wrong != "":
		target = ex.Wrong[src.Wrong]
	case src.Solution, src.Right != "":
		target = ""
	}
	var status score.Status
	for _, c := range r.Checks {
		if c.Name == target {
			status = c.Status
		}
	}
	fp := fmt.Sprintf("%d/%d", r.Score, r.Points)
	if src.Wrong == "" {
		fp += fmt.Sprintf(", failure %s", r.Failure)
	}
	if target != "" {
		fp += fmt.Sprintf(", %s %s", target, status)
	}
	return fp
}

// expect says whether a grade is what the invariants require.
func expect(ex manifest.Exercise, src grader.Source, r report.Exercise) (bool, string) {
	status := func(name string) score.Status {
		for _, c := range r.Checks {
			if c.Name == name {
				return c.Status
			}
		}
		return ""
	}
	failing := func() string {
		var names []string
		for _, c := range r.Checks {
			if c.Status == score.Fail {
				names = append(names, c.Name)
			}
		}
		if len(names) == 0 {
			return "no check fails"
		}
		return strings.Join(names, ", ") + " fail"
	}
	if r.Status == report.StatusError {
		return false, "could not be graded: " + r.Summary
	}
	switch {
	case src.Cheat != "":
		want := ex.Cheat[src.Cheat]
		if r.Score == 0 && r.Failure == want {
			return true, fmt.Sprintf("scores 0, failure %s: %s", r.Failure, r.Summary)
		}
		return false, fmt.Sprintf("a cheat must score 0 with failure %s, but scores %d/%d, failure %s (%s)", want, r.Score, r.Points, r.Failure, r.Summary)
	case src.Wrong != "":
		want := ex.Wrong[src.Wrong]
		if r.Score == 0 && status(want) == score.Fail {
			return true, fmt.Sprintf("rejected by %s (%s; failure %s)", want, failing(), r.Failure)
		}
		return false, fmt.Sprintf("should be rejected by %s, but scores %d/%d and %s", want, r.Score, r.Points, failing())
	case src.Solution, src.Right != "":
		if r.Score == r.Points && r.Status == report.StatusPass {
			return true, fmt.Sprintf("full marks, %d/%d", r.Score, r.Points)
		}
		return false, fmt.Sprintf("should score full marks, but scores %d/%d: %s (%s)", r.Score, r.Points, failing(), r.Summary)
	default:
		if r.Score == 0 && status(ex.Objective) == score.Fail {
			return true, fmt.Sprintf("scores 0, objective %s fails (%s; failure %s)", ex.Objective, failing(), r.Failure)
		}
		return false, fmt.Sprintf("should score 0 and fail %s, but scores %d/%d and %s", ex.Objective, r.Score, r.Points, failing())
	}
}

// layout checks that the folders and the manifest agree.
func (v *Verifier) layout(exs []manifest.Exercise) bool {
	ok := true
	if stale, err := gen.Stale(v.Root, v.Manifest); err != nil {
		ok = v.line(false, "generated files: %v", err)
	} else if len(stale) > 0 {
		ok = v.line(false, "%s out of date with %s: run make generate and commit the result", strings.Join(stale, ", "), manifest.FileName)
	}
	known := map[string]bool{}
	for _, ex := range v.Manifest.Exercises {
		known[ex.Name()] = true
	}
	for _, top := range []string{"exercises", "solutions", "hints"} {
		entries, err := os.ReadDir(filepath.Join(v.Root, top))
		if err != nil {
			ok = v.line(false, "%s/: %v", top, err) && ok
			continue
		}
		for _, e := range entries {
			name := strings.TrimSuffix(e.Name(), ".md")
			if e.Name() == "go.mod" || (top == "hints" && !strings.HasSuffix(e.Name(), ".md")) {
				continue
			}
			if !known[name] {
				ok = v.line(false, "%s/%s is not in %s: add an [[exercise]] for it or remove it", top, e.Name(), manifest.FileName) && ok
			}
		}
	}
	for _, ex := range exs {
		var problems []string
		need := func(path string) {
			if _, err := os.Stat(filepath.Join(v.Root, path)); err != nil {
				problems = append(problems, path+" is missing")
			}
		}
		need(filepath.Join(ex.Dir(), "README.md"))
		for _, f := range ex.Edit {
			need(filepath.Join(ex.Dir(), f))
			need(filepath.Join(ex.SolutionDir(), f))
			for _, w := range ex.WrongNames() {
				need(filepath.Join(ex.WrongDir(w), f))
			}
			for _, r := range ex.Right {
				need(filepath.Join(ex.RightDir(r), f))
			}
		}
		if len(ex.Wrong) < 2 {
			problems = append(problems, fmt.Sprintf("has %d wrong solutions, needs at least 2", len(ex.Wrong)))
		}
		if entries, err := os.ReadDir(filepath.Join(v.Root, ex.SolutionDir(), "wrong")); err == nil {
			for _, e := range entries {
				if !slices.Contains(ex.WrongNames(), e.Name()) {
					problems = append(problems, fmt.Sprintf("%s is not listed under [exercise.wrong]", ex.WrongDir(e.Name())))
				}
			}
		}
		if entries, err := os.ReadDir(filepath.Join(v.Root, ex.SolutionDir(), "right")); err == nil {
			for _, e := range entries {
				if !slices.Contains(ex.Right, e.Name()) {
					problems = append(problems, fmt.Sprintf("%s is not listed in the exercise's right = [...]", ex.RightDir(e.Name())))
				}
			}
		}
		for _, c := range ex.CheatNames() {
			if entries, err := os.ReadDir(filepath.Join(v.Root, ex.CheatDir(c))); err != nil || len(entries) == 0 {
				problems = append(problems, ex.CheatDir(c)+" is missing or empty")
			}
		}
		if entries, err := os.ReadDir(filepath.Join(v.Root, ex.SolutionDir(), "cheat")); err == nil {
			for _, e := range entries {
				if !slices.Contains(ex.CheatNames(), e.Name()) {
					problems = append(problems, fmt.Sprintf("%s is not listed under [exercise.cheat]", ex.CheatDir(e.Name())))
				}
			}
		}
		if f, err := os.Open(filepath.Join(v.Root, ex.HintsFile())); err != nil {
			problems = append(problems, ex.HintsFile()+" is missing")
		} else {
			hs, err := hints.Parse(f)
			f.Close()
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%s: %v", ex.HintsFile(), err))
			case len(hs) < 3:
				problems = append(problems, fmt.Sprintf("%s has %d hints, needs at least 3", ex.HintsFile(), len(hs)))
			default:
				problems = append(problems, v.hintsGiveAway(ex, hs)...)
			}
		}
		if len(problems) == 0 {
			v.line(true, "%s %s: folders, solution, wrong solutions and hints in place", ex.ID, ex.Slug)
		} else {
			ok = v.line(false, "%s %s: %s", ex.ID, ex.Slug, strings.Join(problems, "; ")) && ok
		}
	}
	return ok
}

func (v *Verifier) line(good bool, format string, a ...any) bool {
	mark := "ok  "
	if !good {
		mark = "FAIL"
	}
	fmt.Fprintf(v.Out, "%s %s\n", mark, fmt.Sprintf(format, a...))
	return good
}

// hintsGiveAway finds hints that repeat more than half of a reference
// solution file's lines of code: a hint may come close, but the answer is
// the learner's to write (and hints go to every student as plain text).
func (v *Verifier) hintsGiveAway(ex manifest.Exercise, hs []string) []string {
	var problems []string
	for _, f := range ex.Edit {
		sol, err := os.ReadFile(filepath.Join(v.Root, ex.SolutionDir(), f))
		if err != nil {
			continue // reported as missing above
		}
		for i, h := range hs {
			if r, total := hints.Overlap(h, string(sol)); total > 0 && 2*r > total {
				problems = append(problems, fmt.Sprintf("hint %d of %s repeats %d of the %d lines of code of %s: leave the answer to the learner",
					i+1, ex.HintsFile(), r, total, filepath.Join(ex.SolutionDir(), f)))
			}
		}
	}
	return problems
}
