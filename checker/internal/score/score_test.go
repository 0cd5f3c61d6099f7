package score

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/classify"
	"github.com/asynckata/kata/internal/katatest"
)

var all = []string{"build", "tests", "race", "leak", "timing"}
var noTiming = []string{"build", "tests", "race", "leak"}

func passed() *classify.Facts { return &classify.Facts{Class: classify.None, Passed: true} }

// timed is a passing timing run with its budgeted figure.
func timed() *classify.Facts {
	f := passed()
	f.Measures = []katatest.Measure{{What: "crawl time", Observed: "0.9s", Budget: "at most 2s", OK: true}}
	return f
}

func TestDecide(t *testing.T) {
	slow := &classify.Facts{Class: classify.Assertion, Summary: "failed: TestTimingCrawl", FailedTests: []string{"TestTimingCrawl"},
		Measures: []katatest.Measure{
			{What: "crawl time", Observed: "6.1s", Budget: "at most 2s", OK: false, Note: "fetch pages concurrently"},
			{What: "requests in flight", Observed: "1"},
		}}
	tests := []struct {
		name    string
		ev      Evidence
		want    map[string]Status
		score   int
		failure classify.Class
		message map[string]string // check -> substring of its message
	}{
		{
			name:    "all pass",
			ev:      Evidence{Applies: all, Points: 10, Main: passed(), Timing: timed()},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Pass, "timing": Pass},
			score:   10,
			failure: classify.None,
		},
		{
			name:    "timing not graded is skipped and does not block the score",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed()},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Pass, "timing": Skip},
			score:   10,
			failure: classify.None,
			message: map[string]string{"timing": "not graded"},
		},
		{
			name:    "build failure skips the rest",
			ev:      Evidence{Applies: all, Points: 10, BuildError: []string{"crawler.go:3:1: syntax error"}},
			want:    map[string]Status{"build": Fail, "tests": Skip, "race": Skip, "leak": Skip, "timing": Skip},
			failure: classify.Build,
			message: map[string]string{"tests": "build failed"},
		},
		{
			name:    "slow but correct: only timing fails, with the figure against the budget",
			ev:      Evidence{Applies: all, Points: 10, Main: passed(), Timing: slow},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Pass, "timing": Fail},
			failure: classify.Timing,
			message: map[string]string{"timing": "crawl time: 6.1s (budget: at most 2s): fetch pages concurrently"},
		},
		{
			name: "a race that only the detector complained about leaves tests passing",
			ev: Evidence{Applies: noTiming, Points: 10, Main: &classify.Facts{
				Class: classify.Race, Race: true, Summary: "data race"}},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Fail, "leak": Skip, "timing": Skip},
			failure: classify.Race,
			message: map[string]string{"leak": "only when the whole test run passes"},
		},
		{
			name: "a race that also broke an assertion fails both",
			ev: Evidence{Applies: noTiming, Points: 10, Main: &classify.Facts{
				Class: classify.Race, Race: true, FailedTests: []string{"TestTotal"}}},
			want:    map[string]Status{"build": Pass, "tests": Fail, "race": Fail, "leak": Skip, "timing": Skip},
			failure: classify.Race,
			message: map[string]string{"tests": "TestTotal"},
		},
		{
			name: "a leak with every test passing",
			ev: Evidence{Applies: noTiming, Points: 10, Main: &classify.Facts{
				Class: classify.Leak, Leak: true, Details: []string{"goroutine 7 [chan send] at gen.go:9"}}},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Fail, "timing": Skip},
			failure: classify.Leak,
		},
		{
			name: "a leak found in the timing run fails leak, not timing: the timing tests finished",
			ev: Evidence{Applies: all, Points: 10, Main: passed(), Timing: &classify.Facts{
				Class: classify.Leak, Leak: true, Measures: []katatest.Measure{{What: "crawl time", Observed: "1s", Budget: "at most 2s", OK: true}}}},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Fail, "timing": Pass},
			failure: classify.Leak,
			message: map[string]string{"timing": "crawl time: 1s"},
		},
		{
			name:    "go vet's finding is called a vet error",
			ev:      Evidence{Applies: all, Points: 10, BuildError: []string{"bank.go:17:9: String passes lock by value"}, VetError: true},
			want:    map[string]Status{"build": Fail, "tests": Skip, "race": Skip, "leak": Skip, "timing": Skip},
			failure: classify.Build,
			message: map[string]string{"build": "go vet reports"},
		},
		{
			name: "a deadlock fails tests, and race and leak were not reached",
			ev: Evidence{Applies: all, Points: 10, TimingNote: "the functional tests did not finish", Main: &classify.Facts{
				Class: classify.Deadlock, Summary: "deadlock: ...", FailedTests: []string{"TestOpposite"}}},
			want:    map[string]Status{"build": Pass, "tests": Fail, "race": Skip, "leak": Skip, "timing": Skip},
			failure: classify.Deadlock,
			message: map[string]string{"race": "not reached", "timing": "did not finish"},
		},
		{
			name: "a crash (os.Exit) is never a pass",
			ev: Evidence{Applies: noTiming, Points: 10, Main: &classify.Facts{
				Class: classify.Crash, Summary: "crash: the test binary exited"}},
			want:    map[string]Status{"build": Pass, "tests": Fail, "race": Skip, "leak": Skip, "timing": Skip},
			failure: classify.Crash,
		},
		{
			name:    "a hang in the timing run fails timing",
			ev:      Evidence{Applies: all, Points: 10, Main: passed(), Timing: &classify.Facts{Class: classify.Timeout, Summary: "timeout"}},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Pass, "timing": Fail},
			failure: classify.Timeout,
			message: map[string]string{"timing": "did not finish"},
		},
		{
			name:    "tampered files score 0 in strict mode",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed(), Tampered: []string{"crawler_test.go"}, StrictTamper: true},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Pass, "timing": Skip},
			failure: classify.Tampered,
			message: map[string]string{"tests": "protected files changed: crawler_test.go (restore them with git checkout -- crawler_test.go)"},
		},
		{
			name:    "tampered files are only reported outside strict mode",
			ev:      Evidence{Applies: noTiming, Points: 10, Main: passed(), Tampered: []string{"crawler_test.go"}},
			want:    map[string]Status{"build": Pass, "tests": Pass, "race": Pass, "leak": Pass, "timing": Skip},
			score:   10,
			failure: classify.None,
			message: map[string]string{"tests": "warning: protected files changed: crawler_test.go"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Decide(tt.ev)
			got := map[string]Status{}
			for _, c := range g.Checks {
				got[c.Name] = c.Status
			}
			assert.Equal(t, tt.want, got)
			assert.Equal(t, tt.score, g.Score)
			assert.Equal(t, tt.score > 0, g.Passed)
			assert.Equal(t, tt.failure, g.Failure)
			for name, sub := range tt.message {
				for _, c := range g.Checks {
					if c.Name == name {
						assert.Contains(t, c.Message, sub, name)
					}
				}
			}
			assert.Len(t, g.Checks, 5, "always five checks, in order")
			assert.Equal(t, "build", g.Checks[0].Name)
			assert.Equal(t, "timing", g.Checks[4].Name)
		})
	}
}

func TestVetFindingIsExplained(t *testing.T) {
	vet := []string{"bank.go:17:9: String passes lock by value: Bank contains sync.Mutex"}
	c := build(Evidence{BuildError: vet, VetError: true})
	require.Len(t, c.Details, 2)
	assert.Equal(t, vet[0], c.Details[0], "vet's own words first")
	assert.Contains(t, c.Details[1], "Use a pointer")
	c = build(Evidence{BuildError: []string{"x.go:5:41: undefined: undefinedThing"}})
	assert.Equal(t, []string{"x.go:5:41: undefined: undefinedThing"}, c.Details, "a compile error is shown as it is")
}
