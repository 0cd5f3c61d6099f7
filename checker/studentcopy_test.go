package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
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

// kataCopy makes a kata in a temp folder from the real tooling (Makefile,
// go.mod, the checker, internal/, classroom/) and the checker's fixture
// kata (checker/testdata/kata: one small exercise), then brings its
// generated files up to date, so these tests hold whatever exercises and
// points the live kata.toml has.
func kataCopy(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	fixture := filepath.Join(root, "checker", "testdata", "kata")
	if _, err := os.Stat(fixture); err != nil {
		t.Skip("no fixture kata here")
	}
	dst := t.TempDir()
	for _, name := range []string{"Makefile", "go.mod", "go.sum", "README.md", ".gitignore", "checker", "internal", "classroom"} {
		copyAll(t, filepath.Join(root, name), filepath.Join(dst, name))
	}
	for _, name := range []string{"kata.toml", "exercises", "solutions", "hints"} {
		copyAll(t, filepath.Join(fixture, name), filepath.Join(dst, name))
	}
	out, err := command(dst, nil, "make", "-s", "generate")
	require.NoError(t, err, out)
	return dst
}

// studentTemplate makes a kata copy (kataCopy) and, from it, the student
// copy the way a teacher does (make student-template DEST=...), and
// returns both folders. It skips with -short and when make or one of the
// other tools is missing.
func studentTemplate(t *testing.T, tools ...string) (kata, dest string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the checker and grades an exercise; skipped with -short")
	}
	for _, tool := range append([]string{"make"}, tools...) {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
	kata = kataCopy(t)
	dest = filepath.Join(t.TempDir(), "assignment")
	out, err := command(kata, nil, "make", "-s", "student-template", "DEST="+dest)
	require.NoError(t, err, out)
	return kata, dest
}

// TestStudentTemplate makes the student copy the way a teacher does
// (make student-template DEST=...) and uses it the way a learner and
// Classroom 50 do: no file of the copy holds a solution or a teacher's
// page, make check EX=01 grades the starter, make generate and verify
// refuse politely, and autograder.py leaves a result.json that Classroom
// 50's schema accepts.
func TestStudentTemplate(t *testing.T) {
	kata, dest := studentTemplate(t, "python3")

	assert.NoDirExists(t, filepath.Join(dest, "solutions"))
	assert.NoDirExists(t, filepath.Join(dest, ".git"))
	assert.NoFileExists(t, filepath.Join(dest, "TEACHING.md"))
	assert.NoFileExists(t, filepath.Join(dest, "AUTHORING.md"))
	assert.NoFileExists(t, filepath.Join(dest, ".github", "workflows", "ci.yml"))
	assert.FileExists(t, filepath.Join(dest, ".github", "workflows", "classroom.yml"), "the actions route by default")
	assert.FileExists(t, filepath.Join(dest, "hints", "01-counter.md"), "hints are for learners")
	answers := contents(t, filepath.Join(kata, "solutions"), ".go")
	require.NotEmpty(t, answers)
	for body, path := range contents(t, dest, "") {
		if strings.Contains(filepath.ToSlash(path), "/checker/testdata/") {
			continue // the checker's own fixtures, the fixture kata among them
		}
		for answer, from := range answers {
			if strings.Contains(body, answer) {
				t.Errorf("%s holds the solution file %s", path, from)
			}
		}
	}

	out, err := command(dest, nil, "make", "-s", "check", "EX=01")
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, out)
	assert.Contains(t, out, "01 counter")
	assert.Contains(t, out, "0/10  FAIL")
	assert.NotContains(t, out, "protected files changed")

	out, err = command(dest, nil, "bin/kata", "verify")
	require.NoError(t, err, out)
	assert.Contains(t, out, "verify: skipped")
	out, err = command(dest, nil, "bin/kata", "gen")
	require.Error(t, err, out)
	assert.Contains(t, out, "this is a student copy")

	env := []string{
		"CLASSROOM=cs-go", "ASSIGNMENT=async-kata", "OWNER=alice",
		"SUBMISSION_TAG=submit/2026-09-01T14-32-05Z-a1b2c3d",
		"COMMIT_URL=https://github.com/cs-go/async-kata-alice/commit/a1b2c3d",
		"RELEASE_URL=https://github.com/cs-go/async-kata-alice/releases/tag/x",
	}
	require.NoError(t, os.WriteFile(filepath.Join(dest, "result.json"), []byte(`{"score": 1000}`), 0o644))
	out, err = command(dest, env, "python3", filepath.Join(kata, "classroom", "classroom50", "autograder.py"), "01")
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

// TestFirstCommitCatchesARegeneratedDigest plays the cheat the plain
// workflow once missed: in a repository made from the template, the
// learner solves the exercise, then edits its test and rewrites the
// test's digest in checker/protected.sum to match. The digests alone
// agree; the comparison with the template's first commit, as the
// workflow runs it, scores the exercise 0 as tampered and says so in the
// job summary.
func TestFirstCommitCatchesARegeneratedDigest(t *testing.T) {
	kata, dest := studentTemplate(t, "git")
	git := func(args ...string) {
		t.Helper()
		out, err := command(dest, nil, "git", append([]string{"-c", "user.name=s", "-c", "user.email=s@example.com"}, args...)...)
		require.NoError(t, err, out)
	}
	git("init", "-q")
	git("add", "-A")
	git("commit", "-qm", "template")
	out, err := command(dest, nil, "make", "-s", "bin/kata")
	require.NoError(t, err, out)

	solution, err := os.ReadFile(filepath.Join(kata, "solutions", "01-counter", "counter.go"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dest, "exercises", "01-counter", "counter.go"), solution, 0o644))
	test := filepath.Join(dest, "exercises", "01-counter", "counter_test.go")
	before, err := os.ReadFile(test)
	require.NoError(t, err)
	after := append(before, []byte("// a learner's edit\n")...)
	require.NoError(t, os.WriteFile(test, after, 0o644))
	sumFile := filepath.Join(dest, "checker", "protected.sum")
	sums, err := os.ReadFile(sumFile)
	require.NoError(t, err)
	sums = []byte(strings.Replace(string(sums), sha(before), sha(after), 1))
	require.NoError(t, os.WriteFile(sumFile, sums, 0o644))
	git("commit", "-qam", "my work")

	grade := func(args ...string) (int, string) {
		t.Helper()
		ghOutput := filepath.Join(t.TempDir(), "out")
		summary := filepath.Join(t.TempDir(), "summary.md")
		out, err := command(dest, []string{"GITHUB_OUTPUT=" + ghOutput}, "bin/kata",
			append([]string{"check", "--format=classroom", "--summary=" + summary, "--save-json=result.json"}, args...)...)
		require.NoError(t, err, out)
		b, err := os.ReadFile(filepath.Join(dest, "result.json"))
		require.NoError(t, err)
		var doc struct{ Score int }
		require.NoError(t, json.Unmarshal(b, &doc))
		md, err := os.ReadFile(summary)
		require.NoError(t, err)
		return doc.Score, string(md)
	}
	score, _ := grade("01")
	assert.Equal(t, 10, score, "the digests alone are fooled")
	score, md := grade("--baseline=first-commit", "01")
	assert.Equal(t, 0, score, "the first commit is not")
	assert.Contains(t, md, "| 01 | counter | 0/10 |")
	assert.Contains(t, md, "01 counter (tampered)")
	assert.Contains(t, md, "exercises/01-counter/counter_test.go")
}

func sha(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// copyAll copies a file or a folder tree.
func copyAll(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return err
		}
		return os.WriteFile(target, b, info.Mode().Perm())
	}))
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
