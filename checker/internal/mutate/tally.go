package mutate

import (
	"fmt"
	"io"
	"slices"
	"strings"
)

// Run is one grading of a mutant.
type Run struct {
	// Passed: full marks, so this grading did not catch the mutant.
	Passed bool
	// NotCompiled: the mutant does not compile (go vet's findings do not
	// count here: a mutant go vet rejects is caught by the build check).
	NotCompiled bool
	// Error is the checker's own trouble grading it, if any.
	Error string
	// Failing are the checks that failed, FailedTests the top-level tests.
	Failing, FailedTests []string
	// Summary is the grade's one line on why it failed.
	Summary string
}

// Outcome is what became of a mutant.
type Outcome string

// The outcomes.
const (
	Killed     Outcome = "killed"
	Survived   Outcome = "survived"
	Listed     Outcome = "equivalent"
	NotProgram Outcome = "not a program"
	Errored    Outcome = "error"
)

// Result is a mutant's outcome and what decided it.
type Result struct {
	Mutant  Mutant
	Outcome Outcome
	// Runs is how many gradings ran, Caught how many rejected it.
	Runs, Caught int
	// Checks and Tests failed in at least one grading (a killed mutant).
	Checks, Tests []string
	// Why: the equivalent entry's reason, the compiler's or the checker's
	// complaint.
	Why string
}

// Needed is how many gradings must catch a mutant for it to count as
// killed: repeat when it depends on scheduling, else one.
func Needed(m Mutant, repeat int) int {
	if m.Sched {
		return max(repeat, 1)
	}
	return 1
}

// Judge decides a mutant's outcome from its gradings (in order; grading
// stops at the first that does not catch it).
func Judge(m Mutant, runs []Run, repeat int) Result {
	r := Result{Mutant: m, Runs: len(runs)}
	switch {
	case m.Broken != "":
		r.Outcome, r.Why = NotProgram, m.Broken
		return r
	case len(runs) == 0:
		r.Outcome, r.Why = Errored, "it was not graded"
		return r
	case runs[0].Error != "":
		r.Outcome, r.Why = Errored, runs[0].Error
		return r
	case runs[0].NotCompiled:
		r.Outcome, r.Why = NotProgram, runs[0].Summary
		return r
	}
	for _, run := range runs {
		if run.Error != "" {
			r.Outcome, r.Why = Errored, run.Error
			return r
		}
		if run.Passed {
			r.Outcome = Survived
			return r
		}
		r.Caught++
		r.Checks = union(r.Checks, run.Failing)
		r.Tests = union(r.Tests, run.FailedTests)
		if slices.Contains(run.Failing, "build") {
			// go vet (or the screen) rejects the code itself: no run of
			// the tests, and nothing that scheduling could change.
			r.Outcome = Killed
			return r
		}
	}
	if need := Needed(m, repeat); r.Caught < need {
		r.Outcome, r.Why = Errored, fmt.Sprintf("graded %d times of the %d needed", r.Caught, need)
		return r
	}
	r.Outcome = Killed
	return r
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, s := range b {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Tally is one exercise's mutants and what became of each.
type Tally struct {
	// Exercise is "03 crawler".
	Exercise string
	Results  []Result
	// Stale are equivalent entries that match no mutant.
	Stale []Equivalent
	// Repeat is how many gradings a scheduling mutant needed.
	Repeat int
}

// NewTally adds the listed equivalents to the graded results (in mutant
// order) and finds the stale entries.
func NewTally(exercise string, mutants []Mutant, graded map[string]Result, eq []Equivalent, repeat int) Tally {
	t := Tally{Exercise: exercise, Repeat: repeat}
	why := map[string]string{}
	for _, q := range eq {
		why[q.Mutant] = q.Why
	}
	made := map[string]bool{}
	for _, m := range mutants {
		made[m.ID] = true
		if w, ok := why[m.ID]; ok && m.Broken == "" {
			t.Results = append(t.Results, Result{Mutant: m, Outcome: Listed, Why: w})
			continue
		}
		r, ok := graded[m.ID]
		if !ok {
			r = Judge(m, nil, repeat)
		}
		t.Results = append(t.Results, r)
	}
	for _, q := range eq {
		if !made[q.Mutant] {
			t.Stale = append(t.Stale, q)
		}
	}
	return t
}

// Count is how many results have the outcome.
func (t Tally) Count(o Outcome) int {
	n := 0
	for _, r := range t.Results {
		if r.Outcome == o {
			n++
		}
	}
	return n
}

// Problems says what fails the tally: survivors, mutants that could not
// be graded, stale equivalent entries, too many equivalents.
func (t Tally) Problems() []string {
	var out []string
	if n := t.Count(Survived); n > 0 {
		out = append(out, fmt.Sprintf("%s survived: kill each with a test (or a sharper one), or list it in %s with why it is equivalent", plural(n, "mutant"), EquivalentFile))
	}
	if n := t.Count(Errored); n > 0 {
		out = append(out, fmt.Sprintf("%s could not be graded: see why above", plural(n, "mutant")))
	}
	for _, q := range t.Stale {
		out = append(out, fmt.Sprintf("%s lists %s, which kata mutate no longer makes: remove the entry (or fix the id)", EquivalentFile, q.Mutant))
	}
	programs := len(t.Results) - t.Count(NotProgram)
	if eq := t.Count(Listed); eq > 0 && 10*eq > programs {
		out = append(out, fmt.Sprintf("%d of %d mutants are listed as equivalent, more than one in ten: write a test that tells some apart", eq, programs))
	}
	return out
}

// OK reports whether the tally passes.
func (t Tally) OK() bool { return len(t.Problems()) == 0 }

// Write prints the tally for people: a summary line, one line per
// mutant, the diff of each survivor, and what fails.
func (t Tally) Write(w io.Writer) {
	mark := "ok  "
	if !t.OK() {
		mark = "FAIL"
	}
	fmt.Fprintf(w, "%s %s: %s: %d killed, %d survived, %d equivalent, %d not a program",
		mark, t.Exercise, plural(len(t.Results), "mutant"), t.Count(Killed), t.Count(Survived), t.Count(Listed), t.Count(NotProgram))
	if n := t.Count(Errored); n > 0 {
		fmt.Fprintf(w, ", %d not graded", n)
	}
	fmt.Fprintln(w)
	for _, r := range t.Results {
		m := r.Mutant
		switch r.Outcome {
		case Killed:
			fmt.Fprintf(w, "  killed        %s (%d of %d): %s\n", m.ID, r.Caught, r.Runs, killedBy(r))
		case Survived:
			fmt.Fprintf(w, "  SURVIVED      %s (%s): %s\n", m.ID, survivedAfter(r, t.Repeat), m.Desc)
			for _, l := range lines(m.Diff) {
				fmt.Fprintf(w, "      %s\n", l)
			}
		case Listed:
			fmt.Fprintf(w, "  equivalent    %s: %s\n", m.ID, r.Why)
		case NotProgram:
			fmt.Fprintf(w, "  not a program %s: %s\n", m.ID, r.Why)
		case Errored:
			fmt.Fprintf(w, "  NOT GRADED    %s: %s\n", m.ID, r.Why)
		}
	}
	for _, p := range t.Problems() {
		fmt.Fprintf(w, "  FAIL %s\n", p)
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func killedBy(r Result) string {
	s := "by " + strings.Join(r.Checks, ", ")
	if len(r.Tests) > 0 {
		s += " (" + strings.Join(r.Tests, ", ") + ")"
	}
	return s
}

func survivedAfter(r Result, repeat int) string {
	if r.Runs <= 1 {
		return "passed its first grading"
	}
	return fmt.Sprintf("caught by %s, then passed grading %d of %d", plural(r.Caught, "grading"), r.Runs, Needed(r.Mutant, repeat))
}

// List prints the mutants without grading them: id, what changes, diff.
func List(w io.Writer, exercise string, mutants []Mutant, eq []Equivalent) {
	fmt.Fprintf(w, "%s: %s\n", exercise, plural(len(mutants), "mutant"))
	why := map[string]string{}
	for _, q := range eq {
		why[q.Mutant] = q.Why
	}
	for _, m := range mutants {
		kind := "once"
		if m.Sched {
			kind = "scheduling"
		}
		fmt.Fprintf(w, "  %s (line %d, %s): %s\n", m.ID, m.Line, kind, m.Desc)
		if q, ok := why[m.ID]; ok {
			fmt.Fprintf(w, "      listed as equivalent: %s\n", q)
		}
		if m.Broken != "" {
			fmt.Fprintf(w, "      not a program: %s\n", m.Broken)
		}
		for _, l := range lines(m.Diff) {
			fmt.Fprintf(w, "      %s\n", l)
		}
	}
}
