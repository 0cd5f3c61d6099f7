package screen

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// TestRepoSolutionsPass: every starter, reference solution and wrong
// solution of the repository passes the screen with its exercise's
// policy, and every cheat case the manifest expects to be forbidden is
// refused.
func TestRepoSolutionsPass(t *testing.T) {
	root, err := manifest.FindRoot(".")
	require.NoError(t, err)
	m, err := manifest.Load(filepath.Join(root, manifest.FileName))
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "solutions")); err != nil {
		t.Skip("a student copy has no solutions/")
	}
	for _, ex := range m.Exercises {
		pol := Policy{Allow: ex.Allow, API: ex.API}
		protected := protectedFiles(t, filepath.Join(root, ex.Dir()), ex.Edit)
		starter := readSources(t, filepath.Join(root, ex.Dir()), ex.Edit)
		assert.Empty(t, Package(starter, protected, pol), "%s: the starter", ex.Dir())
		assert.Empty(t, Package(readSources(t, filepath.Join(root, ex.SolutionDir()), nil), protected, pol), ex.SolutionDir())
		for _, w := range ex.WrongNames() {
			assert.Empty(t, Package(readSources(t, filepath.Join(root, ex.WrongDir(w)), nil), protected, pol), ex.WrongDir(w))
		}
		for _, c := range ex.CheatNames() {
			if ex.Cheat[c] == "forbidden" {
				assert.NotEmpty(t, Package(readSources(t, filepath.Join(root, ex.CheatDir(c)), nil), protected, pol), ex.CheatDir(c))
			}
		}
	}
}

// readSources reads the regular source files of dir (only those named in
// only, when given).
func readSources(t *testing.T, dir string, only []string) []File {
	t.Helper()
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var out []File
	for _, e := range entries {
		if !e.Type().IsRegular() || !Source(e.Name()) || only != nil && !slices.Contains(only, e.Name()) {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		require.NoError(t, err)
		out = append(out, File{Name: e.Name(), Src: b})
	}
	return out
}

// protectedFiles reads an exercise folder's source files but its edit
// files.
func protectedFiles(t *testing.T, dir string, edit []string) []File {
	t.Helper()
	var out []File
	for _, f := range readSources(t, dir, nil) {
		if !slices.Contains(edit, f.Name) {
			out = append(out, f)
		}
	}
	return out
}
