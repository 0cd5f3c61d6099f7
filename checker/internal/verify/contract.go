package verify

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/contract"
	declared "github.com/asynckata/kata/checker/internal/expect"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/score"
)

// contracts reads and checks each exercise's contract.toml against its
// protected tests and kata.toml's wrong solutions, one line per exercise.
// It returns the contracts that could be read (to prove each broken_by
// once its wrong solution is graded) and whether every one holds.
func (v *Verifier) contracts(exs []manifest.Exercise) (map[string]*contract.Contract, bool) {
	ok := true
	out := map[string]*contract.Contract{}
	for _, ex := range exs {
		c, problems := v.contract(ex)
		if c != nil {
			out[ex.ID] = c
		}
		if len(problems) > 0 {
			ok = v.line(false, "%s %s: contract: %s", ex.ID, ex.Slug, strings.Join(problems, "; ")) && ok
			continue
		}
		v.line(true, "%s %s: contract: %d promises name every protected test (%d) and break with %d wrong solutions",
			ex.ID, ex.Slug, len(c.Promises), len(protectedTests(v.tests(ex))), len(brokenBy(c)))
	}
	return out, ok
}

// contract reads one exercise's contract and lists what is wrong with it.
func (v *Verifier) contract(ex manifest.Exercise) (*contract.Contract, []string) {
	rel := filepath.Join(ex.Dir(), contract.FileName)
	c, err := contract.Load(filepath.Join(v.Root, rel))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, []string{rel + " is missing: write one [[promise]] for each promise of the README's \"Done means\", naming its check, its tests and the wrong solutions that break it (see AUTHORING.md)"}
	case err != nil:
		return nil, []string{strings.ReplaceAll(err.Error(), filepath.Join(v.Root, rel), rel)}
	}
	tests := v.tests(ex)
	if tests == nil {
		return c, []string{"the protected test files do not parse: make check --solution " + ex.ID + " says why"}
	}
	var problems []string
	named := map[string]bool{}
	for i, p := range c.Promises {
		n := i + 1
		if !ex.Applies(p.Check) {
			problems = append(problems, fmt.Sprintf("promise %d: check %q is not graded for this exercise (kata.toml: %s)", n, p.Check, strings.Join(ex.Checks, ", ")))
		}
		for _, t := range p.Tests {
			named[t] = true
			if t != contract.EndOfRun && !slices.Contains(tests.Race, t) && !slices.Contains(tests.Timing, t) {
				problems = append(problems, fmt.Sprintf("promise %d names %s, which no protected _test.go file of the exercise declares: fix the name, or write the test", n, t))
			}
		}
		for _, w := range p.BrokenBy {
			check, found := ex.Wrong[w]
			switch {
			case !found:
				problems = append(problems, fmt.Sprintf("promise %d: broken_by %q is not a wrong solution of kata.toml (it has: %s): fix the name, or write the wrong solution", n, w, strings.Join(ex.WrongNames(), ", ")))
			case check != manifest.CheckTiming && onlyTiming(p.Tests):
				problems = append(problems, fmt.Sprintf("promise %d: broken_by %s cannot prove it: its tests are all %s*, and verify runs no timing tests for a wrong solution whose kata.toml check is %s once it fails that check; name a wrong solution whose check is timing", n, w, declared.TimingPrefix, check))
			}
		}
	}
	for _, t := range protectedTests(tests) {
		if !named[t] {
			problems = append(problems, fmt.Sprintf("%s is named by no promise: add it to the tests of the promise it checks (or write a promise for it)", t))
		}
	}
	return c, problems
}

// tests lists the tests the exercise's protected test files declare; nil
// when they do not parse.
func (v *Verifier) tests(ex manifest.Exercise) *declared.Tests {
	files, err := filepath.Glob(filepath.Join(v.Root, ex.Dir(), "*_test.go"))
	if err != nil {
		return nil
	}
	t, err := declared.Parse(files)
	if err != nil {
		return nil
	}
	return &t
}

func protectedTests(t *declared.Tests) []string {
	if t == nil {
		return nil
	}
	out := append(slices.Clone(t.Race), t.Timing...)
	slices.Sort(out)
	return out
}

func onlyTiming(tests []string) bool {
	for _, t := range tests {
		if !strings.HasPrefix(t, declared.TimingPrefix) {
			return false
		}
	}
	return len(tests) > 0
}

func brokenBy(c *contract.Contract) []string {
	var out []string
	for _, p := range c.Promises {
		out = append(out, p.BrokenBy...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// proves checks a graded wrong solution against the promises its contract
// says it breaks: each must see at least one of its tests fail. It returns
// whether all do, and a note for verify's line.
func proves(ex manifest.Exercise, c *contract.Contract, wrong string, r report.Exercise) (bool, string) {
	if c == nil {
		return true, ""
	}
	var held, broken []string
	for i, p := range c.Promises {
		if !slices.Contains(p.BrokenBy, wrong) {
			continue
		}
		var hit []string
		for _, t := range p.Tests {
			if slices.Contains(r.FailedTests, t) {
				hit = append(hit, t)
			}
		}
		if len(hit) > 0 {
			broken = append(broken, fmt.Sprintf("%d (%s)", i+1, strings.Join(hit, ", ")))
			continue
		}
		if p.Check == manifest.CheckRace && checkFailed(r, manifest.CheckRace) {
			// The race detector blames whichever test was running when it
			// saw the race, and which one that is depends on scheduling:
			// the race check failing proves a race promise.
			broken = append(broken, fmt.Sprintf("%d (the race check)", i+1))
			continue
		}
		failing := "none"
		if len(r.FailedTests) > 0 {
			failing = strings.Join(r.FailedTests, ", ")
		}
		msg := fmt.Sprintf("contract.toml says it breaks promise %d (%q), but none of that promise's tests failed (%s; failed: %s)",
			i+1, short(p.Says), strings.Join(p.Tests, ", "), failing)
		if ex.Wrong[wrong] != manifest.CheckTiming && anyTiming(p.Tests) {
			msg += fmt.Sprintf("; its kata.toml check is %s, and verify skips the timing run once a wrong solution fails that check, so only a wrong solution whose check is timing proves a %s* test", ex.Wrong[wrong], declared.TimingPrefix)
		}
		held = append(held, msg+": sharpen the tests, or take it out of broken_by")
	}
	var notes []string
	if len(broken) > 0 {
		notes = append(notes, "breaks promise "+strings.Join(broken, ", promise "))
	}
	return len(held) == 0, strings.Join(append(notes, held...), "; ")
}

// checkFailed reports whether the graded exercise failed the check called name.
func checkFailed(r report.Exercise, name string) bool {
	return slices.ContainsFunc(r.Checks, func(c score.Check) bool { return c.Name == name && c.Status == score.Fail })
}

func anyTiming(tests []string) bool {
	return slices.ContainsFunc(tests, func(t string) bool { return strings.HasPrefix(t, declared.TimingPrefix) })
}

// short cuts a promise to a few words for a one-line message.
func short(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}
