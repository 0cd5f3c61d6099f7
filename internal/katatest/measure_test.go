package katatest

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder captures what Log writes without failing the real test.
type recorder struct {
	testing.TB
	logs   []string
	errors []string
}

func (r *recorder) Helper()                        {}
func (r *recorder) Log(args ...any)                { r.logs = append(r.logs, args[0].(string)) }
func (r *recorder) Errorf(format string, a ...any) { r.errors = append(r.errors, format) }

func TestWithinDuration(t *testing.T) {
	tests := []struct {
		name     string
		observed time.Duration
		wantOK   bool
	}{
		{"under budget", 900 * time.Millisecond, true},
		{"at budget", 2 * time.Second, true},
		{"over budget", 6083412345 * time.Nanosecond, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{TB: t}
			WithinDuration(r, "crawl time", tt.observed, 2*time.Second, "fetch pages concurrently")
			require.Len(t, r.logs, 1)
			require.True(t, strings.HasPrefix(r.logs[0], Prefix))
			var m Measure
			require.NoError(t, json.Unmarshal([]byte(strings.TrimPrefix(r.logs[0], Prefix)), &m))
			assert.Equal(t, tt.wantOK, m.OK)
			assert.Equal(t, "at most 2s", m.Budget)
			assert.Equal(t, !tt.wantOK, len(r.errors) == 1)
		})
	}
}

func TestCountsAndInfo(t *testing.T) {
	r := &recorder{TB: t}
	AtLeast(r, "workers at once", 1, 2, "")
	AtMost(r, "requests in flight", 8, 8, "")
	Info(r, "speedup", "1.9x")
	require.Len(t, r.logs, 3)
	assert.Len(t, r.errors, 1, "only the AtLeast below its floor fails")
}

func TestRound(t *testing.T) {
	assert.Equal(t, "6.083s", round(6083412345*time.Nanosecond).String())
	assert.Equal(t, "101.23ms", round(101234567*time.Nanosecond).String())
	assert.Equal(t, "15µs", round(15*time.Microsecond).String())
}

// TestWaitingTest: a test waiting in a select for a goroutine it started,
// which is blocked forever, is found; one whose goroutine was started by
// the code under test, or that is not waiting, is not.
func TestWaitingTest(t *testing.T) {
	leaked := []block{{header: "goroutine 9 [sync.WaitGroup.Wait (leaked)]:", body: "sync.(*WaitGroup).Wait(0x1)\n" +
		"\t/goroot/src/sync/waitgroup.go:206 +0x85\n" +
		"example.com/m.DigestAll({0x1})\n\t/repo/m/parallel.go:18 +0x14a\n" +
		"example.com/m.runAll.func1()\n\t/repo/m/parallel_test.go:45 +0x28\n" +
		"created by example.com/m.runAll in goroutine 8\n\t/repo/m/parallel_test.go:45 +0xe5"}}
	test := func(state string) []block {
		return []block{{header: "goroutine 8 [" + state + "]:", body: "example.com/m.runAll(0x1)\n\t/repo/m/parallel_test.go:49 +0x1ec\n" +
			"example.com/m.TestDigestAllResults(0x1)\n\t/repo/m/parallel_test.go:100 +0xf7\n" +
			"testing.tRunner(0x1, 0x2)\n\t/goroot/src/testing/testing.go:2036 +0xea\n" +
			"created by testing.(*T).Run in goroutine 1\n\t/goroot/src/testing/testing.go:2101 +0x4c5"}}
	}
	stuck, why := waitingTest(leaked, test("select"))
	assert.Equal(t, "goroutine 8 TestDigestAllResults", stuck)
	assert.Equal(t, WaitsForever+" the goroutine it started at parallel_test.go:45 is blocked forever.", why)

	stuck, _ = waitingTest(leaked, test("sleep"))
	assert.Empty(t, stuck, "a test that sleeps is not waiting on the call")

	byCode := []block{{header: leaked[0].header, body: strings.Replace(leaked[0].body,
		"created by example.com/m.runAll in goroutine 8\n\t/repo/m/parallel_test.go:45", "created by example.com/m.Gen in goroutine 8\n\t/repo/m/gen.go:12", 1)}}
	stuck, _ = waitingTest(byCode, test("select"))
	assert.Empty(t, stuck, "a goroutine the code under test started and left is a leak, not the test's wait")
}
