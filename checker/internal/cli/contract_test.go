package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// TestVerifyProvesTheFixtureContract runs verify on the fixture kata: its
// contract names every protected test, and each wrong solution it names
// fails a test of the promise it breaks. Then a contract that claims too
// much fails verify, saying which promise held.
func TestVerifyProvesTheFixtureContract(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	dir := repoCopy(t)
	root, err := manifest.FindRoot(".")
	require.NoError(t, err)
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "README.md"), readme, 0o644))
	code, _, stderr := runIn(t, dir, nil, "gen")
	require.Equal(t, ExitPass, code, stderr)

	code, out, stderr := runIn(t, dir, nil, "verify", "--jobs=2", "01")
	require.Equal(t, ExitPass, code, out+stderr)
	assert.Contains(t, out, "ok   01 counter: contract: 2 promises name every protected test (1) and break with 2 wrong solutions")
	assert.Contains(t, out, "wrong solution off-by-one: rejected by tests")
	assert.Regexp(t, `wrong solution off-by-one: .*; breaks promise 1 \(TestAddCountsEveryOne\)`, out)
	assert.Regexp(t, `wrong solution read-unlocked: .*; breaks promise 2 \(TestAddCountsEveryOne\)`, out)

	// The unlocked read leaves no goroutine behind: a contract saying it
	// breaks that promise is caught (the README is regenerated first, so
	// only that fails).
	cpath := filepath.Join(dir, "exercises", "01-counter", "contract.toml")
	c, err := os.ReadFile(cpath)
	require.NoError(t, err)
	leak := "\n[[promise]]\nsays = \"No goroutine is left.\"\ncheck = \"leak\"\ntests = [\"TestMain\"]\nbroken_by = [\"read-unlocked\"]\n"
	require.NoError(t, os.WriteFile(cpath, append(c, leak...), 0o644))
	code, _, stderr = runIn(t, dir, nil, "gen")
	require.Equal(t, ExitPass, code, stderr)
	code, out, _ = runIn(t, dir, nil, "verify", "--jobs=2", "01")
	assert.Equal(t, ExitFail, code)
	assert.Contains(t, out, "FAIL 01 counter, wrong solution read-unlocked: rejected by race (race fail; failure race); breaks promise 2 (TestAddCountsEveryOne); "+
		`contract.toml says it breaks promise 3 ("No goroutine is left."), but none of that promise's tests failed (TestMain; failed: TestAddCountsEveryOne)`)
}
