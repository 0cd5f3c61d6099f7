package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// generated is every file gen writes, in its order.
var generated = []string{"README.md", tamper.FileName, tamper.StartersFile, WorkflowFile, AutogradingFile, TestsFile, AutograderFile}

// exerciseDir makes a root holding exercise 03's folder with a test file.
func exerciseDir(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "exercises", "03-crawler")
	require.NoError(t, os.MkdirAll(dir, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crawler.go"), []byte("package crawler\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "crawler_test.go"), []byte("package crawler\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "README.md"), []byte(Begin+"\n"+End+"\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/kata\n\ngo 1.26.0\n"), 0o644))
	return root
}

// TestProtectedSumGoesStale: changing a test file makes the committed
// digests stale until make generate runs, so verify (and CI) catch a
// test changed without its digest.
func TestProtectedSumGoesStale(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	_, err = Write(root, m)
	require.NoError(t, err)
	stale, err := Stale(root, m)
	require.NoError(t, err)
	require.Empty(t, stale)

	sum, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(tamper.FileName)))
	require.NoError(t, err)
	assert.Contains(t, string(sum), "  exercises/03-crawler/crawler_test.go\n")
	assert.NotContains(t, string(sum), "crawler.go\n", "the learner's file is not protected")

	test := filepath.Join(root, "exercises", "03-crawler", "crawler_test.go")
	require.NoError(t, os.WriteFile(test, []byte("package crawler\n// changed\n"), 0o644))
	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{tamper.FileName}, stale)

	changed, err := Write(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{tamper.FileName}, changed)
}

func TestMissingReadmeIsAnError(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	require.NoError(t, os.Remove(filepath.Join(root, "README.md")))
	_, err = Stale(root, m)
	assert.ErrorContains(t, err, "git checkout -- README.md")
}

// TestStartersNotStaleAfterLearnerEdits: solving an exercise in place
// changes its edit file, which must not make verify call the recorded
// starters out of date; make generate (an author) still records the new
// blob.
func TestStartersNotStaleAfterLearnerEdits(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	_, err = Write(root, m)
	require.NoError(t, err)
	before, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(tamper.StartersFile)))
	require.NoError(t, err)
	assert.Contains(t, string(before), "  exercises/03-crawler/crawler.go\n")

	edit := filepath.Join(root, "exercises", "03-crawler", "crawler.go")
	require.NoError(t, os.WriteFile(edit, []byte("package crawler\n// solved\n"), 0o644))
	stale, err := Stale(root, m)
	require.NoError(t, err)
	assert.Empty(t, stale)

	changed, err := Write(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{tamper.StartersFile}, changed)
}

// TestHelperFileNotStale: a learner's helper file beside the edit file
// does not make the protected list out of date; a new test file does.
func TestHelperFileNotStale(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	_, err = Write(root, m)
	require.NoError(t, err)
	dir := filepath.Join(root, "exercises", "03-crawler")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "helper.go"), []byte("package crawler\n"), 0o644))
	stale, err := Stale(root, m)
	require.NoError(t, err)
	assert.Empty(t, stale)

	require.NoError(t, os.WriteFile(filepath.Join(dir, "more_test.go"), []byte("package crawler\n"), 0o644))
	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{tamper.FileName}, stale)
}
