package katatest

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// DeadlockMarker starts the line the watchdog prints when a test can never
// finish; the goroutine dump of the stuck goroutines follows it.
const DeadlockMarker = "kata:deadlock "

// LeakProfile is the name of the runtime/pprof profile that lists the
// goroutines blocked forever (Go 1.26 with GOEXPERIMENT=goroutineleakprofile,
// and every Go from 1.27 on).
const LeakProfile = "goroutineleak"

// PollEvery is how often the watchdog reads the leak profile.
const PollEvery = 200 * time.Millisecond

// Main runs an exercise's tests and exits: call it from TestMain.
//
// While the tests run, a watchdog reads the goroutineleak profile a few
// times a second (when the toolchain has it). When the goroutine running a
// test is blocked forever in two polls in a row (it waits on a lock,
// channel or WaitGroup that no running goroutine can release), the test can
// never finish: Main prints DeadlockMarker, the test's name and the stacks
// of every goroutine blocked forever, and exits at once with status 2,
// rather than waiting for the time limit.
//
// After the tests, if they all passed, goleak looks for goroutines left
// running, as goleak.VerifyTestMain does, with the same options.
func Main(m *testing.M, opts ...goleak.Option) {
	w := startWatchdog(os.Stderr, PollEvery)
	code := m.Run()
	w.stop()
	if code == 0 {
		if err := goleak.Find(opts...); err != nil {
			fmt.Fprintf(os.Stderr, "goleak: Errors on successful test run: %v\n", err)
			code = 1
		}
	}
	os.Exit(code)
}

// HasLeakProfile reports whether this toolchain offers the goroutineleak
// profile.
func HasLeakProfile() bool { return pprof.Lookup(LeakProfile) != nil }

type watchdog struct {
	done chan struct{}
	wg   sync.WaitGroup
}

func startWatchdog(out io.Writer, every time.Duration) *watchdog {
	w := &watchdog{done: make(chan struct{})}
	p := pprof.Lookup(LeakProfile)
	if p == nil {
		return w
	}
	w.wg.Go(func() {
		t := time.NewTicker(every)
		defer t.Stop()
		var prev string // the stuck test goroutine seen in the last poll
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
			}
			dump := leakedGoroutines(p)
			stuck, why := stuckTest(dump), canNeverFinish
			if stuck == "" && len(dump) > 0 {
				stuck, why = waitingTest(dump, allGoroutines())
			}
			if stuck != "" && stuck == prev {
				report(out, stuck, why, dump)
				os.Exit(2)
			}
			prev = stuck
		}
	})
	return w
}

func (w *watchdog) stop() {
	close(w.done)
	w.wg.Wait()
}

// leakedGoroutines returns the profile's dump (debug=2 form), keeping only
// the goroutines marked leaked.
func leakedGoroutines(p *pprof.Profile) []block {
	var buf bytes.Buffer
	if err := p.WriteTo(&buf, 2); err != nil {
		return nil
	}
	var out []block
	for _, b := range splitDump(buf.String()) {
		if strings.Contains(b.header, "(leaked)") {
			out = append(out, b)
		}
	}
	return out
}

// block is one goroutine of a dump: its header line and its stack.
type block struct {
	header string // "goroutine 7 [sync.WaitGroup.Wait (leaked)]:"
	body   string
}

func splitDump(s string) []block {
	var out []block
	for _, part := range strings.Split(strings.TrimSpace(s), "\n\n") {
		header, body, _ := strings.Cut(part, "\n")
		if strings.HasPrefix(header, "goroutine ") {
			out = append(out, block{header: header, body: body})
		}
	}
	return out
}

// stuckTest returns "goroutine N TestName" for a leaked goroutine that runs
// a test (its stack goes through testing.tRunner into a Test function), or
// "" when every test goroutine can still make progress.
func stuckTest(bs []block) string {
	for _, b := range bs {
		if !strings.Contains(b.body, "testing.tRunner(") {
			continue
		}
		if name := testName(b.body); name != "" {
			return "goroutine " + strings.Fields(b.header)[1] + " " + name
		}
	}
	return ""
}

// testName finds the outermost Test function of a stack, e.g. TestTransfer
// from "example.com/m/bank.TestTransfer(0x...)", or "" when the stack runs
// no test (the main goroutine, waiting for the tests).
func testName(stack string) string {
	name := ""
	for _, line := range strings.Split(stack, "\n") {
		fn, _, ok := strings.Cut(strings.TrimSpace(line), "(")
		if !ok || strings.HasPrefix(line, "\t") {
			continue
		}
		fn = fn[strings.LastIndex(fn, "/")+1:]
		if _, short, ok := strings.Cut(fn, "."); ok && strings.HasPrefix(short, "Test") && !strings.HasPrefix(short, "TestMain") {
			short, _, _ = strings.Cut(short, ".")
			name = short
		}
	}
	return name
}

// canNeverFinish is why the watchdog stops a test whose own goroutine is
// blocked forever.
const canNeverFinish = "this test can never finish."

// WaitsForever starts the watchdog's reason when a test waits, with a
// timer of its own, for a goroutine it started that is blocked forever:
// the call that goroutine makes can never return.
const WaitsForever = "this test waits for a call that can never return:"

// waitingTest returns "goroutine N TestName" and why, when a goroutine
// started by a test's own code (a helper that runs the call under test in
// a goroutine and waits for it in a select with a timer) is blocked
// forever while that test's goroutine still waits in a select or a
// receive: the test can only give up, after its timer, on a call that
// deadlocked long before. "" when there is none.
func waitingTest(leaked, all []block) (string, string) {
	for _, b := range leaked {
		parent, site, ok := startedByTest(b.body)
		if !ok {
			continue
		}
		for _, a := range all {
			if strings.Fields(a.header)[1] != parent {
				continue
			}
			state := strings.TrimSuffix(strings.TrimPrefix(a.header, "goroutine "+parent+" ["), "]:")
			state, _, _ = strings.Cut(state, ",")
			name := testName(a.body)
			if name == "" || !strings.Contains(a.body, "testing.tRunner(") || (state != "select" && state != "chan receive") {
				break
			}
			return "goroutine " + parent + " " + name, fmt.Sprintf("%s the goroutine it started at %s is blocked forever.", WaitsForever, site)
		}
	}
	return "", ""
}

// startedByTest returns the goroutine that started the one whose stack is
// given, and where ("parallel_test.go:45"), when that was a test file's
// code.
func startedByTest(stack string) (string, string, bool) {
	lines := strings.Split(strings.TrimSpace(stack), "\n")
	if len(lines) < 2 {
		return "", "", false
	}
	by, file := strings.TrimSpace(lines[len(lines)-2]), strings.TrimSpace(lines[len(lines)-1])
	_, parent, ok := strings.Cut(by, " in goroutine ")
	if !strings.HasPrefix(by, "created by ") || !ok {
		return "", "", false
	}
	file, _, _ = strings.Cut(file, " ")
	file = file[strings.LastIndex(file, "/")+1:]
	if !strings.Contains(file, "_test.go:") {
		return "", "", false
	}
	return parent, file, true
}

func report(out io.Writer, stuck, why string, bs []block) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s: %s The goroutines below are blocked forever: "+
		"each waits on a lock, channel or WaitGroup that no running goroutine can release "+
		"(found by Go's goroutineleak profile).\n\n", DeadlockMarker, stuck, why)
	writeBlocks(&b, bs, func(block) bool { return true })
	_, _ = io.WriteString(out, b.String())
}

// NoGoroutinesLeft fails t when a goroutine that runs code of the calling
// package's non-test files, and did not exist when before was taken, is
// still alive after grace. Call it right after the function under test
// returns, with a short grace (a few milliseconds): a function that waits
// for its goroutines leaves none; one that returns early leaves them
// running, which goleak at the end of the run would not see once they
// drain.
func NoGoroutinesLeft(t testing.TB, before Goroutines, grace time.Duration, what string) {
	t.Helper()
	left := waitGone(before, grace)
	if len(left) == 0 {
		return
	}
	// The dump leaked prints names each goroutine (the checker lists them
	// under leak): the message says what to do.
	leaked(os.Stdout, t.Name(), what+" left goroutines running after it returned", left)
	t.Errorf("%s: %s still running after it returned. Wait for every goroutine you start "+
		"(sync.WaitGroup, errgroup) before returning, also on the cancelled path.", what,
		goroutines(len(left), "it started "))
}

// GoroutinesEnded fails t, as NoGoroutinesLeft does, when a goroutine of
// the package's non-test files started since before is still alive after
// grace, for goroutines that are meant to outlive the call that started
// them (a generator, a background worker) and must end once told to stop.
// what says what happened before the test looked ("the caller cancelled
// ctx"), advice what to try; the message reads "<what>: N goroutine(s)
// still running <grace> later. <advice>". Inside a synctest bubble, call
// synctest.Wait first and pass a grace of 0: the goroutines that could
// still end have ended by then.
func GoroutinesEnded(t testing.TB, before Goroutines, grace time.Duration, what, advice string) {
	t.Helper()
	left := waitGone(before, grace)
	if len(left) == 0 {
		return
	}
	leaked(os.Stdout, t.Name(), what+", and goroutines were left running", left)
	later := ""
	if grace > 0 {
		later = fmt.Sprintf(" %v later", grace)
	}
	t.Errorf("%s: %s still running%s. %s", what, goroutines(len(left), ""), later, advice)
}

// goroutines says "1 goroutine <that> was" or "3 goroutines <that> were".
func goroutines(n int, that string) string {
	if n == 1 {
		return "1 goroutine " + that + "was"
	}
	return fmt.Sprintf("%d goroutines %swere", n, that)
}

// waitGone waits up to grace for the goroutines started since before to
// end, and returns those still there, as one dump saw them: the count the
// test reports and the stacks it prints are the same goroutines, even when
// one of them ends in between.
func waitGone(before Goroutines, grace time.Duration) []block {
	deadline := time.Now().Add(grace)
	for {
		left := before.newOnes()
		if len(left) == 0 || time.Now().After(deadline) {
			return left
		}
		time.Sleep(time.Millisecond)
	}
}

// LeakMarker starts the line NoGoroutinesLeft prints when it fails; the
// stacks of the goroutines left running follow it, so the checker grades
// the run `leak` and names where each one waits and what started it.
const LeakMarker = "kata:leak "

// leaked prints LeakMarker, the headline and the stacks of the goroutines
// left running.
func leaked(out io.Writer, test, headline string, left []block) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s: %s:\n\n", LeakMarker, test, headline)
	writeBlocks(&b, left, func(block) bool { return true })
	_, _ = io.WriteString(out, b.String())
}

// Goroutines is a snapshot of the live goroutines, taken by Snapshot.
type Goroutines struct {
	pkg string
	ids map[string]bool
}

// Snapshot records the goroutines alive now, for NoGoroutinesLeft. pkg is
// found from the caller: the package under test.
func Snapshot() Goroutines {
	pc, _, _, _ := runtime.Caller(1)
	return Goroutines{pkg: packageOf(runtime.FuncForPC(pc).Name()), ids: liveIDs()}
}

func liveIDs() map[string]bool {
	ids := map[string]bool{}
	for _, b := range allGoroutines() {
		ids[strings.Fields(b.header)[1]] = true
	}
	return ids
}

func allGoroutines() []block {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return splitDump(string(buf[:n]))
		}
		buf = make([]byte, 2*len(buf))
	}
}

// newOnes returns the goroutines started since the snapshot that run, or
// were started by, code of the package's non-test files.
func (g Goroutines) newOnes() []block {
	var out []block
	for _, b := range allGoroutines() {
		if !g.ids[strings.Fields(b.header)[1]] && learnerLine(b.body, g.pkg) != "" {
			out = append(out, b)
		}
	}
	return out
}

// learnerLine returns "file.go:NN" of the innermost frame (or the created-by
// line) of stack that is in pkg and not in a _test.go file, else "".
func learnerLine(stack, pkg string) string {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := strings.TrimPrefix(strings.TrimSpace(lines[i]), "created by ")
		if !strings.HasPrefix(fn, pkg+".") {
			continue
		}
		file := strings.TrimSpace(lines[i+1])
		file, _, _ = strings.Cut(file, " ")
		if strings.Contains(file, "_test.go:") {
			continue
		}
		return file[strings.LastIndex(file, "/")+1:]
	}
	return ""
}

// packageOf turns "example.com/m/pkg.Func.func1" into "example.com/m/pkg",
// dropping an external test package's "_test".
func packageOf(fn string) string {
	slash := strings.LastIndex(fn, "/")
	dot := strings.Index(fn[slash+1:], ".")
	if dot < 0 {
		return strings.TrimSuffix(fn, "_test")
	}
	return strings.TrimSuffix(fn[:slash+1+dot], "_test")
}
