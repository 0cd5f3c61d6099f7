package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
)

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=t", "-c", "user.email=t@example.com"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
}

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
}

// TestBaselineFindsATestEditedWithItsDigest: the template's first commit
// still has the original test, so an edited test is found even when the
// learner also regenerated checker/protected.sum.
func TestBaselineFindsATestEditedWithItsDigest(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := repoDir(t, twoChapters)
	for _, f := range []string{"exercises/03-crawler/crawler.go", "exercises/03-crawler/crawler_test.go",
		"exercises/03-crawler/README.md", "exercises/07-race-bank/bank.go", "exercises/07-race-bank/bank_test.go",
		"checker/protected.sum", "internal/katatest/measure.go"} {
		write(t, dir, f, "original "+f+"\n")
	}
	gitIn(t, dir, "init", "-q")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-qm", "template")

	write(t, dir, "exercises/03-crawler/crawler.go", "solved\n")   // the learner's file: fine
	write(t, dir, "exercises/03-crawler/README.md", "my notes\n")  // not protected
	write(t, dir, "exercises/03-crawler/helper.go", "package x\n") // added: screened elsewhere
	write(t, dir, "exercises/07-race-bank/bank_test.go", "t.Skip()\n")
	gitIn(t, dir, "add", ".")
	gitIn(t, dir, "commit", "-qm", "work")
	write(t, dir, "checker/protected.sum", "regenerated\n") // uncommitted: still seen

	m, err := manifest.Parse(strings.NewReader(twoChapters))
	require.NoError(t, err)
	got, err := baselineChanges(context.Background(), dir, m, FirstCommit)
	require.NoError(t, err)
	assert.Equal(t, []string{"checker/protected.sum"}, got["03"])
	assert.Equal(t, []string{"checker/protected.sum", "exercises/07-race-bank/bank_test.go"}, got["07"])
	assert.Equal(t, []string{"checker/protected.sum"}, got["08"])
}

func TestBaselineWithoutHistorySaysWhatToDo(t *testing.T) {
	dir := repoDir(t, twoChapters) // not a repository
	m, err := manifest.Parse(strings.NewReader(twoChapters))
	require.NoError(t, err)
	_, err = baselineChanges(context.Background(), dir, m, FirstCommit)
	assert.ErrorContains(t, err, "fetch-depth 0")
}
