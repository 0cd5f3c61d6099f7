package score

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/asynckata/kata/checker/internal/classify"
)

func TestFailedTests(t *testing.T) {
	leaked := &classify.Facts{Class: classify.Leak, Leak: true}
	racedAfter := &classify.Facts{Class: classify.Race, Race: true}
	deadlocked := &classify.Facts{Class: classify.Deadlock, Stopped: true}
	tests := []struct {
		name string
		ev   Evidence
		want []string
	}{
		{"all pass", Evidence{Applies: all, Main: passed(), Timing: timed()}, nil},
		{"build failed", Evidence{Applies: all, BuildError: []string{"x.go:1: no"}, MainFailed: []string{"TestA"}}, nil},
		{"a failed test", Evidence{Applies: all, Main: &classify.Facts{Class: classify.Assertion}, MainFailed: []string{"TestB"}}, []string{"TestB"}},
		{"both runs, sorted, once each", Evidence{Applies: all,
			Main: &classify.Facts{Class: classify.Assertion}, MainFailed: []string{"TestZ", "TestA"},
			Timing: &classify.Facts{Class: classify.Assertion}, TimingFailed: []string{"TestTimingX"}},
			[]string{"TestA", "TestTimingX", "TestZ"}},
		{"the test running at a deadlock", Evidence{Applies: all, Main: deadlocked, MainFailed: []string{"TestSwap"}}, []string{"TestSwap"}},
		{"goleak after every test passed", Evidence{Applies: all, Main: leaked}, []string{EndOfRun}},
		{"a leak in the timing run", Evidence{Applies: all, Main: passed(), Timing: leaked}, []string{EndOfRun}},
		{"a race outside any test", Evidence{Applies: all, Main: racedAfter}, []string{EndOfRun}},
		{"a leak a test found names the test", Evidence{Applies: all, Main: leaked, MainFailed: []string{"TestNoGoroutines"}}, []string{"TestNoGoroutines"}},
		{"a crash before any test names none", Evidence{Applies: all, Main: &classify.Facts{Class: classify.Crash, Leak: true}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FailedTests(tt.ev))
			assert.Equal(t, tt.want, Decide(tt.ev).FailedTests)
		})
	}
}
