package classify

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/testrun"
)

const pipelinePkg = "github.com/asynckata/kata/exercises/02-pipeline"

// A producer of 02's pipeline, asleep in produce when Run had returned:
// katatest.NoGoroutinesLeft's dump, then synctest's at the bubble's end.
const producer = `goroutine 10 [sleep (durable), synctest bubble 1]:
time.Sleep(0x5f5e100)
	/usr/local/go/src/runtime/time.go:361 +0x145
github.com/asynckata/kata/exercises/02-pipeline.(*kitchen).produce(0x4317a6de780, 0x0)
	/repo/exercises/02-pipeline/kitchen_test.go:95 +0x212
github.com/asynckata/kata/exercises/02-pipeline.Run.func1()
	/repo/exercises/02-pipeline/pipeline.go:40 +0x96
sync.(*WaitGroup).Go.func1()
	/usr/local/go/src/sync/waitgroup.go:258 +0x4a
created by sync.(*WaitGroup).Go in goroutine 9
	/usr/local/go/src/sync/waitgroup.go:238 +0x73

goroutine 12 [sync.WaitGroup.Wait (durable), synctest bubble 1]:
sync.runtime_SemacquireWaitGroup(0x0?, 0x0?)
	/usr/local/go/src/runtime/sema.go:114 +0x2e
sync.(*WaitGroup).Wait(0x4317a62e900)
	/usr/local/go/src/sync/waitgroup.go:206 +0x85
github.com/asynckata/kata/exercises/02-pipeline.Run.func2()
	/repo/exercises/02-pipeline/pipeline.go:56 +0x25
created by github.com/asynckata/kata/exercises/02-pipeline.Run in goroutine 9
	/repo/exercises/02-pipeline/pipeline.go:55 +0x1a5
`

const bubbleTest = `goroutine 7 [running]:
testing.tRunner.func1()
	/usr/local/go/src/testing/testing.go:1977 +0x349
internal/synctest.Run(0x4317a6783a0)
	/usr/local/go/src/runtime/synctest.go:251 +0x2de
github.com/asynckata/kata/exercises/02-pipeline.TestConsumerStopsEarly(0x4317a6f0248?)
	/repo/exercises/02-pipeline/pipeline_test.go:53 +0x1a
testing.tRunner(0x4317a6f0248, 0x69bf68)
	/usr/local/go/src/testing/testing.go:2036 +0xea
created by testing.(*T).Run in goroutine 1
	/usr/local/go/src/testing/testing.go:2101 +0x4c5
`

func leakRun(out string) *testrun.Run {
	lines := strings.Split(out, "\n")
	return &testrun.Run{Result: testrun.Fail, Output: lines, Started: []string{"TestConsumerStopsEarly"},
		Tests: []testrun.Test{{Name: "TestConsumerStopsEarly", Status: testrun.Fail, Output: lines}}}
}

func TestLeakInATestIsNamedOnce(t *testing.T) {
	out := "=== RUN   TestConsumerStopsEarly\n" +
		"kata:leak TestConsumerStopsEarly: Run, after consume returned an error left goroutines running after it returned:\n\n" +
		producer + "\n" +
		"    pipeline_test.go:64: Run, after consume returned an error: 2 goroutines it started were still running after it returned. Wait.\n" +
		"--- FAIL: TestConsumerStopsEarly (0.07s)\n" +
		"panic: deadlock: main bubble goroutine has exited but blocked goroutines remain [recovered, repanicked]\n\n" +
		bubbleTest + "\n" + producer
	f := Classify(Input{Run: leakRun(out), ImportPath: pipelinePkg})
	require.Equal(t, Leak, f.Class, f.Summary)
	assert.True(t, f.Stopped)
	assert.Equal(t, "Run returned while 2 of its goroutines were still running (1 at pipeline.go:40 and 1 at pipeline.go:56): "+
		"wait for them before returning (found in TestConsumerStopsEarly)", f.LeakMessage)
	assert.Equal(t, "goroutine leak: "+f.LeakMessage, f.Summary)
	assert.Equal(t, []string{
		"goroutine 10 [sleep] at pipeline.go:40 in Run.func1",
		"goroutine 12 [sync.WaitGroup.Wait] at pipeline.go:56 in Run.func2, started at pipeline.go:55 (Run)",
	}, f.LeakDetails)
	assert.Equal(t, []string{
		"pipeline_test.go:64: Run, after consume returned an error: 2 goroutines it started were still running after it returned. Wait.",
		"TestConsumerStopsEarly: its synctest bubble ended while goroutines of your code were still in it, " +
			"and testing/synctest stopped the test binary there (the leak check names them)",
	}, f.TestDetails, "synctest's panic is not shown as a deadlock")
}

func TestLeakWhileTheCallRuns(t *testing.T) {
	// The bubble ended while Run itself was still blocked in another
	// goroutine: Run did not return, so nothing says it did.
	runBlocked := `goroutine 9 [chan receive (durable), synctest bubble 1]:
github.com/asynckata/kata/exercises/02-pipeline.Run(0x2, 0xa)
	/repo/exercises/02-pipeline/pipeline.go:60 +0x1a5
created by github.com/asynckata/kata/exercises/02-pipeline.TestX.func1 in goroutine 8
	/repo/exercises/02-pipeline/pipeline_test.go:20 +0x1a5
`
	out := "panic: deadlock: main bubble goroutine has exited but blocked goroutines remain\n\n" + producer + "\n" + runBlocked
	f := Classify(Input{Run: leakRun(out), ImportPath: pipelinePkg})
	require.Equal(t, Leak, f.Class)
	assert.Equal(t, "3 goroutines of your code were still running at the end of TestConsumerStopsEarly", f.LeakMessage)
}

func TestLeakAfterTheTests(t *testing.T) {
	out := "goleak: Errors on successful test run: found unexpected goroutines:\n" +
		"[Goroutine 12 in state chan send, with github.com/asynckata/kata/exercises/02-pipeline.Run.func2 on top of the stack:\n" +
		"github.com/asynckata/kata/exercises/02-pipeline.Run.func2()\n" +
		"\t/repo/exercises/02-pipeline/pipeline.go:56 +0x25\n" +
		"created by github.com/asynckata/kata/exercises/02-pipeline.Run in goroutine 9\n" +
		"\t/repo/exercises/02-pipeline/pipeline.go:55 +0x1a5\n]\n"
	run := &testrun.Run{Result: testrun.Fail, Output: strings.Split(out, "\n")}
	f := Classify(Input{Run: run, ImportPath: pipelinePkg})
	require.Equal(t, Leak, f.Class)
	assert.Equal(t, "1 goroutine was still blocked after the tests ended", f.LeakMessage)
	assert.Equal(t, []string{"goroutine 12 [chan send] at pipeline.go:56 in Run.func2, started at pipeline.go:55 (Run)"}, f.LeakDetails)
}

func TestOuterFunc(t *testing.T) {
	for fn, want := range map[string]string{
		"Run":                               "Run",
		"Run.func1":                         "Run",
		"Run.func1.2":                       "Run",
		"Run-range1":                        "Run",
		"(*Pool).Submit.func1":              "(*Pool).Submit",
		"(*Bank).Total.Backward[...].func1": "(*Bank).Total",
		"glob..func1":                       "",
	} {
		assert.Equal(t, want, outerFunc(fn), fn)
	}
}

func TestPlaces(t *testing.T) {
	s := func(where ...string) []Stuck {
		var out []Stuck
		for _, w := range where {
			out = append(out, Stuck{Where: w})
		}
		return out
	}
	assert.Equal(t, "all 3 at a.go:1", places(s("a.go:1", "a.go:1", "a.go:1")))
	assert.Equal(t, "2 at a.go:1 and 1 at b.go:2", places(s("a.go:1", "b.go:2", "a.go:1")))
}

// A goroutine the test saw may end before the test prints the stacks:
// the message then counts none, rather than "0 goroutines".
func TestLeakSeenThenGone(t *testing.T) {
	out := "=== RUN   TestConsumerStopsEarly\n" +
		"kata:leak TestConsumerStopsEarly: Run left goroutines running after it returned:\n\n" +
		"    pipeline_test.go:64: Run: 1 goroutine it started was still running after it returned. Wait.\n" +
		"--- FAIL: TestConsumerStopsEarly (0.07s)\n"
	f := Classify(Input{Run: leakRun(out), ImportPath: pipelinePkg})
	require.Equal(t, Leak, f.Class, f.Summary)
	assert.Equal(t, "goroutines of your code were still running when TestConsumerStopsEarly looked", f.LeakMessage)
}
