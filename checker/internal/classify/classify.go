package classify

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/asynckata/kata/checker/internal/testrun"
	"github.com/asynckata/kata/internal/katatest"
)

// Markers the Go toolchain prints, matched on output lines.
const (
	markTimedOut  = "panic: test timed out after"
	markAsleep    = "all goroutines are asleep"
	markRace      = "WARNING: DATA RACE"
	markRaceTest  = "race detected during execution of test"
	markLeak      = "found unexpected goroutines"
	markFatal     = "fatal error:"
	markPanic     = "panic: "
	markSIGQUIT   = "SIGQUIT: quit"
	markCgoSignal = "signal arrived during cgo execution"
	markTestifyAt = "Error Trace:"
)

// Keep reports whether an output line carries a marker the classifier
// needs; such lines survive an output flood (see testrun.Limits).
func Keep(line string) bool {
	for _, m := range []string{markTimedOut, markAsleep, markRace, markRaceTest, markLeak, markFatal, markSIGQUIT, markCgoSignal, katatest.Prefix, katatest.DeadlockMarker, katatest.HungMarker, katatest.LeakMarker, markBubbleLeak, markBubbleDead} {
		if strings.Contains(line, m) {
			return true
		}
	}
	line = strings.TrimRight(line, "\n")
	return strings.HasPrefix(line, markPanic) || strings.HasPrefix(line, "goroutine ") ||
		fatalSignal(line) != "" || testifyFieldRE.MatchString(line) || locationRE.MatchString(line) ||
		strings.HasPrefix(strings.TrimLeft(line, " "), "\t")
}

// Input is one finished test run and what is known about how it ended.
type Input struct {
	Run *testrun.Run
	// ImportPath is the tested package, to find the learner's frames.
	ImportPath string
	// Killed reports that the checker's wall-clock limit ended the run.
	Killed bool
	// Limit is that wall-clock limit, for the message.
	Limit string
	// ExitCode is the test binary's exit status (-1 if killed by a signal).
	ExitCode int
	// Leftover lists processes the tests started and left running.
	Leftover []string
	// IsLog, if set, reports whether the test file's line (e.g.
	// "bank_test.go", 90) calls t.Log or t.Logf: what such a line printed
	// is a note, not a failure (see raceOnly).
	IsLog func(file string, line int) bool
}

// Facts is what a run shows, for scoring.
type Facts struct {
	// Class is the run's failure class, None if it passed.
	Class Class
	// Summary is one sentence on what happened, for the learner.
	Summary string
	// Details are the first useful lines of the failure.
	Details []string
	// Race and Leak report the detectors' findings.
	Race bool
	Leak bool
	// FailedTests lists the tests that failed for a reason of their own,
	// not only because the race detector flagged them.
	FailedTests []string
	// Passed reports that the package passed: every test, and goleak.
	Passed bool
	// Measures are the figures tests reported through katatest.
	Measures []katatest.Measure
	// TestDetails are what the failed tests said (testify's Error and
	// Messages, t.Error lines), whatever the class: a race that also broke
	// an assertion shows both.
	TestDetails []string
	// Stopped reports that the test binary ended before its tests did
	// (as Class.Stops, for a class that does not always stop it).
	Stopped bool
	// LeakMessage is the leak check's sentence when Leak is set: what was
	// left running, where it was found, and what to do; LeakDetails name
	// each goroutine or process once. Set whatever the class.
	LeakMessage string
	LeakDetails []string
	// Places are the learner's lines the class's details name (where
	// each deadlocked goroutine waits); RacePlaces the racing accesses;
	// LeakPlaces where each goroutine left running was started.
	Places, RacePlaces, LeakPlaces []Place
	// Said is what the failed tests said that a report must show (see
	// Said), for verify to hold the report to.
	Said []string
	// BesideFigures is TestDetails without the failure messages of the
	// figures over budget, which a timing check's message shows.
	BesideFigures []string
}

// Classify decides the facts of one run.
func Classify(in Input) Facts {
	run := in.Run
	f := Facts{Class: None, Passed: run.Result == testrun.Pass && !in.Killed}
	f.Measures = measures(run.Output)
	f.Race = anyContains(run.Output, markRace) || anyContains(run.Output, markRaceTest)
	f.Leak = anyContains(run.Output, markLeak) || anyContains(run.Output, katatest.LeakMarker) || len(in.Leftover) > 0

	for _, t := range run.Failed() {
		if t.Status == testrun.Incomplete || !raceOnly(t.Output, in.IsLog) {
			f.FailedTests = append(f.FailedTests, t.Name)
		}
	}

	if len(f.FailedTests) > 0 {
		f.TestDetails = assertionDetails(run, f.FailedTests, true)
		f.BesideFigures = assertionDetails(run, f.FailedTests, false)
		for _, t := range run.Failed() {
			if slices.Contains(f.FailedTests, t.Name) {
				f.Said = append(f.Said, Said(t.Output)...)
			}
		}
	}

	timedOut := in.Killed || anyContains(run.Output, markTimedOut)
	switch {
	case anyContains(run.Output, katatest.DeadlockMarker):
		deadlockMarked(&f, run, in.ImportPath)
	case anyContains(run.Output, katatest.HungMarker) && hungDeadlock(&f, run, in.ImportPath):
		// A test gave up on a call that can never return: a deadlock,
		// also when later tests then ran into the time limit.
	case timedOut:
		dead, waiters := Deadlocked(timeoutDump(run.Output), in.ImportPath)
		if dead {
			f.Class = Deadlock
			f.Summary = "deadlock: every goroutine of your code is blocked, waiting for another one"
			for _, w := range waiters {
				f.Details = append(f.Details, w.String())
				if p, ok := parsePlace(w.Where, fmt.Sprintf("deadlock: goroutine %s waits here in %s, in %s, forever", w.ID, w.State, w.Func)); ok {
					f.Places = append(f.Places, p)
				}
			}
			if len(waiters) > 8 {
				f.Details = append(f.Details[:8], fmt.Sprintf("... and %d more", len(waiters)-8))
			}
			return f
		}
		f.Class = Timeout
		f.Summary = timeoutSummary(in, run)
		f.Details = running(run)
	case anyContains(run.Output, markAsleep):
		f.Class = Deadlock
		f.Summary = "deadlock: the Go runtime found all goroutines asleep"
		f.Details = firstFrom(run.Output, markFatal, 12)
	case anyContains(run.Output, markBubbleLeak):
		leftBehind(&f, run, in)
		f.Stopped = true
	case anyContains(run.Output, markBubbleDead):
		bubbleDeadlock(&f, run, in.ImportPath)
		f.Stopped = true
	case f.Race:
		f.Class = Race
		f.Summary = "data race: two goroutines touched the same memory at once, at least one writing, with no lock or channel between them"
		f.Details = raceDetails(run.Output)
	case f.Leak:
		leftBehind(&f, run, in)
	case firstSignal(run.Output) != "":
		sig := firstSignal(run.Output)
		f.Class = Fatal
		f.Summary = "fatal signal: " + sig
		if anyContains(run.Output, markCgoSignal) {
			f.Summary += ", in C code called through cgo: look for a bad pointer or an out-of-bounds write on the C side"
		}
		f.Details = signalDetails(run.Output, in.ImportPath)
	case anyPrefix(run.Output, markFatal):
		f.Class = Fatal
		f.Summary = "fatal runtime error: " + strings.TrimSpace(strings.TrimPrefix(firstLine(run.Output, markFatal), markFatal))
		f.Details = firstFrom(run.Output, markFatal, 12)
	case anyPrefix(run.Output, markPanic):
		f.Class = Panic
		f.Summary = strings.TrimSpace(firstLinePrefix(run.Output, markPanic))
		f.Details = firstFrom(run.Output, markPanic, 12)
	case hasIncomplete(run) || (run.Result != testrun.Pass && len(run.Failed()) == 0):
		f.Class = Crash
		f.Summary = crashSummary(in, run)
		f.Details = lastLines(run.Output, 8)
	case len(run.Failed()) > 0:
		f.Class = Assertion
		f.Summary = "failed: " + TestList(names(run.Failed()))
		f.Details = assertionDetails(run, nil, true)
	}
	if f.Leak && f.LeakMessage == "" {
		var lf Facts
		leftBehind(&lf, run, in)
		f.LeakMessage, f.LeakDetails, f.LeakPlaces = lf.LeakMessage, lf.LeakDetails, lf.LeakPlaces
	}
	if f.Race {
		f.RacePlaces = racePlaces(run.Output, in.ImportPath)
	}
	if f.Class != None {
		f.Passed = false
	}
	return f
}

// fatalSignal returns "SIGSEGV: segmentation violation" for the line the
// Go runtime prints when a signal kills the program, else "".
func fatalSignal(line string) string {
	s := strings.TrimSpace(line)
	name, rest, ok := strings.Cut(s, ": ")
	if !ok || !strings.HasPrefix(name, "SIG") || strings.ContainsAny(name, " \t") || name == "SIGQUIT" || rest == "" {
		return ""
	}
	return s
}

func firstSignal(lines []string) string {
	for _, l := range lines {
		if sig := fatalSignal(l); sig != "" {
			return sig
		}
	}
	return ""
}

// signalDetails shows where the learner's code was when the signal hit.
func signalDetails(lines []string, importPath string) []string {
	out := []string{firstSignal(lines)}
	for _, g := range ParseDump(lines) {
		if f, ok := userFrame(g, importPath); ok && !strings.HasSuffix(f.Func, ".TestMain") {
			out = append(out, fmt.Sprintf("goroutine %s [%s] at %s (%s)", g.ID, g.State, trimFrame(f.File+":"+f.Line), shortFunc(f.Func, importPath)))
		}
		if len(out) == 6 {
			break
		}
	}
	return out
}

func timeoutSummary(in Input, run *testrun.Run) string {
	if in.Killed && !anyContains(run.Output, markTimedOut) {
		return "timeout: the test binary was still running at the " + in.Limit + " limit (before or after its tests: look at init and TestMain)"
	}
	return "timeout: the tests did not finish in time, and not every goroutine of your code was blocked, so it is no deadlock: " +
		"the lines below say where each one was"
}

func crashSummary(in Input, run *testrun.Run) string {
	for _, t := range run.Tests {
		if t.Status == testrun.Incomplete {
			return fmt.Sprintf("crash: the test binary exited (status %d) while %s was running: does your code call os.Exit or log.Fatal?", in.ExitCode, t.Name)
		}
	}
	return fmt.Sprintf("crash: the test binary exited with status %d without a failing test: does your code call os.Exit or log.Fatal?", in.ExitCode)
}

// raceOnly reports whether a failed test's only complaint is the race
// detector's.
func raceOnly(out []string, isLog func(string, int) bool) bool {
	if !anyContains(out, markRaceTest) {
		return false
	}
	for _, l := range out {
		s := strings.TrimSpace(l)
		if strings.Contains(s, markTestifyAt) || strings.HasPrefix(s, markPanic) {
			return false
		}
	}
	for _, l := range out {
		// t.Error and t.Fatal lines look like "file_test.go:12: message".
		if s := strings.TrimSpace(l); isTestMessage(s) && !strings.Contains(s, markRaceTest) && !strings.Contains(s, katatest.Prefix) && !logged(s, isLog) {
			return false
		}
	}
	return true
}

// logged reports whether the test message s ("bank_test.go:90: ...")
// came from a t.Log line.
func logged(s string, isLog func(string, int) bool) bool {
	if isLog == nil {
		return false
	}
	loc, _, _ := strings.Cut(s, ": ")
	file, line, _ := strings.Cut(loc, ":")
	n, err := strconv.Atoi(line)
	return err == nil && isLog(file, n)
}

func isTestMessage(s string) bool {
	file, _, ok := strings.Cut(s, ": ")
	if !ok || strings.ContainsAny(file, " \t") {
		return false
	}
	name, line, ok := strings.Cut(file, ".go:")
	return ok && name != "" && line != "" && strings.Trim(line, "0123456789") == ""
}

func measures(lines []string) []katatest.Measure {
	var out []katatest.Measure
	for _, l := range lines {
		_, js, ok := strings.Cut(l, katatest.Prefix)
		if !ok {
			continue
		}
		var m katatest.Measure
		if json.Unmarshal([]byte(js), &m) == nil {
			out = append(out, m)
		}
	}
	return out
}

// raceDetails keeps the first race report's shape: which access, by
// which goroutine, and the frames outside the runtime, with function names.
func raceDetails(lines []string) []string {
	var out []string
	in, fn := false, ""
	for _, l := range lines {
		s := strings.TrimSpace(l)
		switch {
		case strings.Contains(s, markRace):
			in = true
			out = append(out, s)
		case !in:
		case strings.HasPrefix(s, "=========="):
			return out
		case strings.HasSuffix(s, ":") && (strings.HasPrefix(s, "Read at") || strings.HasPrefix(s, "Write at") ||
			strings.HasPrefix(s, "Previous") || strings.HasPrefix(s, "Goroutine")):
			out = append(out, s)
		case funcRE.MatchString(s):
			fn = funcRE.FindStringSubmatch(s)[1]
		case strings.Contains(s, ".go:"):
			if fn != "" && !isStd(fn) {
				out = append(out, "    "+trimFrame(s)+" "+shortName(fn))
			}
			fn = ""
		}
	}
	return out
}

// trimFrame turns "/abs/path/bank.go:42 +0x1d" into "bank.go:42".
func trimFrame(s string) string {
	s, _, _ = strings.Cut(s, " +0x")
	if i := strings.LastIndex(s, "/"); i >= 0 {
		s = s[i+1:]
	}
	return s
}

// katatestPkg is the kata's own test support: its frames (TestMain's
// runner, the watchdog) are machinery, like the standard library's.
const katatestPkg = "github.com/asynckata/kata/internal/katatest."

// isStd reports whether fn belongs to the standard library (or goleak, or
// the generated test main): standard import paths have no dot in their
// first element.
func isStd(fn string) bool {
	if strings.HasPrefix(fn, "go.uber.org/goleak") || strings.HasPrefix(fn, katatestPkg) {
		return true
	}
	first := fn
	if i := strings.Index(fn, "/"); i >= 0 {
		first = fn[:i]
	} else if i := strings.Index(fn, "."); i >= 0 {
		first = fn[:i]
	}
	return !strings.Contains(first, ".")
}

func shortName(fn string) string {
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	if _, rest, ok := strings.Cut(fn, "."); ok {
		return rest
	}
	return fn
}

// timeoutDump is the goroutine dump of a run that timed out: the one the
// runtime printed at the timeout (or at the checker's SIGQUIT), each
// goroutine once, without the goroutines of earlier dumps (a test that
// gave up with katatest.Hung printed its own, itself running in it).
func timeoutDump(lines []string) []Goroutine {
	from := fromMarker(lines, markTimedOut)
	if from == nil {
		from = fromMarker(lines, markSIGQUIT)
	}
	if from == nil {
		from = lines
	}
	var out []Goroutine
	for _, g := range uniqueGoroutines(ParseDump(from)) {
		if !slices.ContainsFunc(g.Frames, func(fr Frame) bool { return strings.Contains(fr.Func, "/internal/katatest.Hung") }) {
			out = append(out, g)
		}
	}
	return out
}

// running lists the tests that were running when a timeout struck.
func running(run *testrun.Run) []string {
	var out []string
	lines := fromMarker(run.Output, markTimedOut)
	for i, l := range lines {
		if i > 0 && strings.TrimSpace(l) == "" {
			break
		}
		out = append(out, strings.TrimSpace(l))
	}
	for _, g := range timeoutDump(run.Output) {
		if len(g.Frames) == 0 && g.State == "running" {
			out = append(out, fmt.Sprintf("goroutine %s [running] on another thread, so its stack cannot be shown", g.ID))
		}
		for _, f := range g.Frames {
			if strings.HasSuffix(f.Func, ".TestMain") {
				break // waits for the tests: nothing to read there
			}
			if !isStd(f.Func) && !strings.HasSuffix(f.File, "_testmain.go") {
				out = append(out, fmt.Sprintf("goroutine %s [%s] at %s (%s)", g.ID, g.State, trimFrame(f.File+":"+f.Line), shortName(f.Func)))
				break
			}
		}
		if len(out) >= 10 {
			break
		}
	}
	return out
}

var (
	testifyFieldRE = regexp.MustCompile(`^\s*(Error Trace|Error|Test|Messages):\s*(.*)$`)
	pathOnlyRE     = regexp.MustCompile(`^\s*/\S+\.go:\d+\s*$`)
	locationRE     = regexp.MustCompile(`^\s*\S+\.go:\d+:\s*$`)
)

// cutLine shortens an overlong line at a word boundary, saying how much
// was left out.
func cutLine(s string, n int) string {
	end := strings.LastIndexByte(s[:n], ' ')
	if end < n/2 {
		end = n
		for end > 0 && !utf8.RuneStart(s[end]) {
			end--
		}
	}
	return s[:end] + fmt.Sprintf(" (%d more characters left out)", len(s)-end)
}

// TestList writes test names for a reader: a subtest whose parent is in
// the list too goes in brackets after it, so "TestA, TestA/x, TestA/y"
// reads "TestA (x, y)". Names keep their order.
func TestList(tests []string) string {
	var top []string
	subs := map[string][]string{} // a listed parent: its listed subtests
	for _, n := range tests {
		if parent, sub, ok := strings.Cut(n, "/"); ok && slices.Contains(tests, parent) {
			subs[parent] = append(subs[parent], sub)
			continue
		}
		top = append(top, n)
	}
	for i, n := range top {
		if s := subs[n]; len(s) > 0 {
			top[i] = n + " (" + strings.Join(s, ", ") + ")"
		}
	}
	return strings.Join(top, ", ")
}

func names(ts []testrun.Test) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.Name
	}
	return out
}

func hasIncomplete(run *testrun.Run) bool {
	for _, t := range run.Tests {
		if t.Status == testrun.Incomplete {
			return true
		}
	}
	return false
}

func anyContains(lines []string, s string) bool {
	return firstLine(lines, s) != ""
}

func firstLine(lines []string, s string) string {
	for _, l := range lines {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

func anyPrefix(lines []string, p string) bool { return firstLinePrefix(lines, p) != "" }

func firstLinePrefix(lines []string, p string) string {
	for _, l := range lines {
		if strings.HasPrefix(l, p) {
			return l
		}
	}
	return ""
}

func fromMarker(lines []string, s string) []string {
	for i, l := range lines {
		if strings.Contains(l, s) {
			return lines[i:]
		}
	}
	return nil
}

func firstFrom(lines []string, s string, n int) []string {
	var out []string
	for _, l := range fromMarker(lines, s) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(l), "/") {
			l = "    " + trimFrame(strings.TrimSpace(l))
		}
		out = append(out, l)
		if len(out) == n {
			break
		}
	}
	return out
}

func lastLines(lines []string, n int) []string {
	var out []string
	for i := len(lines) - 1; i >= 0 && len(out) < n; i-- {
		if s := strings.TrimSpace(lines[i]); s != "" {
			out = append([]string{lines[i]}, out...)
		}
	}
	return out
}
