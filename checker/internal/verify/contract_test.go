package verify

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/contract"
	"github.com/asynckata/kata/checker/internal/grader"
	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/score"
)

const bankTests = `package bank
import "testing"
func TestMain(m *testing.M) {}
func TestTotalConserved(t *testing.T) {}
func TestOneWinner(t *testing.T) {}
`

const bankContract = `
[[promise]]
says = "The total is conserved."
check = "race"
tests = ["TestTotalConserved"]
broken_by = ["writes-only"]

[[promise]]
says = "Only one of six goroutines wins."
check = "tests"
tests = ["TestOneWinner", "TestTotalConserved"]
broken_by = ["writes-only", "unlocked-total"]

[[promise]]
says = "No goroutine is left."
check = "leak"
tests = ["TestMain"]
broken_by = ["unlocked-total"]
`

// bank writes exercise 07 with the given test file and contract ("" for
// none) under a new root.
func bank(t *testing.T, tests, contractText string) (*Verifier, manifest.Exercise, *strings.Builder) {
	t.Helper()
	root := t.TempDir()
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	ex := m.Exercises[0]
	dir := filepath.Join(root, ex.Dir())
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bank_test.go"), []byte(tests), 0o644))
	if contractText != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, contract.FileName), []byte(contractText), 0o644))
	}
	var out strings.Builder
	return &Verifier{Root: root, Manifest: m, Out: &out}, ex, &out
}

func TestContractHolds(t *testing.T) {
	v, ex, out := bank(t, bankTests, bankContract)
	cs, ok := v.contracts([]manifest.Exercise{ex})
	assert.True(t, ok, out.String())
	assert.Len(t, cs["07"].Promises, 3)
	assert.Equal(t, "ok   07 race-bank: contract: 3 promises name every protected test (2) and break with 2 wrong solutions\n", out.String())
}

func TestContractProblems(t *testing.T) {
	for _, tt := range []struct {
		name, tests, contract string
		want                  []string
	}{
		{"missing", bankTests, "", []string{"FAIL 07 race-bank: contract: exercises/07-race-bank/contract.toml is missing: write one [[promise]]"}},
		{"does not parse", bankTests, "[[promise]]\nsays = \"x\"\n", []string{"exercises/07-race-bank/contract.toml: promise 1: \"check\" is empty"}},
		{"a test that does not exist", bankTests, strings.Replace(bankContract, `["TestOneWinner", `, `["TestOneWiner", `, 1),
			[]string{"promise 2 names TestOneWiner, which no protected _test.go file of the exercise declares", "TestOneWinner is named by no promise"}},
		{"a protected test no promise names", bankTests + "func TestTimingTransfers(t *testing.T) {}\n", bankContract,
			[]string{"TestTimingTransfers is named by no promise: add it"}},
		{"a wrong solution kata.toml lacks", bankTests, strings.Replace(bankContract, `["unlocked-total"]`, `["no-lock"]`, 1),
			[]string{`promise 3: broken_by "no-lock" is not a wrong solution of kata.toml (it has: unlocked-total, writes-only)`}},
		{"a check not graded", bankTests, strings.Replace(bankContract, `check = "leak"`, `check = "timing"`, 1),
			[]string{`promise 3: check "timing" is not graded for this exercise`}},
		{"a timing promise broken by a race wrong solution", bankTests + "func TestTimingTransfers(t *testing.T) {}\n",
			bankContract + "[[promise]]\nsays = \"Fast.\"\ncheck = \"race\"\ntests = [\"TestTimingTransfers\"]\nbroken_by = [\"writes-only\"]\n",
			[]string{"promise 4: broken_by writes-only cannot prove it: its tests are all TestTiming*", "whose kata.toml check is race", "name a wrong solution whose check is timing"}},
		{"tests that do not parse", "package bank\nfunc {", bankContract, []string{"the protected test files do not parse"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v, ex, out := bank(t, tt.tests, tt.contract)
			_, ok := v.contracts([]manifest.Exercise{ex})
			assert.False(t, ok)
			for _, w := range tt.want {
				assert.Contains(t, out.String(), w)
			}
		})
	}
}

func TestProves(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml + "timing-wrong = \"race\"\n"))
	require.NoError(t, err)
	ex := m.Exercises[0]
	c, err := contract.Parse(strings.NewReader(bankContract + `
[[promise]]
says = "Transfers stay fast while the validator reads the total under the same lock as every transfer."
check = "race"
tests = ["TestOneWinner", "TestTimingTransfers"]
broken_by = ["timing-wrong"]
`))
	require.NoError(t, err)
	for _, tt := range []struct {
		name   string
		wrong  string
		failed []string
		ok     bool
		note   []string
	}{
		{"every promise it breaks sees a test fail", "writes-only", []string{"TestTotalConserved"}, true,
			[]string{"breaks promise 1 (TestTotalConserved), promise 2 (TestTotalConserved)"}},
		{"TestMain stands for goleak", "unlocked-total", []string{"TestMain", "TestOneWinner"}, true,
			[]string{"breaks promise 2 (TestOneWinner), promise 3 (TestMain)"}},
		{"a promise none of whose tests failed", "unlocked-total", []string{"TestOneWinner"}, false,
			[]string{`contract.toml says it breaks promise 3 ("No goroutine is left."), but none of that promise's tests failed (TestMain; failed: TestOneWinner): sharpen the tests`}},
		{"nothing failed", "writes-only", nil, false, []string{"failed: none"}},
		{"a timing test unproved by a wrong solution of another check", "timing-wrong", nil, false,
			[]string{`promise 4 ("Transfers stay fast while the validator reads the total u...")`, "its kata.toml check is race, and verify skips the timing run", "only a wrong solution whose check is timing proves a TestTiming* test"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ok, note := proves(ex, c, tt.wrong, report.Exercise{FailedTests: tt.failed})
			assert.Equal(t, tt.ok, ok, note)
			for _, w := range tt.note {
				assert.Contains(t, note, w)
			}
		})
	}
	raced := report.Exercise{FailedTests: []string{"TestTotalConserved"},
		Checks: []score.Check{{Name: manifest.CheckRace, Status: score.Fail}}}
	ok, note := proves(ex, c, "timing-wrong", raced)
	assert.True(t, ok, note)
	assert.Contains(t, note, "breaks promise 4 (the race check)",
		"a race promise is proved by the race check, whichever test the detector blamed")
	ok, note = proves(ex, nil, "writes-only", report.Exercise{})
	assert.True(t, ok, "no contract: reported on its own line")
	assert.Empty(t, note)
}

// TestRunProvesTheContract: verify's line for a wrong solution says which
// promises it breaks, and fails when a promise it should break holds.
func TestRunProvesTheContract(t *testing.T) {
	v, ex, out := bank(t, bankTests, bankContract)
	v.Grade = func(_ context.Context, _ manifest.Exercise, src grader.Source) (report.Exercise, error) {
		switch src.Wrong {
		case "writes-only":
			r := graded(0, "race", map[string]score.Status{"race": score.Fail, "leak": score.Skip})
			r.FailedTests = []string{"TestTotalConserved"}
			return r, nil
		case "unlocked-total":
			r := graded(0, "race", map[string]score.Status{"race": score.Fail, "leak": score.Skip})
			r.FailedTests = []string{"TestOneWinner"}
			return r, nil
		case "":
			if src.Solution {
				return graded(10, "none", nil), nil
			}
		}
		return graded(0, "race", map[string]score.Status{"race": score.Fail, "leak": score.Skip}), nil
	}
	ok, err := v.Run(context.Background(), []manifest.Exercise{ex})
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Contains(t, out.String(), "ok   07 race-bank, wrong solution writes-only: rejected by race (race fail; failure race); breaks promise 1 (TestTotalConserved), promise 2 (TestTotalConserved)")
	assert.Contains(t, out.String(), "FAIL 07 race-bank, wrong solution unlocked-total: rejected by race (race fail; failure race); breaks promise 2 (TestOneWinner); contract.toml says it breaks promise 3")
}
