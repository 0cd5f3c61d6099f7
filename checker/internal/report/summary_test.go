package report

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/score"
)

func TestSummaryTable(t *testing.T) {
	var r Result
	r.Add(Exercise{ID: "03", Slug: "crawler", Points: 10, Score: 10, Status: StatusPass, Failure: "none"})
	r.Add(Exercise{ID: "07", Slug: "race-bank", Points: 20, Status: StatusFail, Failure: "race", Checks: []score.Check{
		{Name: "build", Status: score.Pass, Message: "ok"},
		{Name: "race", Status: score.Fail, Message: "the race detector | found\na data race"},
	}})
	r.Add(Exercise{ID: "08", Slug: "deadlock-bank", Points: 10, Status: StatusFail, Failure: "tampered",
		Summary: "protected files changed: exercises/08-deadlock-bank/bank_test.go"})
	var b bytes.Buffer
	require.NoError(t, Summary{}.Write(&b, &r))
	out := b.String()
	assert.True(t, strings.HasPrefix(out, "## Async Kata for Go: 10/40 points\n"))
	assert.Contains(t, out, "| 03 | crawler | 10/10 |  |\n")
	assert.Contains(t, out, "| 07 | race-bank | 0/20 | **race**: the race detector \\| found a data race |\n", "one line per row, pipes escaped")
	assert.Contains(t, out, "| 08 | deadlock-bank | 0/10 | protected files changed: exercises/08-deadlock-bank/bank_test.go |")
	assert.Contains(t, out, "- 08 deadlock-bank (tampered): protected files changed")
	assert.Equal(t, 3, strings.Count(out, "\n| 0"), "a row per exercise")
}

func TestCellCutsAtAWord(t *testing.T) {
	got := cell(strings.Repeat("word ", 50), 30)
	assert.LessOrEqual(t, len(got), 34)
	assert.True(t, strings.HasSuffix(got, "word …"), got)
}
