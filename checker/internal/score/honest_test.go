package score

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/asynckata/kata/checker/internal/classify"
)

func TestHonest(t *testing.T) {
	tests := []struct {
		name    string
		ev      Evidence
		failure classify.Class
		failed  map[string]string // check -> substring of its message
	}{
		{
			name:    "a test that never reported fails tests, whatever the exit",
			ev:      Evidence{Applies: all, Points: 10, Main: passed(), Timing: timed(), Honesty: Honesty{MainAudit: &Audit{Missing: []string{"TestA"}}}},
			failure: classify.Crash,
			failed:  map[string]string{"tests": "this test did not run: TestA"},
		},
		{
			name:    "a timing test that never reported fails timing",
			ev:      Evidence{Applies: all, Points: 10, Main: passed(), Timing: timed(), Honesty: Honesty{TimingAudit: &Audit{Missing: []string{"TestTimingCrawl"}}}},
			failure: classify.Crash,
			failed:  map[string]string{"timing": "this test did not run: TestTimingCrawl"},
		},
		{
			name: "tests a leak kept from running are the leak's, not a crash",
			ev: Evidence{Applies: noTiming, Points: 10, Main: &classify.Facts{Class: classify.Leak, Leak: true, Stopped: true,
				Summary: "goroutine leak: Run returned while ...", FailedTests: []string{"TestA"}},
				Honesty: Honesty{MainAudit: &Audit{Missing: []string{"TestB", "TestC"}}}},
			failure: classify.Leak,
			failed:  map[string]string{"tests": "failed: TestA; the leak ended the test binary, so 2 tests never ran: TestB, TestC"},
		},
		{
			name:    "skipped is not passed",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed(), Honesty: Honesty{MainAudit: &Audit{Skipped: []string{"TestA"}}}},
			failure: "tests",
			failed:  map[string]string{"tests": "skipped, which does not count as a pass: TestA"},
		},
		{
			name:    "forged output is tampered",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed(), Honesty: Honesty{MainAudit: &Audit{Forged: []string{"TestA reported 2 results"}}}},
			failure: classify.Tampered,
			failed:  map[string]string{"tests": "forged test output: TestA reported 2 results"},
		},
		{
			name:    "a timing run with no budgeted figure fails",
			ev:      Evidence{Applies: all, Points: 10, Main: passed(), Timing: passed()},
			failure: "timing",
			failed:  map[string]string{"timing": "no timing figure was reported"},
		},
		{
			name:    "a screened construct is forbidden, first",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed(), Honesty: Honesty{Forbidden: []string{"crawler.go:4: os.Exit in init would end the tests before they run"}, MainAudit: &Audit{Missing: []string{"TestA"}}}},
			failure: classify.Forbidden,
			failed:  map[string]string{"build": "crawler.go:4: os.Exit in init", "tests": "did not run"},
		},
		{
			name:    "an extra file scores 0 in strict mode",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed(), StrictTamper: true, Honesty: Honesty{Extra: []string{"helper.go"}}},
			failure: classify.Forbidden,
			failed:  map[string]string{"build": "files beyond the ones you edit: helper.go"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Decide(tt.ev)
			assert.Equal(t, 0, g.Score)
			assert.False(t, g.Passed)
			assert.Equal(t, tt.failure, g.Failure)
			assert.NotEmpty(t, g.Summary)
			for _, c := range g.Checks {
				if sub, ok := tt.failed[c.Name]; ok {
					assert.Equal(t, Fail, c.Status, c.Name)
					assert.Contains(t, c.Message, sub, c.Name)
				}
			}
		})
	}
	t.Run("an extra file is a warning by default", func(t *testing.T) {
		g := Decide(Evidence{Applies: noTiming, Points: 10, Main: passed(), Honesty: Honesty{Extra: []string{"helper.go"}}})
		assert.Equal(t, 10, g.Score)
		assert.Contains(t, g.Checks[0].Message, "warning: files beyond the ones you edit: helper.go")
	})
}
