package score

import (
	"fmt"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/internal/katatest"
)

// Status is a check's outcome.
type Status string

// Check outcomes. Skip means not applicable, or not reached.
const (
	Pass Status = "pass"
	Fail Status = "fail"
	Skip Status = "skip"
)

// Check is one of the five checks of an exercise.
type Check struct {
	Name    string `json:"name"`
	Status  Status `json:"status"`
	Message string `json:"message"`
	// Details are the lines the text report prints under the check: the
	// failure's own words (a test's message whole, the racing lines, where
	// each goroutine waits). JSON v1 carries them as an optional list.
	Details []string `json:"details,omitempty"`
	// Places are the learner's lines the failure names (for a CI log's
	// annotations; not part of the JSON format).
	Places []classify.Place `json:"-"`
	// Said is what the failed tests said that Message and Details must
	// show (classify.Said), for verify.
	Said []string `json:"-"`
}

// Evidence is everything grading found out about one exercise.
type Evidence struct {
	// Applies lists the checks graded for this exercise.
	Applies []string
	Points  int
	// BuildError is the compiler's or vet's output when the build failed.
	BuildError []string
	// VetError reports that the code compiles but go vet objects.
	VetError bool
	// VetNote, when set, says why go vet was not run (verify's grades
	// that need another check only).
	VetNote string
	// Main is the -race run of the functional tests, nil if not reached.
	Main *classify.Facts
	// Timing is the run of TestTiming*, nil if not applicable or not run.
	Timing *classify.Facts
	// MainFailed and TimingFailed are the top-level tests of each run that
	// reported a failure (a race detected during a test included) or were
	// running when the binary died (deadlock, timeout, crash).
	MainFailed, TimingFailed []string
	// TimingNote says why timing was not run, when it was not.
	TimingNote string
	// Tampered lists protected files that differ from their digest.
	Tampered []string
	// StrictTamper makes a tampered exercise score 0 (classroom modes),
	// and so does a file beyond the edit files (Extra).
	StrictTamper bool
	// Honesty: what the screen and the expected-test list found (see
	// honest.go).
	Honesty
}

// Grade is the verdict on one exercise.
type Grade struct {
	Checks  []Check
	Score   int
	Passed  bool
	Failure classify.Class
	// Summary is one line on why the exercise failed, empty if it passed.
	Summary string
	// FailedTests are the top-level tests that failed in any run, sorted
	// (see FailedTests): what verify matches against a contract.
	FailedTests []string
	// NotCompiled: the code does not compile (as against compiling with
	// go vet's objections): mutate's "not a program".
	NotCompiled bool
}

// Decide grades an exercise from its evidence.
func Decide(ev Evidence) Grade {
	checks := []Check{
		build(ev),
		tests(ev),
		race(ev),
		leak(ev),
		timing(ev),
	}
	passed := true
	for i := range checks {
		if !slices.Contains(ev.Applies, checks[i].Name) {
			checks[i] = Check{Name: checks[i].Name, Status: Skip, Message: "not graded for this exercise"}
			continue
		}
		if checks[i].Status != Pass {
			passed = false
		}
	}
	g := Grade{Checks: checks, Passed: passed, Failure: classify.None, FailedTests: FailedTests(ev),
		NotCompiled: len(ev.BuildError) > 0 && !ev.VetError}
	switch {
	case len(ev.BuildError) > 0 && ev.VetError:
		g.Failure, g.Summary = classify.Build, "go vet failed"
	case len(ev.BuildError) > 0:
		g.Failure, g.Summary = classify.Build, "build failed"
	case ev.Main != nil && ev.Main.Class != classify.None:
		g.Failure, g.Summary = ev.Main.Class, ev.Main.Summary
	case ev.Timing != nil && ev.Timing.Class != classify.None:
		g.Failure, g.Summary = timingFailure(ev.Timing, checks[4])
	case !passed:
		// A check failed with no failing run: a detector found something
		// the run itself did not fail on.
		for _, c := range checks {
			if c.Status == Fail {
				g.Failure, g.Summary = classify.Class(c.Name), c.Message
				break
			}
		}
	}
	if len(ev.Tampered) > 0 {
		tampered(&g, ev)
	}
	honest(&g, ev)
	if g.Passed {
		g.Score = ev.Points
	}
	return g
}

// EndOfRun names katatest.Main's end-of-run checks among failed tests:
// goroutines (or processes) left, or a race, once every test had passed.
const EndOfRun = "TestMain"

// FailedTests lists the top-level tests the runs failed, sorted: each
// run's failed and unfinished tests, and EndOfRun for a run whose tests
// all passed but that leaked or raced after them.
func FailedTests(ev Evidence) []string {
	if len(ev.BuildError) > 0 {
		return nil
	}
	var out []string
	for _, r := range []struct {
		facts  *classify.Facts
		failed []string
	}{{ev.Main, ev.MainFailed}, {ev.Timing, ev.TimingFailed}} {
		if r.facts == nil {
			continue
		}
		out = append(out, r.failed...)
		if len(r.failed) == 0 && (r.facts.Leak || r.facts.Race) && !r.facts.Class.Stops() && !r.facts.Stopped {
			out = append(out, EndOfRun)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// tampered records changed protected files: in strict mode the exercise
// fails with class tampered; otherwise the tests check only says so, so a
// learner sees it before a classroom grade counts it.
func tampered(g *Grade, ev Evidence) {
	files := strings.Join(ev.Tampered, ", ")
	note := "protected files changed: " + files + " (restore them with git checkout -- " + strings.Join(ev.Tampered, " ") + ")"
	if ev.StrictTamper {
		g.Passed = false
		g.Failure = classify.Tampered
		g.Summary = "protected files changed: " + files
	} else {
		note = "warning: " + note + "; a classroom grade scores this exercise 0"
	}
	for i := range g.Checks {
		if g.Checks[i].Name == manifest.CheckTests {
			g.Checks[i].Message += "; " + note
		}
	}
}

func build(ev Evidence) Check {
	if len(ev.BuildError) > 0 && ev.VetError {
		return Check{Name: manifest.CheckBuild, Status: Fail, Message: "the code compiles, but go vet reports a mistake in it",
			Details: append(slices.Clone(ev.BuildError), classify.VetAdvice(ev.BuildError)...),
			Places:  classify.BuildPlaces(ev.BuildError)}
	}
	if len(ev.BuildError) > 0 {
		return Check{Name: manifest.CheckBuild, Status: Fail, Message: "the package or its tests do not compile (or go vet objects)", Details: ev.BuildError,
			Places: classify.BuildPlaces(ev.BuildError)}
	}
	if ev.VetNote != "" {
		return Check{Name: manifest.CheckBuild, Status: Pass, Message: "compiles (go vet not run: " + ev.VetNote + ")"}
	}
	return Check{Name: manifest.CheckBuild, Status: Pass, Message: "compiles and passes go vet"}
}

func notReached(name string, ev Evidence) (Check, bool) {
	if len(ev.BuildError) > 0 {
		return Check{Name: name, Status: Skip, Message: "not reached: the build failed"}, true
	}
	if ev.Main == nil {
		return Check{Name: name, Status: Skip, Message: "not reached"}, true
	}
	return Check{}, false
}

func tests(ev Evidence) Check {
	if c, ok := notReached(manifest.CheckTests, ev); ok {
		return c
	}
	m := ev.Main
	if m.Class.Stops() || (m.Stopped && m.Class == classify.Deadlock) {
		return Check{Name: manifest.CheckTests, Status: Fail, Message: m.Summary, Details: withMessages(m.Details, m.TestDetails),
			Places: m.Places, Said: m.Said}
	}
	if len(m.FailedTests) > 0 {
		msg := "failed: " + classify.TestList(m.FailedTests)
		details := m.TestDetails
		if m.Class == classify.Assertion {
			details = m.Details
		}
		return Check{Name: manifest.CheckTests, Status: Fail, Message: msg, Details: details, Said: m.Said}
	}
	return Check{Name: manifest.CheckTests, Status: Pass, Message: "every functional test passed (run with -race)"}
}

func race(ev Evidence) Check {
	if c, ok := notReached(manifest.CheckRace, ev); ok {
		return c
	}
	m := ev.Main
	if m.Race {
		var details []string
		if m.Class == classify.Race {
			details = m.Details
		}
		return Check{Name: manifest.CheckRace, Status: Fail, Message: "the race detector found a data race", Details: details, Places: m.RacePlaces}
	}
	if m.Class.Stops() || m.Stopped {
		return Check{Name: manifest.CheckRace, Status: Skip, Message: "not reached: the tests stopped before the end"}
	}
	return Check{Name: manifest.CheckRace, Status: Pass, Message: "no data race found"}
}

func leak(ev Evidence) Check {
	if c, ok := notReached(manifest.CheckLeak, ev); ok {
		return c
	}
	for _, f := range []*classify.Facts{ev.Main, ev.Timing} {
		if f != nil && f.Leak {
			msg := f.LeakMessage
			if msg == "" {
				msg = "goroutines or processes were left running after the tests ended"
			}
			return Check{Name: manifest.CheckLeak, Status: Fail, Message: msg, Details: f.LeakDetails, Places: f.LeakPlaces}
		}
	}
	if !ev.Main.Passed {
		return Check{Name: manifest.CheckLeak, Status: Skip, Message: "not checked: goleak looks for leaks only when the whole test run passes"}
	}
	return Check{Name: manifest.CheckLeak, Status: Pass, Message: "no goroutine or process left running"}
}

func timing(ev Evidence) Check {
	if c, ok := notReached(manifest.CheckTiming, ev); ok {
		return c
	}
	t := ev.Timing
	if t == nil {
		msg := "not reached"
		if ev.TimingNote != "" {
			msg = "not reached: " + ev.TimingNote
		}
		return Check{Name: manifest.CheckTiming, Status: Skip, Message: msg}
	}
	var failed, notes, info []string
	for _, m := range t.Measures {
		if !m.OK {
			msg, more := describe(m)
			failed = append(failed, msg)
			notes = append(notes, more...)
		} else {
			info = append(info, splitLines(m.String())...)
		}
	}
	if t.Passed || leakOnly(t) {
		// A leak in the timing run fails the leak check, not this one:
		// the timing tests finished, within budget.
		msg := "within budget (timing tests run alone, without -race)"
		if len(info) > 0 {
			msg = strings.Join(info, "; ")
		}
		return Check{Name: manifest.CheckTiming, Status: Pass, Message: msg}
	}
	c := timingFailed(t, failed, notes, info)
	c.Said = t.Said
	return c
}

// timingFailed is the failed timing check of run t, with the figures over
// budget (failed, and the further lines of their notes) and the others
// (info).
func timingFailed(t *classify.Facts, failed, notes, info []string) Check {
	switch {
	case len(failed) > 0:
		// The figures over budget are the message; under it, the rest of
		// their notes (a timeline of what the test saw), the other figures
		// and what the failed tests said besides them.
		details := append(notes, info...)
		details = append(details, t.BesideFigures...)
		details = append(details, "(measured with the timing tests running alone, without -race)")
		return Check{Name: manifest.CheckTiming, Status: Fail, Message: strings.Join(failed, "; "), Details: details}
	case t.Class == classify.Assertion:
		// A timing test failed on what it checks besides its figures (a
		// wrong error, a wrong result): its message, then the figures it
		// measured, all within budget.
		details := t.Details
		for _, m := range t.Measures {
			details = append(details, splitLines("figure: "+m.String())...)
		}
		return Check{Name: manifest.CheckTiming, Status: Fail, Message: t.Summary, Details: details}
	case t.Class == classify.Leak && !t.Stopped:
		// The tests finished; one of them found goroutines left running.
		details := t.TestDetails
		for _, m := range t.Measures {
			details = append(details, splitLines("figure: "+m.String())...)
		}
		return Check{Name: manifest.CheckTiming, Status: Fail, Message: "failed: " + classify.TestList(t.FailedTests) +
			" (the goroutines left running are under leak)", Details: details}
	default:
		return Check{Name: manifest.CheckTiming, Status: Fail, Message: fmt.Sprintf("the timing tests did not finish: %s", t.Summary),
			Details: withMessages(t.Details, t.TestDetails), Places: t.Places}
	}
}

// withMessages follows what ended a run (a deadlock's waits, a panic's
// stack) with what the failed tests said, each line once: a test that
// failed before the run stopped keeps its message.
func withMessages(details, messages []string) []string {
	out := slices.Clone(details)
	for _, m := range messages {
		dup := strings.TrimSpace(m) == "(as above)" || slices.ContainsFunc(details, func(d string) bool {
			return strings.HasSuffix(d, strings.TrimSpace(m))
		})
		if !dup {
			out = append(out, m)
		}
	}
	return out
}

// leakOnly reports that a timing run's only fault is a leak: every test
// passed and every figure is within budget.
func leakOnly(t *classify.Facts) bool {
	if t.Class != classify.Leak || len(t.FailedTests) > 0 || t.Stopped {
		return false
	}
	for _, m := range t.Measures {
		if !m.OK {
			return false
		}
	}
	return true
}

// timingFailure is the failure class and summary of an exercise whose
// functional run passed and whose timing run did not: "timing" when the
// timing check failed on a figure or a timing test's assertion, the run's
// own class (deadlock, timeout, panic, leak...) otherwise.
func timingFailure(t *classify.Facts, c Check) (classify.Class, string) {
	if c.Status == Fail && (t.Class == classify.Assertion || t.Class == classify.Race) {
		return classify.Timing, c.Message
	}
	return t.Class, t.Summary
}

// describe is a figure over budget and the first line of its note, for
// the check's message, and the note's further lines (a timeline, one
// event a line), for its details.
func describe(m katatest.Measure) (string, []string) {
	s := m.String()
	if m.Note == "" {
		return s, nil
	}
	first, rest, _ := strings.Cut(m.Note, "\n")
	return s + ": " + first, splitLines(rest)
}

// splitLines cuts s into its non-empty lines, each keeping its indentation.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimRight(l, " \r"); strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}
