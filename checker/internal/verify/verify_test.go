package verify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/score"
)

const toml = `
module = "example.com/kata"
[[chapter]]
number = 4
title = "Thread safety"
[[exercise]]
id = "07"
slug = "race-bank"
chapter = 4
title = "Fix the race"
points = 10
checks = ["build", "tests", "race", "leak"]
objective = "race"
limit = "30s"
edit = ["bank.go"]
right = ["per-account"]
[exercise.wrong]
writes-only = "race"
unlocked-total = "race"
`

func graded(score_ int, failure string, statuses map[string]score.Status) report.Exercise {
	r := report.Exercise{ID: "07", Slug: "race-bank", Points: 10, Score: score_, Failure: failure, Status: report.StatusFail}
	if score_ == 10 {
		r.Status = report.StatusPass
	}
	for _, name := range manifest.Checks {
		st, ok := statuses[name]
		if !ok {
			st = score.Pass
		}
		r.Checks = append(r.Checks, score.Check{Name: name, Status: st})
	}
	return r
}

func TestExpect(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	ex := m.Exercises[0]
	raceFails := map[string]score.Status{"race": score.Fail, "leak": score.Skip}
	tests := []struct {
		name string
		src  grader.Source
		r    report.Exercise
		want bool
	}{
		{"starter fails its objective", grader.Source{}, graded(0, "race", raceFails), true},
		{"starter fails something else", grader.Source{}, graded(0, "assertion", map[string]score.Status{"tests": score.Fail}), false},
		{"starter passes", grader.Source{}, graded(10, "none", nil), false},
		{"solution full marks", grader.Source{Solution: true}, graded(10, "none", nil), true},
		{"solution short", grader.Source{Solution: true}, graded(0, "leak", map[string]score.Status{"leak": score.Fail}), false},
		{"right full marks", grader.Source{Right: "per-account"}, graded(10, "none", nil), true},
		{"right short", grader.Source{Right: "per-account"}, graded(0, "race", raceFails), false},
		{"wrong rejected by its check", grader.Source{Wrong: "writes-only"}, graded(0, "race", raceFails), true},
		{"wrong rejected by another check", grader.Source{Wrong: "writes-only"}, graded(0, "assertion", map[string]score.Status{"tests": score.Fail}), false},
		{"wrong passes", grader.Source{Wrong: "writes-only"}, graded(10, "none", nil), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, why := expect(ex, tt.src, tt.r)
			assert.Equal(t, tt.want, ok, why)
		})
	}
}

func TestFingerprintIgnoresChecksOutsideTheInvariant(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	ex := m.Exercises[0]
	src := grader.Source{Wrong: "writes-only"}
	lostUpdate := graded(0, "race", map[string]score.Status{"tests": score.Fail, "race": score.Fail, "leak": score.Skip})
	noLostUpdate := graded(0, "race", map[string]score.Status{"race": score.Fail, "leak": score.Skip})
	assert.Equal(t, fingerprint(ex, src, lostUpdate), fingerprint(ex, src, noLostUpdate))
	passed := graded(10, "none", nil)
	assert.NotEqual(t, fingerprint(ex, src, lostUpdate), fingerprint(ex, src, passed))
	// A wrong solution's class may vary with what else went wrong (a
	// worker process that outlives the test binary only sometimes).
	leftBehind := graded(0, "leak", map[string]score.Status{"tests": score.Fail, "race": score.Fail, "leak": score.Fail})
	assert.Equal(t, fingerprint(ex, src, lostUpdate), fingerprint(ex, src, leftBehind))
	starter := grader.Source{Starter: true}
	assert.NotEqual(t, fingerprint(ex, starter, lostUpdate), fingerprint(ex, starter, leftBehind),
		"the starter must keep failing for the same reason")
}

// TestRepeatCatchesAChangingGrade: a grade that flips between rounds fails
// verify even when each round on its own meets the invariant.
func TestRepeatCatchesAChangingGrade(t *testing.T) {
	root := t.TempDir()
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	calls := 0
	var out strings.Builder
	v := &Verifier{Root: root, Manifest: m, Out: &out, Repeat: 2,
		Grade: func(_ context.Context, ex manifest.Exercise, src grader.Source) (report.Exercise, error) {
			calls++
			switch {
			case src.Solution:
				return graded(10, "none", nil), nil
			case src.Wrong != "" && calls > 4:
				// Second round: still 0, but the race went unseen.
				return graded(0, "assertion", map[string]score.Status{"tests": score.Fail, "race": score.Pass}), nil
			default:
				return graded(0, "race", map[string]score.Status{"race": score.Fail, "leak": score.Skip}), nil
			}
		}}
	ok, err := v.Run(context.Background(), m.Exercises)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Contains(t, out.String(), "grade changed between runs: 0/10, race fail, then 0/10, race pass")
	assert.Equal(t, 10, calls, "two rounds of starter, solution, a right solution and two wrong solutions")
}

// TestQuickGradesNoRightOrWrongSolution: verify --quick (make test's)
// grades the starter and the reference, and says what it left out.
func TestQuickGradesNoRightOrWrongSolution(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	var graded_ []string
	var out strings.Builder
	v := &Verifier{Root: t.TempDir(), Manifest: m, Out: &out, Quick: true,
		Grade: func(_ context.Context, ex manifest.Exercise, src grader.Source) (report.Exercise, error) {
			graded_ = append(graded_, src.String())
			if src.Solution {
				return graded(10, "none", nil), nil
			}
			return graded(0, "race", map[string]score.Status{"race": score.Fail, "leak": score.Skip}), nil
		}}
	_, err = v.Run(context.Background(), m.Exercises)
	require.NoError(t, err)
	assert.Equal(t, []string{"starter", "reference solution"}, graded_)
	assert.Contains(t, out.String(), "the right and wrong solutions are not graded")
}

func TestLayoutReportsMissingPieces(t *testing.T) {
	root := t.TempDir()
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Join(root, "exercises", "07-race-bank"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "exercises", "99-stray"), 0o755))
	require.NoError(t, os.MkdirAll(filepath.Join(root, "hints"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, "hints", "07-race-bank.md"), nil, 0o644))
	var out strings.Builder
	v := &Verifier{Root: root, Manifest: m, Out: &out}
	assert.False(t, v.layout(m.Exercises))
	for _, want := range []string{
		"exercises/99-stray is not in kata.toml",
		"exercises/07-race-bank/README.md is missing",
		"solutions/07-race-bank/bank.go is missing",
		"hints/07-race-bank.md: no hints",
		"solutions/07-race-bank/right/per-account/bank.go is missing",
	} {
		assert.Contains(t, out.String(), want)
	}
}
