package report

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/schemas"
	"github.com/asynckata/kata/checker/internal/score"
)

// validateClassroom50 checks a result.json against Classroom 50's schema.
func validateClassroom50(t *testing.T, doc []byte) {
	t.Helper()
	require.NoError(t, schemas.ValidateClassroom50Result(doc))
}

var identity = map[string]string{
	"CLASSROOM":      "cs-go",
	"ASSIGNMENT":     "async-kata",
	"USERNAME":       "alice",
	"SUBMISSION_TAG": "submit/2026-09-01T14-32-05Z-a1b2c3d",
	"COMMIT_URL":     "https://github.com/cs-go/async-kata-alice/commit/a1b2c3d",
	"RELEASE_URL":    "https://github.com/cs-go/async-kata-alice/releases/tag/submit%2F2026-09-01T14-32-05Z-a1b2c3d",
}

func getenv(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

func classroom50(t *testing.T, r *Result) []byte {
	t.Helper()
	id, err := IdentityFromEnv(getenv(identity))
	require.NoError(t, err)
	f, err := ByName("classroom50", Options{
		Identity: id,
		Now:      func() time.Time { return time.Date(2026, 9, 1, 16, 32, 5, 0, time.FixedZone("CEST", 2*3600)) },
		Token:    "TESTTOKEN",
	})
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, f.Write(&b, r))
	return b.Bytes()
}

func TestClassroom50Golden(t *testing.T) {
	b := classroom50(t, sample())
	golden(t, "classroom50.json", b)
	validateClassroom50(t, b)

	var doc map[string]any
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, "2026-09-01T14:32:05Z", doc["datetime"], "now, in UTC")
	assert.Equal(t, "alice", doc["owner"], "OWNER falls back to USERNAME")
	assert.Equal(t, "individual", doc["assignment_type"])
	assert.Equal(t, identity["COMMIT_URL"], doc["review"], "REVIEW_URL falls back to COMMIT_URL")
	assert.EqualValues(t, 10, doc["score"])
	assert.EqualValues(t, 30, doc["max-score"])
	tests := doc["tests"].([]any)
	require.Len(t, tests, 3)
	first := tests[0].(map[string]any)
	assert.Equal(t, false, first["passed"])
	assert.Len(t, first["checks"], 5, "the check breakdown rides along")
	assert.Equal(t, true, tests[1].(map[string]any)["passed"])
}

// TestClassroom50Validates: every shape of result the checker makes is
// one the schema accepts: all starters failing, all solutions passing, a
// tampered exercise, an exercise that could not be graded, nothing graded.
func TestClassroom50Validates(t *testing.T) {
	tampered := pass("07")
	tampered.Score, tampered.Status, tampered.Failure = 0, StatusFail, "tampered"
	tampered.Summary = "protected files changed: exercises/07-race-bank/bank_test.go"
	tampered.Checks = []score.Check{{Name: "tests", Status: score.Pass, Message: "every functional test passed; protected files changed: exercises/07-race-bank/bank_test.go"}}
	for name, exs := range map[string][]Exercise{
		"starters":  {fail("03"), fail("07")},
		"solutions": {pass("03"), pass("07")},
		"tampered":  {pass("03"), tampered},
		"error":     {{ID: "09", Slug: "pool", Title: "Pool", Points: 10, Status: StatusError, Failure: "none", Summary: "exercise 09: its folder is missing"}},
		"nothing":   nil,
	} {
		t.Run(name, func(t *testing.T) {
			r := &Result{Version: Version}
			for _, e := range exs {
				r.Add(e)
			}
			b := classroom50(t, r)
			validateClassroom50(t, b)
			var doc struct {
				Score    int `json:"score"`
				MaxScore int `json:"max-score"`
				Tests    []struct {
					Passed  bool   `json:"passed"`
					Score   int    `json:"score"`
					Message string `json:"message"`
				}
			}
			require.NoError(t, json.Unmarshal(b, &doc))
			assert.Equal(t, r.Score, doc.Score)
			assert.Equal(t, r.MaxScore, doc.MaxScore)
			if name == "tampered" {
				assert.False(t, doc.Tests[1].Passed)
				assert.Equal(t, 0, doc.Tests[1].Score)
				assert.Contains(t, doc.Tests[1].Message, "bank_test.go")
			}
		})
	}
}

// TestSchemaCatchesMistakes: the validation is not vacuous.
func TestSchemaCatchesMistakes(t *testing.T) {
	b := classroom50(t, sample())
	for name, mutate := range map[string]func(map[string]any){
		"extra top-level field": func(d map[string]any) { d["version"] = 1 },
		"fractional score":      func(d map[string]any) { d["score"] = 2.5 },
		"bad submission":        func(d map[string]any) { d["submission"] = "main" },
		"local datetime":        func(d map[string]any) { d["datetime"] = "2026-09-01T16:32:05+02:00" },
		"test without passed":   func(d map[string]any) { delete(d["tests"].([]any)[0].(map[string]any), "passed") },
	} {
		t.Run(name, func(t *testing.T) {
			var doc map[string]any
			require.NoError(t, json.Unmarshal(b, &doc))
			mutate(doc)
			bad, err := json.Marshal(doc)
			require.NoError(t, err)
			assert.Error(t, schemas.ValidateClassroom50Result(bad))
		})
	}
}

func TestIdentityFromEnv(t *testing.T) {
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for a, b := range identity {
			m[a] = b
		}
		m[k] = v
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"nothing set", map[string]string{}, "CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, OWNER (or USERNAME) not set"},
		{"no owner", with("USERNAME", ""), "OWNER (or USERNAME) not set"},
		{"tag outside submit/", with("SUBMISSION_TAG", "v1"), `SUBMISSION_TAG "v1" does not start with submit/`},
		{"odd assignment type", with("ASSIGNMENT_TYPE", "pair"), `ASSIGNMENT_TYPE "pair" is neither individual nor group`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := IdentityFromEnv(getenv(tt.env))
			assert.ErrorContains(t, err, tt.want)
			assert.ErrorContains(t, err, "autograder.py")
		})
	}
	id, err := IdentityFromEnv(getenv(with("OWNER", "team-7")))
	require.NoError(t, err)
	assert.Equal(t, "team-7", id.Owner, "OWNER wins over USERNAME")
}
