package main

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/schemas"
)

// TestStudentTemplate makes the student copy the way a teacher does
// (make student-template DEST=...) and uses it the way a learner and
// Classroom 50 do: no file of the copy holds a solution, make check EX=07
// grades the starter, verify says it has nothing to verify, and
// autograder.py leaves a result.json that Classroom 50's schema accepts.
func TestStudentTemplate(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the checker and grades an exercise; skipped with -short")
	}
	for _, tool := range []string{"make", "python3"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	if _, err := os.Stat(filepath.Join(root, "solutions")); err != nil {
		t.Skip("no solutions/ here: this is already a student copy")
	}
	dest := filepath.Join(t.TempDir(), "assignment")
	out, err := command(root, nil, "make", "-s", "student-template", "DEST="+dest)
	require.NoError(t, err, out)

	assert.NoDirExists(t, filepath.Join(dest, "solutions"))
	assert.NoDirExists(t, filepath.Join(dest, ".git"))
	assert.NoFileExists(t, filepath.Join(dest, ".github", "workflows", "ci.yml"))
	assert.FileExists(t, filepath.Join(dest, ".github", "workflows", "classroom.yml"))
	assert.FileExists(t, filepath.Join(dest, "hints", "03-crawler.md"), "hints are for learners")
	answers := contents(t, filepath.Join(root, "solutions"), ".go")
	require.NotEmpty(t, answers)
	for body, path := range contents(t, dest, "") {
		for answer, from := range answers {
			if strings.Contains(body, answer) {
				t.Errorf("%s holds the solution file %s", path, from)
			}
		}
	}

	out, err = command(dest, nil, "make", "-s", "check", "EX=07")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, out)
	assert.Contains(t, out, "07 race-bank")
	assert.Contains(t, out, "0/10  FAIL")
	assert.NotContains(t, out, "protected files changed")

	out, err = command(dest, nil, "bin/kata", "verify")
	require.NoError(t, err, out)
	assert.Contains(t, out, "verify: skipped")

	env := []string{
		"CLASSROOM=cs-go", "ASSIGNMENT=async-kata", "OWNER=alice",
		"SUBMISSION_TAG=submit/2026-09-01T14-32-05Z-a1b2c3d",
		"COMMIT_URL=https://github.com/cs-go/async-kata-alice/commit/a1b2c3d",
		"RELEASE_URL=https://github.com/cs-go/async-kata-alice/releases/tag/x",
	}
	require.NoError(t, os.WriteFile(filepath.Join(dest, "result.json"), []byte(`{"score": 1000}`), 0o644))
	out, err = command(dest, env, "python3", filepath.Join(root, "classroom", "classroom50", "autograder.py"), "07")
	require.NoError(t, err, out)
	b, err := os.ReadFile(filepath.Join(dest, "result.json"))
	require.NoError(t, err)
	require.NoError(t, schemas.ValidateClassroom50Result(b), "%s", b)
	var doc struct {
		Score    int `json:"score"`
		MaxScore int `json:"max-score"`
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	assert.Equal(t, []int{0, 10}, []int{doc.Score, doc.MaxScore}, "the starter, graded; not the committed result.json")
}

func command(dir string, env []string, name string, args ...string) (string, error) {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// contents maps the text of every file under dir whose name ends in ext
// to its path.
func contents(t *testing.T, dir, ext string) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ext) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[string(b)] = p
		return nil
	}))
	return out
}
