package classify

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/testrun"
	"github.com/asynckata/kata/internal/katatest"
)

// Markers of stuck goroutines found while the program runs.
const (
	// markBubbleLeak and markBubbleDead are testing/synctest's panics when
	// a bubble ends with goroutines still blocked, and when every
	// goroutine of a bubble is blocked.
	markBubbleLeak = "main bubble goroutine has exited but blocked goroutines remain"
	markBubbleDead = "all goroutines in bubble are blocked"
)

// Stuck is a goroutine of the learner's package that is blocked for good,
// and where: what a deadlock or leak report says about each one.
type Stuck struct {
	ID string
	// State is the goroutine's wait as the dump names it: "chan send".
	State string
	// Waits is what it waits on: "a sync.Mutex (Lock)", "a channel send".
	Waits string
	// Where is the learner's line where it waits, "bank.go:48", and Func
	// the function there, "(*Bank).Transfer".
	Where, Func string
	// Started is the line that started it, "bank_test.go:44 (runPair)",
	// or "" when that is not the package's code.
	Started string
	// InTest reports that Where is in a _test.go file.
	InTest bool
	// Reentrant, when set, is the sentence on a goroutine that waits for
	// a lock it already holds.
	Reentrant string
}

func (s Stuck) String() string {
	out := fmt.Sprintf("goroutine %s waits on %s at %s in %s", s.ID, s.Waits, s.Where, s.Func)
	if s.Started != "" {
		out += ", started at " + s.Started
	}
	return out
}

// leakLine says where a leftover goroutine is and what started it.
func (s Stuck) leakLine() string {
	line := fmt.Sprintf("goroutine %s [%s] at %s in %s", s.ID, s.State, s.Where, s.Func)
	if s.Started != "" {
		line += ", started at " + s.Started
	}
	return line
}

// waits names what a goroutine in state waits on.
func waits(state string) string {
	switch state {
	case "sync.Mutex.Lock":
		return "a sync.Mutex (Lock)"
	case "sync.RWMutex.Lock":
		return "a sync.RWMutex (Lock)"
	case "sync.RWMutex.RLock":
		return "a sync.RWMutex (RLock)"
	case "sync.WaitGroup.Wait":
		return "a sync.WaitGroup (Wait)"
	case "sync.Cond.Wait":
		return "a sync.Cond (Wait)"
	case "chan send":
		return "a channel send (no goroutine will ever receive)"
	case "chan receive":
		return "a channel receive (no goroutine will ever send or close)"
	case "chan send (nil chan)":
		return "a send on a nil channel"
	case "chan receive (nil chan)":
		return "a receive from a nil channel"
	case "select":
		return "a select (none of its cases can ever proceed)"
	case "select (no cases)":
		return "an empty select"
	case "sleep":
		return "time.Sleep"
	}
	return state
}

// stuckGoroutines lists the goroutines of gs that run code of the package
// importPath (found with keep), learner files first, each with its wait,
// its line and the line that started it.
func stuckGoroutines(gs []Goroutine, importPath string, keep func(Goroutine) bool) []Stuck {
	var out []Stuck
	for _, g := range gs {
		if !keep(g) {
			continue
		}
		f, ok := waitFrame(g, importPath)
		if !ok || strings.HasSuffix(f.Func, ".TestMain") {
			continue
		}
		s := Stuck{
			ID:     g.ID,
			State:  g.State,
			Waits:  waits(g.State),
			Where:  filepath.Base(f.File) + ":" + f.Line,
			Func:   shortFunc(f.Func, importPath),
			InTest: strings.HasSuffix(f.File, "_test.go"),
		}
		if c, ok := creatorFrame(g, importPath); ok {
			s.Started = filepath.Base(c.File) + ":" + c.Line + " (" + shortFunc(c.Func, importPath) + ")"
		}
		s.Reentrant = reentrant(g, importPath)
		out = append(out, s)
	}
	// Learner files first: that is where the fix goes.
	slices.SortStableFunc(out, func(a, b Stuck) int {
		switch {
		case a.InTest == b.InTest:
			return 0
		case !a.InTest:
			return -1
		}
		return 1
	})
	return out
}

// inPackage reports whether fn is code of the package or its tests.
func inPackage(fn, importPath string) bool {
	return strings.HasPrefix(fn, importPath+".") || strings.HasPrefix(fn, importPath+"_test.")
}

// waitFrame is the innermost frame of the package, leaving out the
// "created by" frame, preferring non-test code, like userFrame.
func waitFrame(g Goroutine, importPath string) (Frame, bool) {
	return innermostFrame(g, importPath, true)
}

func creatorFrame(g Goroutine, importPath string) (Frame, bool) {
	for _, f := range g.Frames {
		if f.Creator && inPackage(f.Func, importPath) {
			return f, true
		}
	}
	return Frame{}, false
}

// reentrant explains a goroutine that waits to lock a mutex while a
// method of the same type further up its own stack holds it: Total locks
// the bank and calls Balance, which locks the bank again. sync.Mutex is
// not re-entrant, so that goroutine waits for itself.
func reentrant(g Goroutine, importPath string) string {
	var kind string
	switch g.State {
	case "sync.Mutex.Lock":
		kind = "sync.Mutex"
	case "sync.RWMutex.Lock", "sync.RWMutex.RLock":
		kind = "sync.RWMutex"
	default:
		return ""
	}
	var frames []Frame
	for _, f := range g.Frames {
		if !f.Creator && inPackage(f.Func, importPath) && !strings.HasSuffix(f.File, "_test.go") {
			frames = append(frames, f)
		}
	}
	if len(frames) < 2 {
		return ""
	}
	inner := frames[0]
	recv := receiver(shortFunc(inner.Func, importPath))
	if recv == "" {
		return ""
	}
	for _, outer := range frames[1:] {
		name, innerName := shortFunc(outer.Func, importPath), shortFunc(inner.Func, importPath)
		if receiver(name) != recv || method(name) == method(innerName) {
			continue // the same method (or a closure in it): not a second Lock on one path
		}
		return fmt.Sprintf("%s is not re-entrant: %s holds the lock and calls %s at %s:%s, which waits at %s:%s to lock it again, "+
			"so this goroutine waits for itself, forever. Do not lock twice on one path: let %s use the fields directly, "+
			"or move the shared part into an unexported method that expects the caller to hold the lock.",
			kind, name, innerName, filepath.Base(outer.File), outer.Line, filepath.Base(inner.File), inner.Line, method(name))
	}
	return ""
}

// receiver returns "(*Bank)" of "(*Bank).Total", "" for a plain function.
func receiver(fn string) string {
	if !strings.HasPrefix(fn, "(") {
		return ""
	}
	r, _, ok := strings.Cut(fn, ")")
	if !ok {
		return ""
	}
	return r + ")"
}

// method returns "Total" of "(*Bank).Total", and of the closures the
// compiler makes inside it: "(*Bank).Total.func1", the body of a range
// over a function "(*Bank).Total-range1", an inlined iterator
// "(*Bank).Total.Backward[...].func1".
func method(fn string) string {
	_, m, _ := strings.Cut(fn, ").")
	if i := strings.IndexAny(m, ".-["); i >= 0 {
		m = m[:i]
	}
	return m
}

// deadlockMarked classifies the report of katatest's watchdog: a test
// blocked forever, found by the goroutineleak profile while the tests ran.
func deadlockMarked(f *Facts, run *testrun.Run, importPath string) {
	marker := firstLine(run.Output, katatest.DeadlockMarker)
	_, rest, _ := strings.Cut(marker, katatest.DeadlockMarker)
	test := ""
	if fs := strings.Fields(rest); len(fs) >= 3 {
		test = strings.TrimSuffix(fs[2], ":")
	}
	stuck := stuckGoroutines(ParseDump(fromMarker(run.Output, katatest.DeadlockMarker)), importPath,
		func(g Goroutine) bool { return g.Leaked })
	summary := "deadlock: " + test + " can never finish: its goroutines are blocked forever, each waiting for a lock, " +
		"channel or WaitGroup that no running goroutine will release (seen by Go's goroutineleak profile)"
	if _, why, ok := strings.Cut(marker, katatest.WaitsForever); ok {
		// The test waits with a timer for a goroutine it started.
		site := ""
		if _, after, ok := strings.Cut(why, " started at "); ok {
			site, _, _ = strings.Cut(after, " ")
		}
		summary = "deadlock: in " + test + ", the call the test runs in the goroutine it started at " + site +
			" can never return: the goroutines below are blocked forever, each waiting for a lock, channel or WaitGroup " +
			"that no running goroutine will release (seen by Go's goroutineleak profile)"
	}
	deadlocked(f, run, test, stuck, summary, "deadlock: a goroutine waits for a lock it already holds, in "+test)
}

// deadlocked sets f to a deadlock in test: summary, or reentrant when a
// goroutine waits for a lock it holds (that sentence first), then where
// each stuck goroutine waits, then what the test logged.
func deadlocked(f *Facts, run *testrun.Run, test string, stuck []Stuck, summary, reentrant string) {
	f.Class = Deadlock
	f.Summary = summary
	for _, s := range stuck {
		if s.Reentrant != "" {
			f.Summary = reentrant
			f.Details = append(f.Details, s.Reentrant)
			break
		}
	}
	f.Details = append(f.Details, stuckLines(stuck, 8)...)
	f.Details = append(f.Details, testNotes(run, test)...)
	f.Places = stuckPlaces(stuck)
}

// bubbleDeadlock classifies testing/synctest's panic when every goroutine
// of a bubble is blocked, naming each with its line.
func bubbleDeadlock(f *Facts, run *testrun.Run, importPath string) {
	stuck := stuckGoroutines(uniqueGoroutines(ParseDump(run.Output)), importPath, func(g Goroutine) bool {
		return g.State != "running" && g.State != "runnable"
	})
	f.Class = Deadlock
	f.Summary = "deadlock: every goroutine in a test's synctest bubble is blocked, waiting for another one"
	f.Details = stuckLines(stuck, 8)
	f.Places = stuckPlaces(stuck)
}

func stuckLines(stuck []Stuck, most int) []string {
	var out []string
	for i, s := range stuck {
		if i == most {
			out = append(out, fmt.Sprintf("... and %d more", len(stuck)-most))
			break
		}
		out = append(out, s.String())
	}
	return out
}

// testNotes are the messages test logged (t.Log, t.Error) before it got
// stuck, each whole: they often say what it was doing.
func testNotes(run *testrun.Run, test string) []string {
	var out []string
	for _, t := range run.Tests {
		if t.Name != test {
			continue
		}
		for _, l := range testLines(t.Name, t.Output) {
			switch {
			case !l.failed:
			case strings.HasPrefix(l.text, " ") || strings.HasPrefix(l.text, test+" at "):
				out = append(out, l.text)
			default:
				out = append(out, test+": "+l.text)
			}
		}
	}
	return out
}

// timerProof reports whether no timer can end a wait in state: of the
// blocked states, a select or a receive may be waiting for a time.After or
// a ticker, so a test that gave up on it cannot call it stuck for good.
func timerProof(state string) bool {
	return blockedStates[state] && state != "select" && state != "chan receive"
}

// hungDeadlock classifies a test that gave up waiting for a call
// (katatest.Hung, which prints a dump of every goroutine): when every
// goroutine of the package is blocked, the call can never return, and the
// run is a deadlock with each wait named. It reports false, changing
// nothing, when one of them still runs, sleeps or waits in a select or a
// receive (which a timer may end): the code may only be slow, and the
// test's own failure says what it saw.
//
// When the test gave up inside a synctest bubble, the bubble's clock
// reached the test's deadline only because every goroutine of the bubble
// was durably blocked, so a select or a receive marked "(durable)"
// outlived every timer set before it: it counts as blocked for good. The
// tests' own goroutines (code of _test.go files only) that wait on a
// channel, a WaitGroup or the bubble are left out: they wait for the
// learner's code, not the other way round.
func hungDeadlock(f *Facts, run *testrun.Run, importPath string) bool {
	lines := fromMarker(run.Output, katatest.HungMarker)
	if len(lines) == 0 {
		return false
	}
	_, rest, _ := strings.Cut(lines[0], katatest.HungMarker)
	test, call, _ := strings.Cut(strings.TrimSpace(rest), ": ")
	call, _, _ = strings.Cut(call, "; every goroutine")
	dump := lines[1:]
	for i, l := range dump {
		if isTestMessage(strings.TrimSpace(l)) { // the test's failure: the dump is over
			dump = dump[:i]
			break
		}
	}
	all := ParseDump(dump)
	hung := func(g Goroutine) bool {
		return slices.ContainsFunc(g.Frames, func(fr Frame) bool { return strings.Contains(fr.Func, "/internal/katatest.Hung") })
	}
	inBubble := slices.ContainsFunc(all, func(g Goroutine) bool { return hung(g) && g.Bubble })
	var gs []Goroutine
	durable := map[string]bool{}
	for _, g := range all {
		if hung(g) {
			continue // the test's own goroutine, giving up, is not one of them
		}
		if inBubble && (blockedStates[g.State] || g.State == "synctest.Run") && onlyTestCode(g, importPath) {
			continue
		}
		durable[g.ID] = inBubble && g.Durable
		gs = append(gs, g)
	}
	dead, waiters := Deadlocked(gs, importPath)
	if !dead {
		return false
	}
	for _, w := range waiters {
		if !timerProof(w.State) && !durable[w.ID] {
			return false // a select or receive may be waiting for a timer
		}
	}
	stuck := stuckGoroutines(gs, importPath, func(g Goroutine) bool { return blockedStates[g.State] })
	deadlocked(f, run, test, stuck,
		"deadlock: in "+test+", "+call+", and every goroutine of your code is blocked, "+
			"each waiting for a lock, channel or WaitGroup that nothing will release",
		"deadlock: a goroutine waits for a lock it already holds, in "+test+" ("+call+")")
	return true
}

// onlyTestCode reports whether every frame of g in the package is in a
// _test.go file, and there is at least one: a goroutine of the tests, not
// of the learner's code.
func onlyTestCode(g Goroutine, importPath string) bool {
	any := false
	for _, f := range g.Frames {
		if !inPackage(f.Func, importPath) {
			continue
		}
		if !strings.HasSuffix(f.File, "_test.go") {
			return false
		}
		any = true
	}
	return any
}
