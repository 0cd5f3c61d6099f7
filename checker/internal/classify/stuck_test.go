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

const bankPkg = "example.com/kata/exercises/07-race-bank"

// A katatest watchdog report of a bank whose Total locks and calls
// Balance, which locks again.
var selfDeadlock = `=== RUN   TestTotalWhileTransfers
    bank_test.go:150: adding up while transfers run
kata:deadlock goroutine 9 TestTotalWhileTransfers: this test can never finish. The goroutines below are blocked forever.

goroutine 1 [chan receive (leaked)]:
testing.(*T).Run(0xc000156488, {0x7f2e2e, 0x22}, 0x8001f8)
	/usr/local/go/src/testing/testing.go:2109 +0xb3e
main.main()
	_testmain.go:56 +0x17a

goroutine 9 [sync.Mutex.Lock (leaked)]:
internal/sync.runtime_SemacquireMutex(0x2?, 0x2?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(0xc0001383c0?)
	/usr/local/go/src/sync/mutex.go:46 +0x15
example.com/kata/exercises/07-race-bank.(*Bank).Balance(0xc000016318, 0x0)
	/repo/exercises/07-race-bank/bank.go:40 +0x1e9
example.com/kata/exercises/07-race-bank.(*Bank).Total(0xc000016318)
	/repo/exercises/07-race-bank/bank.go:49 +0x1e9
example.com/kata/exercises/07-race-bank.TestTotalWhileTransfers(0xc000156b48)
	/repo/exercises/07-race-bank/bank_test.go:151 +0x45d
testing.tRunner(0xc000156b48, 0x8001f8)
	/usr/local/go/src/testing/testing.go:2036 +0x21d
created by testing.(*T).Run in goroutine 1
	/usr/local/go/src/testing/testing.go:2101 +0xb13

goroutine 12 [chan send (leaked)]:
example.com/kata/exercises/07-race-bank.worker(0xc000016318)
	/repo/exercises/07-race-bank/bank_test.go:60 +0x12f
created by example.com/kata/exercises/07-race-bank.TestTotalWhileTransfers in goroutine 9
	/repo/exercises/07-race-bank/bank_test.go:148 +0x178
`

func markerRun(t *testing.T, out string) *testrun.Run {
	t.Helper()
	lines := strings.Split(out, "\n")
	return &testrun.Run{Result: testrun.Fail, Output: lines, Tests: []testrun.Test{
		{Name: "TestTotalWhileTransfers", Status: testrun.Incomplete, Output: lines[:2]},
	}}
}

func TestDeadlockMarkerSelfDeadlock(t *testing.T) {
	f := Classify(Input{Run: markerRun(t, selfDeadlock), ImportPath: bankPkg, ExitCode: 2})
	require.Equal(t, Deadlock, f.Class)
	assert.Contains(t, f.Summary, "waits for a lock it already holds")
	require.NotEmpty(t, f.Details)
	assert.Equal(t, "sync.Mutex is not re-entrant: (*Bank).Total holds the lock and calls (*Bank).Balance at bank.go:49, "+
		"which waits at bank.go:40 to lock it again, so this goroutine waits for itself, forever. Do not lock twice on one path: "+
		"let Total use the fields directly, or move the shared part into an unexported method that expects the caller to hold the lock.",
		f.Details[0])
	assert.Equal(t, []string{
		"goroutine 9 waits on a sync.Mutex (Lock) at bank.go:40 in (*Bank).Balance",
		"goroutine 12 waits on a channel send (no goroutine will ever receive) at bank_test.go:60 in worker, started at bank_test.go:148 (TestTotalWhileTransfers)",
		"TestTotalWhileTransfers: bank_test.go:150: adding up while transfers run",
	}, f.Details[1:], "learner files first, the main goroutine left out, the test's own notes last")
	assert.False(t, f.Passed)
}

func TestDeadlockMarkerWinsOverTimeout(t *testing.T) {
	// A timing run ended by the watchdog is a deadlock, never an assertion
	// or a timeout.
	f := Classify(Input{Run: markerRun(t, selfDeadlock), ImportPath: bankPkg, Killed: true, Limit: "60s"})
	assert.Equal(t, Deadlock, f.Class)
}

func TestCleanState(t *testing.T) {
	for in, want := range map[string]struct {
		state  string
		leaked bool
	}{
		"sync.Mutex.Lock (leaked)":           {"sync.Mutex.Lock", true},
		"chan send, 2 minutes":               {"chan send", false},
		"sleep (durable), synctest bubble 1": {"sleep", false},
		"chan receive (leaked), 1 minutes":   {"chan receive", true},
		"chan receive (nil chan)":            {"chan receive (nil chan)", false},
	} {
		s, l := cleanState(in)
		assert.Equal(t, want.state, s, in)
		assert.Equal(t, want.leaked, l, in)
	}
}

func TestLeakNamesOrigin(t *testing.T) {
	out := strings.Split(`goleak: Errors on successful test run: found unexpected goroutines:
[Goroutine 21 in state chan send, with example.com/kata/exercises/03-crawler.Crawl.func2 on top of the stack:
example.com/kata/exercises/03-crawler.Crawl.func2()
	/repo/exercises/03-crawler/crawler.go:48 +0x4f
created by example.com/kata/exercises/03-crawler.Crawl in goroutine 7
	/repo/exercises/03-crawler/crawler.go:44 +0x1d0
]`, "\n")
	f := Classify(Input{Run: &testrun.Run{Result: testrun.Fail, Output: out}, ImportPath: "example.com/kata/exercises/03-crawler"})
	require.Equal(t, Leak, f.Class)
	assert.Equal(t, []string{"goroutine 21 [chan send] at crawler.go:48 in Crawl.func2, started at crawler.go:44 (Crawl)"}, f.Details)
}

// A test that gave up on a call (katatest.Hung): all of the package's
// goroutines blocked on a lock is a deadlock; one waiting in a select,
// which a timer may end, is not claimed to be.
func TestHungDeadlockOnlyWhenNoTimerCanHelp(t *testing.T) {
	dump := func(state string) string {
		return `=== RUN   TestTransferToSelf
kata:hung TestTransferToSelf: Transfer(1, 1, 30) did not return within 2s; every goroutine:

goroutine 7 [running]:
github.com/asynckata/kata/internal/katatest.Hung({0x0, 0x0}, {0x0, 0x0}, 0x0, {0x0, 0x0})
	/repo/internal/katatest/hung.go:29 +0x1d
example.com/kata/exercises/07-race-bank.TestTransferToSelf(0xc000156b48)
	/repo/exercises/07-race-bank/bank_test.go:140 +0x45d

goroutine 9 [` + state + `]:
example.com/kata/exercises/07-race-bank.(*Bank).Transfer(0xc000016318, 0x1, 0x1, 0x1e)
	/repo/exercises/07-race-bank/bank.go:59 +0x1e9
created by example.com/kata/exercises/07-race-bank.TestTransferToSelf in goroutine 7
	/repo/exercises/07-race-bank/bank_test.go:128 +0x178

    bank_test.go:140: Transfer(1, 1, 30) did not return within 2s. Lock it once.`
	}
	run := func(state string) *testrun.Run {
		lines := strings.Split(dump(state), "\n")
		return &testrun.Run{Result: testrun.Fail, Output: lines, Tests: []testrun.Test{
			{Name: "TestTransferToSelf", Status: testrun.Fail, Output: lines},
		}}
	}
	f := Classify(Input{Run: run("sync.Mutex.Lock"), ImportPath: bankPkg, ExitCode: 1})
	require.Equal(t, Deadlock, f.Class)
	assert.Contains(t, f.Summary, "Transfer(1, 1, 30) did not return within 2s")
	assert.Contains(t, f.Details, "goroutine 9 waits on a sync.Mutex (Lock) at bank.go:59 in (*Bank).Transfer, started at bank_test.go:128 (TestTransferToSelf)")
	for _, state := range []string{"select", "chan receive", "sleep", "IO wait"} {
		f := Classify(Input{Run: run(state), ImportPath: bankPkg, ExitCode: 1})
		assert.Equal(t, Assertion, f.Class, "a goroutine in %q may be waiting for a timer or a reply", state)
	}
}

// In a synctest bubble, a Hung after the clock moved to the deadline means
// every goroutine of the bubble was durably blocked all that time: a
// select or receive of the learner's code marked "(durable)" is blocked for
// good, and the test's own durably blocked goroutines (the bubble's
// function) do not count. Outside a bubble, or with one of the learner's
// goroutines asleep, it stays the test's failure.
func TestHungDeadlockInABubble(t *testing.T) {
	const pkg = "example.com/kata/exercises/19-as-completed"
	dump := func(workerState, testState string) string {
		return `=== RUN   TestStopsAtFirstFailure
kata:hung TestStopsAtFirstFailure: AsCompleted with 8 jobs did not return within 2h0m0s; every goroutine:

goroutine 21 [running, synctest bubble 1]:
github.com/asynckata/kata/internal/katatest.Hung({0x0, 0x0}, {0x0, 0x0}, 0x0, {0x0, 0x0})
	/repo/internal/katatest/hung.go:29 +0x1d
example.com/kata/exercises/19-as-completed.bubble.func1()
	/repo/exercises/19-as-completed/bubble_test.go:82 +0x45d

goroutine 6 [select]:
example.com/kata/exercises/19-as-completed.bubble(0xc000156b48)
	/repo/exercises/19-as-completed/bubble_test.go:69 +0x256
example.com/kata/exercises/19-as-completed.TestStopsAtFirstFailure(0xc000156b48)
	/repo/exercises/19-as-completed/ascompleted_test.go:311 +0x1a

goroutine 7 [synctest.Run (durable), synctest bubble 1]:
internal/synctest.Run(0x28983480e000)
	/usr/local/go/src/runtime/synctest.go:218 +0x1e6
example.com/kata/exercises/19-as-completed.bubble.func1()
	/repo/exercises/19-as-completed/bubble_test.go:63 +0x4b
created by example.com/kata/exercises/19-as-completed.bubble in goroutine 6
	/repo/exercises/19-as-completed/bubble_test.go:61 +0x192

goroutine 20 [` + testState + `]:
example.com/kata/exercises/19-as-completed.bubble.func2(0xc000156b48)
	/repo/exercises/19-as-completed/bubble_test.go:60 +0x45d
created by testing/synctest.Test in goroutine 7
	/usr/local/go/src/testing/synctest/synctest.go:300 +0x178

goroutine 23 [sync.WaitGroup.Wait (durable), synctest bubble 1]:
example.com/kata/exercises/19-as-completed.AsCompleted(0xc000016318)
	/repo/exercises/19-as-completed/ascompleted.go:70 +0x1e9
created by example.com/kata/exercises/19-as-completed.bubble in goroutine 20
	/repo/exercises/19-as-completed/bubble_test.go:55 +0x178

goroutine 24 [` + workerState + `]:
example.com/kata/exercises/19-as-completed.AsCompleted.func1()
	/repo/exercises/19-as-completed/ascompleted.go:52 +0x1e9
created by example.com/kata/exercises/19-as-completed.AsCompleted in goroutine 23
	/repo/exercises/19-as-completed/ascompleted.go:48 +0x178

    bubble_test.go:82: AsCompleted with 8 jobs did not return within 2h0m0s.`
	}
	run := func(workerState, testState string) *testrun.Run {
		lines := strings.Split(dump(workerState, testState), "\n")
		return &testrun.Run{Result: testrun.Fail, Output: lines, Tests: []testrun.Test{
			{Name: "TestStopsAtFirstFailure", Status: testrun.Fail, Output: lines},
		}}
	}
	for _, worker := range []string{"chan send (durable), synctest bubble 1", "select (durable), synctest bubble 1"} {
		f := Classify(Input{Run: run(worker, "select (durable), synctest bubble 1"), ImportPath: pkg, ExitCode: 1})
		require.Equal(t, Deadlock, f.Class, worker)
		details := strings.Join(f.Details, "\n")
		assert.Contains(t, details, "at ascompleted.go:52 in AsCompleted.func1", worker)
		assert.NotContains(t, details, "bubble_test.go:60", "the test's own goroutine is not named as stuck")
	}
	outside := strings.Replace(dump("select", "select"), "running, synctest bubble 1", "running", 1)
	lines := strings.Split(outside, "\n")
	f := Classify(Input{Run: &testrun.Run{Result: testrun.Fail, Output: lines, Tests: []testrun.Test{
		{Name: "TestStopsAtFirstFailure", Status: testrun.Fail, Output: lines}}}, ImportPath: pkg, ExitCode: 1})
	assert.NotEqual(t, Deadlock, f.Class, "outside a bubble a select may wait for a timer")
	for _, tt := range []struct{ worker, test, why string }{
		{"select", "select (durable), synctest bubble 1", "a select that is not durably blocked may wait for a timer"},
		{"sleep (durable), synctest bubble 1", "select (durable), synctest bubble 1", "a sleeping goroutine will wake"},
		{"chan send (durable), synctest bubble 1", "sleep (durable), synctest bubble 1", "a test goroutine that sleeps may yet act"},
	} {
		f := Classify(Input{Run: run(tt.worker, tt.test), ImportPath: pkg, ExitCode: 1})
		assert.NotEqual(t, Deadlock, f.Class, tt.why)
	}
}

// A method that locks every account in a range-over-func loop, stuck on
// one of them, calls no other method that locks again: its closures are
// the same method, and the deadlock is not called re-entrant.
func TestReentrantIgnoresTheMethodsOwnClosures(t *testing.T) {
	gs := ParseDump(strings.Split(`goroutine 35 [sync.Mutex.Lock]:
internal/sync.runtime_SemacquireMutex(0x2?, 0x2?, 0x0?)
	/usr/local/go/src/runtime/sema.go:95 +0x25
sync.(*Mutex).Lock(0xc0001383c0?)
	/usr/local/go/src/sync/mutex.go:46 +0x15
example.com/kata/exercises/07-race-bank.(*Bank).Total-range1(0xc000016318)
	/repo/exercises/07-race-bank/bank.go:94 +0x1e9
example.com/kata/exercises/07-race-bank.(*Bank).Total.Backward[...].func1(...)
	/usr/local/go/src/slices/iter.go:29 +0x45
example.com/kata/exercises/07-race-bank.(*Bank).Total(0xc000016318)
	/repo/exercises/07-race-bank/bank.go:93 +0x1e9
`, "\n"))
	require.Len(t, gs, 1)
	assert.Empty(t, reentrant(gs[0], bankPkg))
	assert.Equal(t, "Total", method("(*Bank).Total.Backward[...].func1"))
	assert.Equal(t, "Total", method("(*Bank).Total-range1"))
	assert.Equal(t, "Balance", method("(*Bank).Balance"))
}

// TestHungThenTimeout: 16 with a results channel nobody reads. The first
// test gives up on DigestAll with katatest.Hung; later tests wait too,
// until the time limit. The Hung dump shows every goroutine of the
// package blocked: a deadlock, not a timeout, and the goroutine printing
// the dump is not one of them.
func TestHungThenTimeout(t *testing.T) {
	const pkg = "github.com/asynckata/kata/exercises/16-cgo-parallel"
	b, err := os.ReadFile(filepath.Join("testdata", "hung-16.txt"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
	run := &testrun.Run{Result: testrun.Fail, Output: lines, Tests: []testrun.Test{
		{Name: "TestDigestAllResults", Status: testrun.Fail, Output: lines[:60]},
		{Name: "TestDigestAllLeavesJobsAlone", Status: testrun.Incomplete, Output: lines[60:]},
	}}
	f := Classify(Input{Run: run, ImportPath: pkg, Killed: true, Limit: "1m30s", ExitCode: -1})
	require.Equal(t, Deadlock, f.Class, f.Summary)
	assert.Contains(t, f.Summary, "in TestDigestAllResults, DigestAll(1 jobs) did not return within 30s")
	assert.Equal(t, []string{
		"goroutine 9 waits on a sync.WaitGroup (Wait) at parallel.go:18 in DigestAll, started at parallel_test.go:45 (runAll)",
		"goroutine 10 waits on a channel send (no goroutine will ever receive) at parallel.go:15 in DigestAll.func1, started at parallel.go:12 (DigestAll)",
		"TestDigestAllResults: parallel_test.go:100: DigestAll(1 jobs) did not return within 30s. Is it waiting for a result that never comes " +
			"(a WaitGroup whose count never reaches zero, a channel nobody sends on)?",
	}, f.Details)

	// Without the Hung dump, the timeout's own dump decides, each
	// goroutine once.
	run = &testrun.Run{Result: testrun.Fail, Output: lines[60:]}
	f = Classify(Input{Run: run, ImportPath: pkg, Killed: true, Limit: "1m30s", ExitCode: -1})
	require.Equal(t, Deadlock, f.Class, f.Summary)
	assert.Len(t, f.Details, 2)
}
