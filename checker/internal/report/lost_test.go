package report

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/checker/internal/score"
)

func TestLost(t *testing.T) {
	long := "consume was running in 2 goroutines at once: there is one consumer, so call consume from one goroutine only, " +
		"and the text report wraps this line over several"
	tests := []struct {
		name  string
		check score.Check
		want  []string
	}{
		{
			name: "every line shown, however the text wraps it",
			check: score.Check{Name: "tests", Status: score.Fail, Message: "failed: TestA",
				Details: []string{"pipeline_test.go:42: Run(2, 10, ...):", "  - " + long},
				Said:    []string{"Run(2, 10, ...):", "- " + long}},
		},
		{
			name: "a line in the message counts",
			check: score.Check{Name: "timing", Status: score.Fail, Message: "wait: 1s (budget: at most 40ms): run them at once",
				Said: []string{"wait: 1s (budget: at most 40ms)"}},
		},
		{
			name: "the next line of a message, dropped",
			check: score.Check{Name: "tests", Status: score.Fail, Message: "failed: TestA",
				Details: []string{"pipeline_test.go:42: Run(2, 10, ...):"},
				Said:    []string{"Run(2, 10, ...):", "- consume was running in 2 goroutines at once"}},
			want: []string{`tests check, text and JSON: "- consume was running in 2 goroutines at once"`},
		},
		{
			name: "past what the text report prints",
			check: func() score.Check {
				c := score.Check{Name: "tests", Status: score.Fail, Message: "failed: TestA"}
				for i := range maxDetail + 1 {
					line := strings.Repeat("x", i+1)
					c.Details = append(c.Details, line)
					c.Said = append(c.Said, line)
				}
				c.Said = c.Said[maxDetail:]
				return c
			}(),
			want: []string{`tests check, text: "` + strings.Repeat("x", maxDetail+1) + `"`},
		},
		{
			name: "a flood the details bounded, and said so",
			check: score.Check{Name: "tests", Status: score.Fail, Message: "failed: TestA, TestB",
				Details: []string{"TestA at a_test.go:3:", "  Error: first", "... 12 " + classify.LeftOut},
				Said:    []string{"first", "second, left out"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Exercise{ID: "02", Slug: "pipeline", Points: 10, Status: StatusFail, Failure: "assertion",
				Checks: []score.Check{{Name: "build", Status: score.Pass, Message: "compiles"}, tt.check}}
			assert.Equal(t, tt.want, Lost(e))
		})
	}
}
