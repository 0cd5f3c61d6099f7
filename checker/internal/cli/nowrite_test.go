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
)

// TestNothingLost grades the fixture kata every way the checker can (the
// learner's code, the solution, a wrong solution, and verify) and proves
// exercises/ and solutions/ are byte-identical after.
func TestNothingLost(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	root := repoCopy(t)
	before := digests(t, root, "exercises", "solutions")
	for _, args := range [][]string{
		{"check", "01"},
		{"check", "--solution", "--format=json", "01"},
		{"check", "--wrong=read-unlocked", "01"},
		{"verify", "01"},
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
