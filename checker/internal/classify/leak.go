package classify

import (
	"fmt"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/testrun"
	"github.com/asynckata/kata/internal/katatest"
)

// The places a goroutine left running is found, each with a dump of it:
// synctest's panic when a bubble's function returns while goroutines of
// the bubble remain (markBubbleLeak), katatest.NoGoroutinesLeft right
// after a call returned (katatest.LeakMarker), a test's own check or
// goleak after the tests (markLeak).
var leakMarkers = []string{markBubbleLeak, katatest.LeakMarker, markLeak}

// leftBehind classifies goroutines and processes left running. Each
// goroutine is named once, however many dumps show it, with where it was
// and what started it. When it was found inside a test, after the call
// that started it returned, the message says so: that call must wait for
// it.
func leftBehind(f *Facts, run *testrun.Run, in Input) {
	f.Class, f.Leak = Leak, true
	for _, p := range in.Leftover {
		f.Details = append(f.Details, "process "+p+" (start it with exec.Cmd and Wait for it)")
		if len(f.Details) == 4 {
			break
		}
	}
	gs := leakDumps(run.Output)
	stuck := stuckGoroutines(gs, in.ImportPath, func(Goroutine) bool { return true })
	mine := map[string]bool{}
	for _, s := range stuck {
		mine[s.ID] = true
		f.Details = append(f.Details, s.leakLine())
	}
	for _, g := range gs {
		if !mine[g.ID] {
			f.Details = append(f.Details, foreignLeakLine(g))
		}
	}
	if len(f.Details) > 8 {
		f.Details = append(f.Details[:8], fmt.Sprintf("... and %d more", len(f.Details)-8))
	}
	f.LeakDetails = f.Details
	f.LeakPlaces = leakPlaces(stuck)
	f.LeakMessage = leakMessage(gs, stuck, leakTests(run), in)
	f.Summary = "goroutine leak: " + f.LeakMessage
	if len(in.Leftover) > 0 && len(gs) == 0 {
		f.Summary = "process leak: " + f.LeakMessage
	}
}

// leakDumps returns the goroutines of every leak report in lines, each
// once, leaving out the goroutines that run a test (synctest's panic
// dumps the test's own goroutine too).
func leakDumps(lines []string) []Goroutine {
	start := len(lines)
	for _, m := range leakMarkers {
		for i, l := range lines[:start] {
			if strings.Contains(l, m) {
				start = i
				break
			}
		}
	}
	var out []Goroutine
	for _, g := range uniqueGoroutines(ParseDump(lines[start:])) {
		if !slices.ContainsFunc(g.Frames, func(f Frame) bool { return f.Func == "testing.tRunner" }) {
			out = append(out, g)
		}
	}
	return out
}

// uniqueGoroutines keeps the first entry of each goroutine: a goroutine
// shown by two dumps of one run is one goroutine.
func uniqueGoroutines(gs []Goroutine) []Goroutine {
	seen := map[string]bool{}
	var out []Goroutine
	for _, g := range gs {
		if !seen[g.ID] {
			seen[g.ID] = true
			out = append(out, g)
		}
	}
	return out
}

// foreignLeakLine names a goroutine left running that runs no code of the
// package: by its first frame outside the standard library, or by what
// started it (an httptest server nobody closed).
func foreignLeakLine(g Goroutine) string {
	where := ""
	for _, f := range g.Frames {
		if !isStd(f.Func) {
			where = " at " + trimFrame(f.File+":"+f.Line) + " (" + shortName(f.Func) + ")"
			break
		}
	}
	if where == "" && len(g.Frames) > 0 {
		fn := g.Frames[len(g.Frames)-1].Func
		where = " started by " + fn[strings.LastIndex(fn, "/")+1:]
	}
	return fmt.Sprintf("goroutine %s [%s]%s", g.ID, g.State, where)
}

// leakTests lists the tests in which goroutines left running were found,
// in order.
func leakTests(run *testrun.Run) []string {
	var out []string
	add := func(name string) {
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	for _, l := range run.Output {
		if _, rest, ok := strings.Cut(l, katatest.LeakMarker); ok {
			name, _, _ := strings.Cut(rest, ":")
			add(strings.TrimSpace(name))
		}
	}
	for _, t := range run.Tests {
		if anyContains(t.Output, markBubbleLeak) || anyContains(t.Output, markLeak) {
			add(t.Name)
		}
	}
	if len(out) == 0 && anyContains(run.Output, markBubbleLeak) && len(run.Started) > 0 {
		add(run.Started[len(run.Started)-1]) // the bubble's panic came after its test's output
	}
	return out
}

// leakMessage says what was left running and where it was found: "Run
// returned while 3 of its goroutines were still running (at pipeline.go:40,
// pipeline.go:40 and pipeline.go:56): wait for them before returning
// (found in TestConsumerStopsEarly)" when a test found them after the
// call that started them had returned.
func leakMessage(gs []Goroutine, stuck []Stuck, tests []string, in Input) string {
	var learner []Stuck
	for _, s := range stuck {
		if !s.InTest {
			learner = append(learner, s)
		}
	}
	if len(gs) == 0 && len(in.Leftover) > 0 {
		return "processes the tests started were still running after they ended"
	}
	found := ""
	if len(tests) > 0 {
		found = " (found in " + list(tests, 3) + ")"
	}
	byID := map[string]Goroutine{}
	for _, g := range gs {
		byID[g.ID] = g
	}
	fn := ""
	for i, s := range learner {
		e := enclosing(byID[s.ID], in.ImportPath)
		if i > 0 && e != fn {
			fn = ""
			break
		}
		fn = e
	}
	if len(tests) > 0 && fn != "" && !inside(gs, fn, in.ImportPath) {
		if len(learner) == 1 {
			return fmt.Sprintf("%s returned while its goroutine at %s was still running: wait for it before returning%s",
				fn, learner[0].Where, found)
		}
		return fmt.Sprintf("%s returned while %d of its goroutines were still running (%s): wait for them before returning%s",
			fn, len(learner), places(learner), found)
	}
	n := len(gs)
	if len(learner) > 0 {
		n = len(learner)
	}
	state := "running"
	if allBlocked(gs) {
		state = "blocked"
	}
	if n == 0 && len(tests) > 0 {
		// The test saw them, but they had ended before it printed them.
		return fmt.Sprintf("goroutines of your code were still running when %s looked", list(tests, 3))
	}
	if len(tests) > 0 {
		return fmt.Sprintf("%s of your code %s still %s at the end of %s", count(n, "goroutine"), were(n), state, list(tests, 3))
	}
	return fmt.Sprintf("%s %s still %s after the tests ended", count(n, "goroutine"), were(n), state)
}

// enclosing returns the function of the package that started g, as the
// learner wrote it: the function of its "created by" frame when that is
// the package's, else the one its outermost frame of the package belongs
// to ("Run" for the closure Run.func1 that sync.WaitGroup.Go started); ""
// when g runs none of the package's non-test code.
func enclosing(g Goroutine, importPath string) string {
	for i := len(g.Frames) - 1; i >= 0; i-- {
		f := g.Frames[i]
		if inPackage(f.Func, importPath) && !strings.HasSuffix(f.File, "_test.go") {
			return outerFunc(shortFunc(f.Func, importPath))
		}
	}
	return ""
}

// outerFunc drops the compiler's names for closures and iterator bodies:
// "Run.func1.2" and "Run-range1" are Run, "(*Pool).Submit.func1" is
// (*Pool).Submit; "" for a package-level closure.
func outerFunc(fn string) string {
	recv, name := "", fn
	if strings.HasPrefix(fn, "(") {
		r, rest, ok := strings.Cut(fn, ").")
		if !ok {
			return fn
		}
		recv, name = r+").", rest
	}
	if i := strings.IndexAny(name, ".-["); i >= 0 {
		name = name[:i]
	}
	if name == "" || name == "glob" {
		return ""
	}
	return recv + name
}

// inside reports whether a goroutine of gs is inside fn itself (not one
// of its closures): then fn has not returned.
func inside(gs []Goroutine, fn, importPath string) bool {
	for _, g := range gs {
		for _, f := range g.Frames {
			if !f.Creator && inPackage(f.Func, importPath) && shortFunc(f.Func, importPath) == fn {
				return true
			}
		}
	}
	return false
}

// allBlocked reports whether every goroutine of gs waits where only
// another goroutine can wake it (a lock, a channel, a WaitGroup).
func allBlocked(gs []Goroutine) bool {
	for _, g := range gs {
		if !blockedStates[g.State] {
			return false
		}
	}
	return len(gs) > 0
}

// places says where goroutines are, grouped by line: "2 at pipeline.go:40,
// 1 at pipeline.go:56", or "all 3 at pipeline.go:40".
func places(stuck []Stuck) string {
	var lines []string
	n := map[string]int{}
	for _, s := range stuck {
		if n[s.Where] == 0 {
			lines = append(lines, s.Where)
		}
		n[s.Where]++
	}
	if len(lines) == 1 {
		return fmt.Sprintf("all %d at %s", len(stuck), lines[0])
	}
	var out []string
	for _, l := range lines {
		out = append(out, fmt.Sprintf("%d at %s", n[l], l))
	}
	return list(out, 4)
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func were(n int) string {
	if n == 1 {
		return "was"
	}
	return "were"
}

// list joins names as a sentence does, with at most most of them.
func list(names []string, most int) string {
	if len(names) > most {
		return strings.Join(names[:most], ", ") + fmt.Sprintf(" and %d more", len(names)-most)
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}
