package classify

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/testrun"
)

const fixtures = "github.com/asynckata/kata/checker/testdata/fixtures/"

func parse(t *testing.T, name string) *testrun.Run {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "testdata", "streams", name+".jsonl"))
	require.NoError(t, err)
	defer f.Close()
	run, err := testrun.Parse(f, testrun.DefaultLimits)
	require.NoError(t, err)
	return run
}

// TestClassifyRecordedStreams decides the facts of real recorded runs.
func TestClassifyRecordedStreams(t *testing.T) {
	tests := []struct {
		stream  string
		class   Class
		passed  bool
		race    bool
		leak    bool
		failed  []string
		details string // a line the learner must see
	}{
		{stream: "pass", class: None, passed: true},
		{stream: "assertion", class: Assertion, failed: []string{"TestAdd"}, details: "Add(1, 2)"},
		{stream: "race", class: Race, race: true, details: "code.go:14"},
		{stream: "leak", class: Leak, leak: true, details: "code.go:9"},
		{stream: "panics", class: Panic, failed: []string{"TestIndex"}, details: "index out of range"},
		{stream: "osexit", class: Crash, failed: []string{"TestQuit"}},
		{stream: "deadlock", class: Deadlock, failed: []string{"TestSwap"}, details: "sync.Mutex.Lock at code.go:"},
		{stream: "slow", class: Timeout, failed: []string{"TestWork"}, details: "[sleep] at code.go:9"},
		{stream: "timing", class: Assertion, failed: []string{"TestTimingFetch"}},
	}
	for _, tt := range tests {
		t.Run(tt.stream, func(t *testing.T) {
			f := Classify(Input{Run: parse(t, tt.stream), ImportPath: fixtures + tt.stream, Limit: "20s"})
			assert.Equal(t, tt.class, f.Class, f.Summary)
			assert.Equal(t, tt.passed, f.Passed)
			assert.Equal(t, tt.race, f.Race)
			assert.Equal(t, tt.leak, f.Leak)
			assert.Equal(t, tt.failed, f.FailedTests)
			if tt.details != "" {
				assert.Contains(t, strings.Join(f.Details, "\n"), tt.details)
			}
			if tt.class != None {
				assert.NotEmpty(t, f.Summary)
			}
		})
	}
}

func TestClassifyTimingMeasures(t *testing.T) {
	f := Classify(Input{Run: parse(t, "timing"), ImportPath: fixtures + "timing"})
	require.Len(t, f.Measures, 2)
	assert.Equal(t, "fetch time", f.Measures[0].What)
	assert.False(t, f.Measures[0].OK)
	assert.Equal(t, "at most 100ms", f.Measures[0].Budget)
	assert.Equal(t, "calls in flight", f.Measures[1].What)
}

func TestKilledWithoutDumpIsTimeout(t *testing.T) {
	run := &testrun.Run{Output: []string{"starting"}}
	f := Classify(Input{Run: run, ImportPath: "x", Killed: true, Limit: "30s"})
	assert.Equal(t, Timeout, f.Class)
	assert.Contains(t, f.Summary, "30s limit")
	assert.False(t, f.Passed)
}

func TestLeftoverProcessIsALeak(t *testing.T) {
	f := Classify(Input{Run: parse(t, "pass"), ImportPath: fixtures + "pass", Leftover: []string{"4242: sleep 317"}})
	assert.Equal(t, Leak, f.Class)
	assert.True(t, f.Leak)
	assert.False(t, f.Passed)
	assert.Contains(t, f.Summary, "process leak")
	assert.Equal(t, []string{"process 4242: sleep 317 (start it with exec.Cmd and Wait for it)"}, f.Details)
}

func TestRaceOnly(t *testing.T) {
	tests := []struct {
		name string
		out  []string
		want bool
	}{
		{"only the detector", []string{"=== RUN   TestX", "    testing.go:1617: race detected during execution of test", "--- FAIL: TestX (0.01s)"}, true},
		{"testify failure too", []string{"    bank_test.go:40: ", "        \tError Trace:\tbank_test.go:40", "    testing.go:1617: race detected during execution of test"}, false},
		{"t.Errorf too", []string{"    bank_test.go:40: total is 599, want 600", "    testing.go:1617: race detected during execution of test"}, false},
		{"a measure line is not a failure", []string{"    timing_test.go:20: kata:measure {\"what\":\"x\",\"ok\":true}", "    testing.go:1617: race detected during execution of test"}, true},
		{"no race at all", []string{"--- FAIL: TestX (0.01s)"}, false},
		{"a panic", []string{"panic: boom", "    testing.go:1617: race detected during execution of test"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, raceOnly(tt.out, nil))
		})
	}
}

func TestDeadlocked(t *testing.T) {
	const pkg = "example.com/kata/exercises/08-deadlock-bank"
	dump := strings.Split(`goroutine 1 [chan receive]:
testing.(*T).Run(0xc000003c00, {0x5a4b6e, 0xc}, 0x5b84f0)
	/goroot/src/testing/testing.go:1751 +0x3ab
main.main()
	_testmain.go:47 +0x9b

goroutine 7 [sync.WaitGroup.Wait, 1 minutes]:
sync.(*WaitGroup).Wait(0xc00001c0f0)
	/goroot/src/sync/waitgroup.go:118 +0x74
example.com/kata/exercises/08-deadlock-bank_test.TestOpposite(0xc000003dc0)
	/repo/exercises/08-deadlock-bank/bank_test.go:61 +0x16d

goroutine 8 [sync.Mutex.Lock]:
sync.(*Mutex).Lock(...)
	/goroot/src/sync/mutex.go:46
example.com/kata/exercises/08-deadlock-bank.(*Bank).Transfer(0xc000010030, 0x0, 0x1, 0x1)
	/repo/exercises/08-deadlock-bank/bank.go:42 +0x1d5
created by example.com/kata/exercises/08-deadlock-bank_test.TestOpposite in goroutine 7
	/repo/exercises/08-deadlock-bank/bank_test.go:55 +0x10f
`, "\n")
	gs := ParseDump(dump)
	require.Len(t, gs, 3)
	assert.Equal(t, "sync.WaitGroup.Wait", gs[1].State)
	dead, waiters := Deadlocked(gs, pkg)
	assert.True(t, dead)
	require.Len(t, waiters, 2)
	assert.Equal(t, "goroutine 7 waits in sync.WaitGroup.Wait at bank_test.go:61 (TestOpposite)", waiters[0].String())
	assert.Equal(t, "goroutine 8 waits in sync.Mutex.Lock at bank.go:42 ((*Bank).Transfer)", waiters[1].String())

	// The same, with one of the learner's goroutines asleep: it may wake
	// up, so this is slow, not dead.
	sleeping := append(append([]string{}, dump...), strings.Split(`goroutine 9 [sleep]:
time.Sleep(0x989680)
	/goroot/src/runtime/time.go:338 +0x165
example.com/kata/exercises/08-deadlock-bank.(*Bank).audit(...)
	/repo/exercises/08-deadlock-bank/bank.go:60 +0x1d5
`, "\n")...)
	dead, _ = Deadlocked(ParseDump(sleeping), pkg)
	assert.False(t, dead)

	// A goroutine running on another thread shows no stack: not dead.
	running := append(append([]string{}, dump...), "", "goroutine 10 [running]:", "\tgoroutine running on other thread; stack unavailable")
	dead, _ = Deadlocked(ParseDump(running), pkg)
	assert.False(t, dead)

	// Nothing of the learner's in the dump: no deadlock to report.
	dead, _ = Deadlocked(ParseDump(dump[:5]), pkg)
	assert.False(t, dead)
}

func TestIsStd(t *testing.T) {
	for fn, want := range map[string]bool{
		"testing.(*M).startAlarm.func1":                   true,
		"net/http.(*conn).serve":                          true,
		"internal/runtime/maps.(*Map).Put":                true,
		"main.main":                                       true,
		"go.uber.org/goleak.Find":                         true,
		"github.com/asynckata/kata/exercises/x.(*B).Move": false,
		"example.com/m.F":                                 false,
	} {
		assert.Equal(t, want, isStd(fn), fn)
	}
}

func TestFatalSignal(t *testing.T) {
	assert.Equal(t, "SIGSEGV: segmentation violation", fatalSignal("SIGSEGV: segmentation violation"))
	assert.Empty(t, fatalSignal("SIGQUIT: quit"), "SIGQUIT is the checker's own dump request")
	assert.Empty(t, fatalSignal("SIGNAL HANDLER: installed"))
	assert.Empty(t, fatalSignal("hello: world"))
}

func TestKeep(t *testing.T) {
	for _, l := range []string{"WARNING: DATA RACE", "panic: boom", "fatal error: concurrent map writes", "goroutine 7 [select]:", "    x_test.go:9: kata:measure {}"} {
		assert.True(t, Keep(l), l)
	}
	assert.False(t, Keep("hello"))
}

func TestStops(t *testing.T) {
	for _, c := range []Class{Build, Timeout, Deadlock, Fatal, Panic, Crash} {
		assert.True(t, c.Stops(), c)
	}
	for _, c := range []Class{None, Race, Leak, Assertion, Tampered} {
		assert.False(t, c.Stops(), c)
	}
}
