package classify

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/asynckata/kata/checker/internal/testrun"
)

func TestAssertionDetailsWhole(t *testing.T) {
	tests := []struct {
		name string
		out  []string
		want []string
	}{
		{
			name: "a multi-line t.Errorf, every line",
			out: []string{
				"=== RUN   TestEvery/2_producers",
				"    pipeline_test.go:42: Run(2, 10, ...):",
				"        - consume was running in 2 goroutines at once: call consume from one goroutine only",
				"        - producer 1 made 9 items, want 10",
				"--- FAIL: TestEvery/2_producers (0.00s)",
			},
			want: []string{
				"pipeline_test.go:42: Run(2, 10, ...):",
				"  - consume was running in 2 goroutines at once: call consume from one goroutine only",
				"  - producer 1 made 9 items, want 10",
			},
		},
		{
			name: "deeper indentation inside a message is kept",
			out: []string{
				"    x_test.go:9: timeline:",
				"          at 0s: location starts",
				"        then:",
			},
			want: []string{"x_test.go:9: timeline:", "    at 0s: location starts", "  then:"},
		},
		{
			name: "testify: Error and Messages whole, no trace, no test name",
			out: []string{
				"    pipeline_test.go:67: ",
				"        \tError Trace:\t/abs/pipeline_test.go:67",
				"        \t            \t/abs/helper_test.go:12",
				"        \tError:      \tNot equal: ",
				"        \t            \texpected: 3",
				"        \t            \tactual  : 4",
				"        \tTest:       \tTestConsumerStopsEarly",
				"        \tMessages:   \tconsume was called 15 more times",
				"        \t            \tafter it returned an error",
			},
			want: []string{
				"TestX at pipeline_test.go:67:",
				"  Error: Not equal:",
				"    expected: 3",
				"    actual  : 4",
				"  Messages: consume was called 15 more times",
				"    after it returned an error",
			},
		},
		{
			name: "a goroutine dump inside a message is left to the leak report",
			out: []string{
				"    job_test.go:52: found unexpected goroutines: Run returned, but 1 goroutine(s) it started were still there:",
				"          goroutine 31 [sleep] at job.go:28",
				"        Do the waiting on Run's own goroutine.",
				"        ",
				"        goroutine 31 [sleep (durable), synctest bubble 3]:",
				"        time.Sleep(0x1dcd6500)",
				"        \t/usr/local/go/src/runtime/time.go:361 +0x145",
				"        example.com/m.sleep.func1()",
				"        \t/abs/job.go:28 +0x29",
				"        created by example.com/m.sleep in goroutine 30",
				"        \t/abs/job.go:27 +0x54",
				"--- FAIL: TestX (0.00s)",
			},
			want: []string{
				"job_test.go:52: found unexpected goroutines: Run returned, but 1 goroutine(s) it started were still there:",
				"    goroutine 31 [sleep] at job.go:28",
				"  Do the waiting on Run's own goroutine.",
			},
		},
		{
			name: "the watchdog's report, the runtime's dumps and the race detector's are not the test's words",
			out: []string{
				"=== RUN   TestX",
				"    x_test.go:9: moving money",
				"==================",
				"WARNING: DATA RACE",
				"Read at 0x00c0000202d8 by goroutine 14:",
				"  example.com/m.(*Bank).Transfer()",
				"      /abs/bank.go:32 +0x84",
				"==================",
				"kata:deadlock goroutine 39 TestX: this test waits for a call that can never return.",
				"",
				"goroutine 40 [sync.WaitGroup.Wait (leaked)]:",
				"sync.(*WaitGroup).Wait(0xc00011cc48)",
				"\t/goroot/src/sync/waitgroup.go:206 +0xc5",
				"created by example.com/m.TestX in goroutine 39",
				"\t/abs/x_test.go:203 +0x58b",
				"",
				"printed by the code",
			},
			want: []string{"x_test.go:9: moving money"},
		},
		{
			name: "a failed figure is the timing check's message, not a detail there",
			out: []string{
				`    timing_test.go:30: kata:measure {"what":"wait","observed":"1s","budget":"at most 40ms","ok":false,"note":"run them at once"}`,
				"    timing_test.go:30: wait: 1s (budget: at most 40ms). run them at once",
				"    timing_test.go:31: Run(2, 10, ...):",
				"        - consume was running in 2 goroutines at once",
			},
			want: []string{"timing_test.go:31: Run(2, 10, ...):", "  - consume was running in 2 goroutines at once"},
		},
		{
			name: "what the code printed is left out when there is a message",
			out:  []string{"hello from the code", "    x_test.go:3: wrong", "  indented print"},
			want: []string{"x_test.go:3: wrong"},
		},
		{
			name: "and shown when there is none",
			out:  []string{"hello from the code"},
			want: []string{"hello from the code"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := &testrun.Run{Tests: []testrun.Test{{Name: "TestX", Status: testrun.Fail, Output: tt.out}}}
			assert.Equal(t, tt.want, assertionDetails(run, nil, false))
		})
	}
}

func TestAssertionDetailsFigureMessages(t *testing.T) {
	out := []string{
		`    crawler_test.go:85: kata:measure {"what":"in flight","observed":"9","budget":"at most 8","ok":false,"note":"one at a time"}`,
		"    crawler_test.go:85: in flight: 9 (budget: at most 8). one at a time",
		"        and a second line",
	}
	run := &testrun.Run{Tests: []testrun.Test{{Name: "TestX", Status: testrun.Fail, Output: out}}}
	assert.Equal(t, []string{"crawler_test.go:85: in flight: 9 (budget: at most 8). one at a time", "  and a second line"},
		assertionDetails(run, nil, true), "a functional test's figure over budget is its failure message")
	assert.Empty(t, assertionDetails(run, nil, false))
}

func TestAssertionDetailsSayASharedLineOnce(t *testing.T) {
	msg := func(n string) []string {
		return []string{"    pipeline_test.go:42: Run(" + n + ", ...):", "        - consume was running in 2 goroutines at once"}
	}
	run := &testrun.Run{Tests: []testrun.Test{
		{Name: "TestA/1", Status: testrun.Fail, Output: msg("2, 10")},
		{Name: "TestA/2", Status: testrun.Fail, Output: msg("3, 4")},
	}}
	assert.Equal(t, []string{
		"pipeline_test.go:42: Run(2, 10, ...):",
		"  - consume was running in 2 goroutines at once",
		"pipeline_test.go:42: Run(3, 4, ...):",
		"    (as above)",
	}, assertionDetails(run, nil, false))
}

func TestAssertionDetailsSayARepeatedMessageOnce(t *testing.T) {
	again := []string{"    x_test.go:79: a second Shutdown did not return within 2s. A second Shutdown has", "        nothing left to do: return at once."}
	other := []string{"    x_test.go:328: a second Shutdown did not return within 2s (closing a channel twice panics)."}
	run := &testrun.Run{Tests: []testrun.Test{
		{Name: "TestA/goroutines", Status: testrun.Fail, Output: again},
		{Name: "TestA/processes", Status: testrun.Fail, Output: slices.Concat(again, other)},
		{Name: "TestB/goroutines", Status: testrun.Fail, Output: slices.Concat(other, again)},
	}}
	assert.Equal(t, []string{
		"x_test.go:79: a second Shutdown did not return within 2s. A second Shutdown has",
		"  nothing left to do: return at once.",
		"  (the same message 3 times)",
		"x_test.go:328: a second Shutdown did not return within 2s (closing a channel twice panics).",
		"  (the same message 2 times)",
	}, assertionDetails(run, nil, false))

	long := []string{"    x_test.go:50: Shutdown did not return.", "        A second Shutdown has nothing left to do: return at once, or use sync.Once."}
	asAbove := &testrun.Run{Tests: []testrun.Test{
		{Name: "TestC/1", Status: testrun.Fail, Output: long},
		{Name: "TestC/2", Status: testrun.Fail, Output: long},
	}}
	assert.Equal(t, []string{
		"x_test.go:50: Shutdown did not return.",
		"  A second Shutdown has nothing left to do: return at once, or use sync.Once.",
		"  (the same message 2 times)",
	}, assertionDetails(asAbove, nil, false), "a copy whose long line became (as above) is the same message")

	differ := &testrun.Run{Tests: []testrun.Test{
		{Name: "TestA/1", Status: testrun.Fail, Output: []string{"    x_test.go:9: Run(1) = 2, want 1"}},
		{Name: "TestA/2", Status: testrun.Fail, Output: []string{"    x_test.go:9: Run(2) = 3, want 2"}},
	}}
	assert.Equal(t, []string{"x_test.go:9: Run(1) = 2, want 1", "x_test.go:9: Run(2) = 3, want 2"},
		assertionDetails(differ, nil, false), "messages that differ are all kept")
}

func TestAssertionDetailsSayWhatIsLeftOut(t *testing.T) {
	var out []string
	for i := range perTestLines + 5 {
		out = append(out, fmt.Sprintf("    x_test.go:3: wrong %d", i))
	}
	run := &testrun.Run{Tests: []testrun.Test{{Name: "TestX", Status: testrun.Fail, Output: out}}}
	got := assertionDetails(run, nil, false)
	assert.Len(t, got, perTestLines+1)
	assert.Equal(t, "... 5 more lines of the tests' messages left out", got[len(got)-1])
}

func TestTestList(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"TestA"}, "TestA"},
		{[]string{"TestA", "TestA/x", "TestA/y", "TestB"}, "TestA (x, y), TestB"},
		{[]string{"TestA/x", "TestB"}, "TestA/x, TestB"},
		{[]string{"TestA", "TestA/x/deep", "TestA/y"}, "TestA (x/deep, y)"},
		{[]string{"TestB", "TestA/x", "TestA"}, "TestB, TestA (x)"},
	} {
		assert.Equal(t, tc.want, TestList(tc.in), "%q", tc.in)
	}
}
