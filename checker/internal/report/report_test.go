package report

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	gtgolden "gotest.tools/v3/golden"

	"github.com/asynckata/kata/checker/internal/score"
)

func sample() *Result {
	r := &Result{Version: Version}
	r.Add(Exercise{
		ID: "03", Slug: "crawler", Chapter: 2, Title: "Make this crawler concurrent under 2 s",
		Points: 10, Score: 0, Status: StatusFail, Failure: "assertion", DurationMS: 8123,
		Source: "your code", Dir: "exercises/03-crawler",
		Checks: []score.Check{
			{Name: "build", Status: score.Pass, Message: "compiles and passes go vet"},
			{Name: "tests", Status: score.Pass, Message: "every functional test passed (run with -race)"},
			{Name: "race", Status: score.Pass, Message: "no data race found"},
			{Name: "leak", Status: score.Pass, Message: "no goroutine left running"},
			{Name: "timing", Status: score.Fail, Message: "crawl time: 6.1s (budget: at most 2s): fetch pages concurrently, up to MaxInFlight at once",
				Details: []string{"requests in flight: 1"}},
		},
	})
	r.Add(Exercise{
		ID: "07", Slug: "race-bank", Chapter: 4, Title: "Fix the race",
		Points: 10, Score: 10, Status: StatusPass, Failure: "none", DurationMS: 2100,
		Source: "your code", Dir: "exercises/07-race-bank",
		Checks: []score.Check{
			{Name: "build", Status: score.Pass, Message: "compiles and passes go vet"},
			{Name: "tests", Status: score.Pass, Message: "every functional test passed (run with -race)"},
			{Name: "race", Status: score.Pass, Message: "no data race found"},
			{Name: "leak", Status: score.Pass, Message: "no goroutine left running"},
			{Name: "timing", Status: score.Skip, Message: "not graded for this exercise"},
		},
	})
	r.Add(Exercise{
		ID: "08", Slug: "deadlock-bank", Chapter: 4, Title: "Remove the deadlock",
		Points: 10, Status: StatusFail, Failure: "deadlock", DurationMS: 30000,
		Source: "your code", Dir: "exercises/08-deadlock-bank",
		Checks: []score.Check{
			{Name: "build", Status: score.Pass, Message: "compiles and passes go vet"},
			{Name: "tests", Status: score.Fail, Message: "deadlock: every goroutine of your code is blocked, waiting for another one",
				Details: []string{"goroutine 8 waits in sync.Mutex.Lock at bank.go:42 ((*Bank).Transfer)", "goroutine 9 waits in sync.Mutex.Lock at bank.go:42 ((*Bank).Transfer)"}},
			{Name: "race", Status: score.Skip, Message: "not reached: the tests stopped before the end"},
			{Name: "leak", Status: score.Skip, Message: "not checked: goleak looks for leaks only when every test passes"},
			{Name: "timing", Status: score.Skip, Message: "not graded for this exercise"},
		},
	})
	return r
}

// golden compares got with testdata/name; go test -update rewrites it.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	gtgolden.Assert(t, string(got), name)
}

func TestFormatsGolden(t *testing.T) {
	for _, tt := range []struct {
		file   string
		format string
		color  bool
	}{
		{"report.txt", "text", false},
		{"report-color.txt", "text", true},
		{"report.json", "json", false},
	} {
		t.Run(tt.file, func(t *testing.T) {
			f, err := ByName(tt.format, Options{Color: tt.color})
			require.NoError(t, err)
			var b bytes.Buffer
			require.NoError(t, f.Write(&b, sample()))
			golden(t, tt.file, b.Bytes())
		})
	}
}

// TestJSONVersion1 pins the field names DESIGN.md fixes for version 1.
func TestJSONVersion1(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, JSON{}.Write(&b, sample()))
	var doc map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.EqualValues(t, 1, doc["version"])
	assert.EqualValues(t, 10, doc["score"])
	assert.EqualValues(t, 30, doc["max_score"])
	ex := doc["exercises"].([]any)[0].(map[string]any)
	for _, k := range []string{"id", "slug", "chapter", "title", "points", "score", "status", "failure", "checks", "duration_ms"} {
		assert.Contains(t, ex, k)
	}
	assert.Len(t, ex, 10, "no fields beyond version 1's")
	check := ex["checks"].([]any)[0].(map[string]any)
	assert.Len(t, check, 3, "details is left out when there are none")
	for _, k := range []string{"name", "status", "message"} {
		assert.Contains(t, check, k)
	}
	// details, the one addition to version 1: optional, a list of lines.
	timing := ex["checks"].([]any)[4].(map[string]any)
	assert.Len(t, timing, 4)
	assert.Equal(t, []any{"requests in flight: 1"}, timing["details"])
}

// TestJSONDetailsAreTheTextsLines: every line the text report prints
// under a check is in the check's details, in order.
func TestJSONDetailsAreTheTextsLines(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, JSON{}.Write(&b, sample()))
	var doc Result
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	for i, e := range sample().Exercises {
		for j, c := range e.Checks {
			assert.Equal(t, c.Details, doc.Exercises[i].Checks[j].Details, "%s %s", e.ID, c.Name)
		}
	}
}

func TestTextNoColorMeansNoEscapes(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Text{}.Write(&b, sample()))
	assert.NotContains(t, b.String(), "\x1b[")
}

func TestWrap(t *testing.T) {
	assert.Equal(t, "short", wrap("short", 20, "  "))
	assert.Equal(t, "one two\n  three four", wrap("one two three four", 10, "  "))
	assert.Equal(t, "a\n  unbreakable-word-longer-than-width\n  b", wrap("a unbreakable-word-longer-than-width b", 5, "  "))
	assert.Equal(t, "kept åäö\n  ok", wrap("kept åäö ok", 8, "  "), "width counts runes, not bytes")
}

func TestByNameUnknown(t *testing.T) {
	_, err := ByName("xml", Options{})
	assert.ErrorContains(t, err, `unknown format "xml": use one of classroom, classroom50, json, text`)
}

func TestPassed(t *testing.T) {
	assert.False(t, sample().Passed())
	assert.False(t, (&Result{}).Passed(), "nothing graded is not a pass")
	r := &Result{}
	r.Add(Exercise{Status: StatusPass, Points: 10, Score: 10})
	assert.True(t, r.Passed())
}

// TestNextLeak: the next step fits what was seen of the goroutines left
// running.
func TestNextLeak(t *testing.T) {
	for summary, want := range map[string]string{
		"goroutine leak: Run returned while its goroutine at pipeline.go:40 was still running: wait for it before returning": "wait for every goroutine a call starts before it returns",
		"goroutine leak: 1 goroutine was still blocked after the tests ended":                                                "give each a way to stop",
		"goroutine leak: 1 goroutine was still running after the tests ended":                                                "make each one end",
		"process leak: processes the tests started were still running after they ended":                                      "wait for every process you start",
	} {
		got := next(Exercise{ID: "02", Failure: "leak", Summary: summary})
		assert.Contains(t, got, want, summary)
	}
}

// TestNextTiming: "over its budget" only when a figure was; a timing
// test that failed on an assertion is told so.
func TestNextTiming(t *testing.T) {
	ex := func(msg string) Exercise {
		return Exercise{ID: "11", Failure: "timing", Checks: []score.Check{{Name: "timing", Status: score.Fail, Message: msg}}}
	}
	assert.Contains(t, next(ex("Run returned: 1s (budget: at most 50ms): wait in a select")), "over its budget")
	got := next(ex("failed: TestTimingFirstError"))
	assert.Contains(t, got, "failed on what it checks besides its figures")
	assert.NotContains(t, got, "budget")
}
