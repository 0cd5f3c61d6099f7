package cli

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// TestNothingLost grades an exercise of the real repository every way the
// checker can (the learner's code, the solution, a wrong solution, and
// verify) and proves exercises/ and solutions/ are byte-identical after.
func TestNothingLost(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a real exercise; skipped with -short")
	}
	root, err := manifest.FindRoot(".")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "solutions")); err != nil {
		t.Skip("a student copy has no solutions/ to grade")
	}
	statePath := filepath.Join(root, ".kata", "state.json")
	saved, stateErr := os.ReadFile(statePath)
	t.Cleanup(func() {
		// The learner-mode check below records a result: put theirs back.
		if stateErr == nil {
			_ = os.WriteFile(statePath, saved, 0o644)
		} else {
			_ = os.Remove(statePath)
		}
	})

	before := digests(t, root, "exercises", "solutions")
	for _, args := range [][]string{
		{"check", "07"},
		{"check", "--solution", "--format=json", "07"},
		{"check", "--wrong=writes-only", "07"},
		{"verify", "07"},
	} {
		var out, errb bytes.Buffer
		code := Main(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Dir: root, Getenv: func(string) string { return "" }})
		require.NotEqual(t, ExitUsage, code, "%v: %s", args, errb.String())
	}
	after := digests(t, root, "exercises", "solutions")
	assert.Equal(t, before, after, "the checker changed files under exercises/ or solutions/")
}

// digests maps every file under the given folders to its sha256, and
// every folder to "dir", so an added, removed or changed file shows.
func digests(t *testing.T, root string, dirs ...string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, d := range dirs {
		err := filepath.WalkDir(filepath.Join(root, d), func(path string, e fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if e.IsDir() {
				out[rel] = "dir"
				return nil
			}
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			h := sha256.New()
			if _, err := io.Copy(h, f); err != nil {
				return err
			}
			out[rel] = hex.EncodeToString(h.Sum(nil))
			return nil
		})
		require.NoError(t, err)
	}
	return out
}
