package screen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// TestRepoSolutionsPass: every starter edit file, reference solution and
// wrong solution of the repository passes the screen with its exercise's
// allow list, and every cheat case is refused.
func TestRepoSolutionsPass(t *testing.T) {
	root, err := manifest.FindRoot(".")
	require.NoError(t, err)
	m, err := manifest.Load(filepath.Join(root, manifest.FileName))
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "solutions")); err != nil {
		t.Skip("a student copy has no solutions/")
	}
	screenDir := func(dir string, allow []string) []Finding {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		var out []Finding
		for _, e := range entries {
			if e.Type().IsRegular() && Source(e.Name()) {
				b, err := os.ReadFile(filepath.Join(dir, e.Name()))
				require.NoError(t, err)
				out = append(out, File(e.Name(), b, allow)...)
			}
		}
		return out
	}
	for _, ex := range m.Exercises {
		assert.Empty(t, screenDir(filepath.Join(root, ex.SolutionDir()), ex.Allow), ex.SolutionDir())
		for _, w := range ex.WrongNames() {
			assert.Empty(t, screenDir(filepath.Join(root, ex.WrongDir(w)), ex.Allow), ex.WrongDir(w))
		}
		for _, c := range ex.CheatNames() {
			if ex.Cheat[c] == "forbidden" {
				assert.NotEmpty(t, screenDir(filepath.Join(root, ex.CheatDir(c)), ex.Allow), ex.CheatDir(c))
			}
		}
		for _, f := range ex.Edit {
			p := filepath.Join(root, ex.Dir(), f)
			b, err := os.ReadFile(p)
			require.NoError(t, err)
			if got := File(f, b, ex.Allow); len(got) > 0 && !strings.Contains(p, "solved") {
				t.Logf("%s does not pass the screen (solved in place?): %v", p, got)
			}
		}
	}
}
