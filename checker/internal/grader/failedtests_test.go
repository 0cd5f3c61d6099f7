package grader_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/runner"
)

// TestFailedTestsOfRealRuns grades a few fixtures for real and checks
// which top-level tests the grade says failed: the one that failed its
// assertion, the one a race was detected in, the one running when the
// watchdog ended a deadlock, and TestMain for goleak (or a race) after
// every test passed. verify matches these names against a contract.
func TestFailedTestsOfRealRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("grades real packages; skipped with -short")
	}
	ctx := context.Background()
	repo := root(t)
	r, err := runner.New(ctx, repo)
	require.NoError(t, err)
	g := &grader.Grader{Runner: r}
	for _, tt := range []struct {
		fixture string
		want    []string
	}{
		{"pass", nil},
		{"assertion", []string{"TestAdd"}},
		{"race", []string{"TestCount"}},
		{"deadlock", []string{"TestSwap"}},
		{"leak", []string{"TestMain"}},
		{"raceoutside", []string{"TestMain"}},
	} {
		t.Run(tt.fixture, func(t *testing.T) {
			dir := filepath.Join("checker", "testdata", "fixtures", tt.fixture)
			rep, err := g.Grade(ctx, grader.Job{
				Dir:        dir,
				ImportPath: module + "/" + filepath.ToSlash(dir),
				Applies:    []string{manifest.CheckBuild, manifest.CheckTests, manifest.CheckRace, manifest.CheckLeak},
				Points:     10,
				Limit:      60 * time.Second,
			})
			require.NoError(t, err)
			assert.Equal(t, tt.want, rep.Grade.FailedTests, "failure %s: %s", rep.Grade.Failure, rep.Grade.Summary)
		})
	}
}
