package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/handout"
)

func TestTemplateRefuses(t *testing.T) {
	dir := repoDir(t, sampleManifest)
	full := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(full, "x"), nil, 0o644))
	for name, args := range map[string][]string{
		"no folder":        {"template"},
		"two folders":      {"template", t.TempDir(), t.TempDir()},
		"inside the repo":  {"template", filepath.Join(dir, "copy")},
		"not empty":        {"template", full},
		"the repo itself":  {"template", dir},
		"a relative child": {"template", "copy"},
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, dir, args...)
			assert.Equal(t, ExitUsage, code)
			assert.Contains(t, stderr, "kata: ")
			assert.Empty(t, stdout)
			assert.NoDirExists(t, filepath.Join(dir, "copy"))
		})
	}
}

// TestStudentCopyBehaves: in a student copy, verify says it has nothing
// to verify and exits 0, grading a solution is refused with what to do
// instead, and a copy of a copy is refused.
func TestStudentCopyBehaves(t *testing.T) {
	dir := repoDir(t, sampleManifest)
	dest := filepath.Join(t.TempDir(), "assignment")
	code, _, stderr := run(t, dir, "template", dest)
	assert.Equal(t, ExitUsage, code, "the actions route needs the generated workflow")
	assert.Contains(t, stderr, "run make generate in the kata first")
	code, out, stderr := run(t, dir, "template", "--route=classroom50", dest)
	require.Equal(t, ExitPass, code, stderr)
	assert.Contains(t, out, "wrote the student copy to "+dest)
	require.True(t, handout.IsStudentCopy(dest))

	code, _, stderr = run(t, dest, "gen")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "this is a student copy", "make generate would rewrite the digests")

	code, out, _ = run(t, dest, "verify")
	assert.Equal(t, ExitPass, code)
	assert.Contains(t, out, "verify: skipped")

	code, _, stderr = run(t, dest, "check", "--solution", "03")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "no solutions/: grade your own code with make check EX=03")

	code, _, stderr = run(t, dest, "template", t.TempDir())
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "already a student copy")
}
