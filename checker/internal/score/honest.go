package score

import (
	"fmt"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/manifest"
)

// Honesty is what grading found beyond the runs' own verdicts: the
// learner-code screen's findings and how each run's results compare with
// the tests the protected files declare.
type Honesty struct {
	// Forbidden are the screen's findings, "file:line: why".
	Forbidden []string
	// Extra are the files in the exercise's folder beyond the edit files
	// (screened like them; they score 0 in strict modes).
	Extra []string
	// MainAudit and TimingAudit compare each run with its expected
	// tests; nil when not run or nothing was expected.
	MainAudit, TimingAudit *Audit
}

// Audit compares one run's results with the tests that had to report.
type Audit struct {
	// Missing are expected tests that reported no result at all.
	Missing []string
	// Skipped are expected tests that reported a skip.
	Skipped []string
	// Forged describes results no protected test could have produced: a
	// second result for one test, or a result for an undeclared name.
	Forged []string
}

// maxNames bounds how many test names one message lists.
const maxNames = 6

func list(names []string) string {
	if len(names) > maxNames {
		return strings.Join(names[:maxNames], ", ") + fmt.Sprintf(" and %d more", len(names)-maxNames)
	}
	return strings.Join(names, ", ")
}

// honest applies Honesty to a grade: forged output fails with class
// tampered, a test that did not run fails its check, a timing check with
// no budgeted figure fails, and a screened construct (or, in strict
// modes, an extra file) fails the exercise with class forbidden.
func honest(g *Grade, ev Evidence) {
	check := func(name string) *Check {
		for i := range g.Checks {
			if g.Checks[i].Name == name && slices.Contains(ev.Applies, name) {
				return &g.Checks[i]
			}
		}
		return nil
	}
	fail := func(c *Check, msg string) {
		if c.Status == Fail {
			c.Message += "; " + msg
		} else {
			c.Status, c.Message = Fail, msg
		}
	}
	setClass := func(class classify.Class, summary string) {
		if g.Failure == classify.None || g.Failure == "" {
			g.Failure, g.Summary = class, summary
		}
	}
	var forged []string
	for _, a := range []struct {
		audit *Audit
		check string
		run   string
		facts *classify.Facts
	}{{ev.MainAudit, manifest.CheckTests, "functional", ev.Main}, {ev.TimingAudit, manifest.CheckTiming, "timing", ev.Timing}} {
		c := check(a.check)
		if a.audit == nil || c == nil {
			continue
		}
		if len(a.audit.Missing) > 0 {
			msg := "this test did not run: " + list(a.audit.Missing)
			if len(a.audit.Missing) > 1 {
				msg = "these tests did not run: " + list(a.audit.Missing)
			}
			if f := a.facts; f != nil && (f.Stopped || f.Class.Stops()) && f.Class != classify.Crash {
				// Not a test of its own that went missing: the failure
				// above ended the test binary before it got there.
				msg = fmt.Sprintf("the %s ended the test binary, so %s never ran: %s", stopper(f.Class), count(len(a.audit.Missing), "test"), list(a.audit.Missing))
			}
			fail(c, msg)
			if l := check(manifest.CheckLeak); l != nil && l.Status == Pass && a.check == manifest.CheckTests {
				l.Status, l.Message = Skip, "not checked: not every test ran"
			}
			setClass(classify.Crash, fmt.Sprintf("crash: the test binary ended before every %s test reported (%s): does your code end the program early?", a.run, list(a.audit.Missing)))
		}
		if len(a.audit.Skipped) > 0 {
			fail(c, "skipped, which does not count as a pass: "+list(a.audit.Skipped))
			setClass(classify.Class(a.check), "skipped tests: "+list(a.audit.Skipped))
		}
		if len(a.audit.Forged) > 0 {
			fail(c, "forged test output: "+strings.Join(a.audit.Forged, "; "))
			forged = append(forged, a.audit.Forged...)
		}
	}
	if c := check(manifest.CheckTiming); c != nil && c.Status == Pass && ev.Timing != nil && !budgeted(ev) {
		fail(c, "no timing figure was reported: a timing test must log its figure through katatest, from the protected test file")
		setClass(classify.Class(manifest.CheckTiming), c.Message)
	}
	if len(forged) > 0 {
		g.Failure, g.Summary = classify.Tampered, "forged test output: "+strings.Join(forged, "; ")
	}
	b := check(manifest.CheckBuild)
	if len(ev.Extra) > 0 && b != nil {
		files := strings.Join(ev.Extra, ", ")
		if ev.StrictTamper {
			fail(b, "files beyond the ones you edit: "+files+" (a classroom grade counts only the edit files: move your code into them)")
			g.Failure, g.Summary = classify.Forbidden, "files beyond the ones you edit: "+files
		} else {
			b.Message += "; warning: files beyond the ones you edit: " + files + " (screened like them; a classroom grade scores this exercise 0)"
		}
	}
	if len(ev.Forbidden) > 0 && b != nil {
		fail(b, "your code uses what the kata forbids: "+ev.Forbidden[0])
		b.Details = append(slices.Clone(ev.Forbidden), b.Details...)
		g.Failure, g.Summary = classify.Forbidden, "forbidden: "+ev.Forbidden[0]
		for i := range g.Checks {
			if c := &g.Checks[i]; c.Status == Skip && ev.Main == nil && len(ev.BuildError) == 0 && slices.Contains(ev.Applies, c.Name) {
				c.Message = "not run: the screen refused the code (see build), and refused code is never run"
			}
		}
	}
	for _, c := range g.Checks {
		if c.Status == Fail && slices.Contains(ev.Applies, c.Name) {
			g.Passed = false
		}
	}
	if len(forged) > 0 || len(ev.Forbidden) > 0 || (len(ev.Extra) > 0 && ev.StrictTamper) {
		g.Passed = false
	}
}

// stopper names what of class c ended a test binary early.
func stopper(c classify.Class) string {
	switch c {
	case classify.Timeout:
		return "time limit"
	case classify.Fatal:
		return "fatal error"
	case classify.Leak, classify.Deadlock, classify.Panic:
		return string(c)
	}
	return "failure above"
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// budgeted reports whether the timing run reported a figure with a budget.
func budgeted(ev Evidence) bool {
	for _, m := range ev.Timing.Measures {
		if m.Budget != "" {
			return true
		}
	}
	return false
}
