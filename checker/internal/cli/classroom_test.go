package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/schemas"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// fixtureRoot is the checker's own fixture kata, relative to the
// repository root: one small exercise, so these tests never depend on the
// live kata.toml, its exercises or their points (a teacher may reweight or
// drop any of those).
const fixtureRoot = "checker/testdata/kata"

// fixtureTest is the fixture exercise's protected test file.
const fixtureTest = "exercises/01-counter/counter_test.go"

// repoCopy makes a kata in a temp folder from the fixture kata and the
// real go.mod, go.sum and internal/ (what grading builds against), with
// fresh digests, so a test can change protected files freely.
func repoCopy(t *testing.T) string {
	t.Helper()
	root, err := manifest.FindRoot(".")
	require.NoError(t, err)
	fixture := filepath.Join(root, filepath.FromSlash(fixtureRoot))
	if _, err := os.Stat(fixture); err != nil {
		t.Skip("no fixture kata here")
	}
	dst := t.TempDir()
	for _, name := range []string{"go.mod", "go.sum", "internal"} {
		copyTree(t, filepath.Join(root, name), filepath.Join(dst, name))
	}
	for _, name := range []string{manifest.FileName, "exercises", "solutions", "hints"} {
		copyTree(t, filepath.Join(fixture, name), filepath.Join(dst, name))
	}
	m, err := manifest.Load(filepath.Join(dst, manifest.FileName))
	require.NoError(t, err)
	// Fresh digests of the copy: whether the committed list is up to date
	// is verify's business, not these tests'.
	sum, err := tamper.Sum(dst, m)
	require.NoError(t, err)
	p := filepath.Join(dst, filepath.FromSlash(tamper.FileName))
	require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o755))
	require.NoError(t, os.WriteFile(p, sum, 0o644))
	return dst
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
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
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		require.NoError(t, os.MkdirAll(filepath.Dir(target), 0o755))
		return os.WriteFile(target, b, 0o644)
	})
	require.NoError(t, err)
}

func appendComment(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("// just a comment\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func runIn(t *testing.T, dir string, getenv func(string) string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	code := Main(context.Background(), args, Env{Stdout: &out, Stderr: &errb, Dir: dir, Getenv: getenv})
	return code, out.String(), errb.String()
}

// TestTamperReportedOutsideClassroom: outside the classroom formats an
// appended comment in a protected test of a solved exercise keeps its
// score but is named, in the text report and in the JSON check messages.
func TestTamperReportedOutsideClassroom(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	dir := repoCopy(t)
	const test = fixtureTest
	appendComment(t, filepath.Join(dir, filepath.FromSlash(test)))

	code, out, stderr := runIn(t, dir, nil, "check", "--solution", "--format=json", "01")
	require.Equal(t, ExitPass, code, stderr)
	var doc struct {
		Score     int
		Exercises []struct {
			Failure string
			Checks  []struct{ Name, Status, Message string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	assert.Equal(t, 10, doc.Score, "not zeroed outside classroom modes")
	assert.Equal(t, "none", doc.Exercises[0].Failure)
	assert.Contains(t, doc.Exercises[0].Checks[1].Message, "warning: protected files changed: "+test)

	code, out, _ = runIn(t, dir, nil, "check", "--solution", "01")
	require.Equal(t, ExitPass, code)
	// The text report wraps long messages: compare with the spaces folded.
	assert.Contains(t, strings.Join(strings.Fields(out), " "), "protected files changed: "+test+" (restore them with git checkout -- "+test+")")
}

// classroomPoints reads the line check --format=classroom appended to
// $GITHUB_OUTPUT the way the grading reporter does, and returns its
// "Points X/Y" and the first test's message.
func classroomPoints(t *testing.T, path string) (int, int, string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	line, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "result=")
	require.True(t, ok, "a result= line: %q", b)
	raw, err := base64.StdEncoding.DecodeString(line)
	require.NoError(t, err)
	var doc struct {
		MaxScore int `json:"max_score"`
		Tests    []struct {
			Score   int
			Message string
		}
	}
	require.NoError(t, json.Unmarshal(raw, &doc))
	total := 0
	for _, x := range doc.Tests {
		total += x.Score
	}
	require.NotEmpty(t, doc.Tests)
	return total, doc.MaxScore, doc.Tests[0].Message
}

// TestClassroomTamperScoresZero: in classroom mode the starter scores 0,
// the solution full marks, and the solution with one comment appended to
// a protected test scores 0, with a message naming the file. The step
// exits 0 every time: the reporter decides.
func TestClassroomTamperScoresZero(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	dir := repoCopy(t)
	const test = fixtureTest
	grade := func(args ...string) (int, int, string) {
		t.Helper()
		ghOutput := filepath.Join(t.TempDir(), "github_output")
		getenv := func(k string) string {
			if k == "GITHUB_OUTPUT" {
				return ghOutput
			}
			return ""
		}
		code, stdout, stderr := runIn(t, dir, getenv, append([]string{"check", "--format=classroom"}, args...)...)
		require.Equal(t, ExitPass, code, stderr)
		assert.Empty(t, stdout, "the result goes to $GITHUB_OUTPUT")
		assert.Contains(t, stderr, "::stop-commands::", "the log is fenced")
		return classroomPoints(t, ghOutput)
	}

	got, max, _ := grade("01")
	assert.Equal(t, []int{0, 10}, []int{got, max}, "the starter")
	got, max, _ = grade("--solution", "01")
	assert.Equal(t, []int{10, 10}, []int{got, max}, "the solution")

	appendComment(t, filepath.Join(dir, filepath.FromSlash(test)))
	got, max, msg := grade("--solution", "01")
	assert.Equal(t, []int{0, 10}, []int{got, max}, "the solution with a changed test")
	assert.Contains(t, msg, "failure tampered: protected files changed: "+test)

	code, _, _ := runIn(t, dir, nil, "check", "--strict", "--solution", "01")
	assert.Equal(t, ExitFail, code, "--strict grades like a classroom")
}

// TestClassroomWithoutDigests: deleting the list of digests does not
// dodge the check in classroom mode.
func TestClassroomWithoutDigests(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	dir := repoCopy(t)
	require.NoError(t, os.Remove(filepath.Join(dir, filepath.FromSlash(tamper.FileName))))
	out := filepath.Join(t.TempDir(), "out")
	code, _, stderr := runIn(t, dir, nil, "check", "--format=classroom", "--output", out, "--solution", "01")
	require.Equal(t, ExitPass, code, stderr)
	got, _, msg := classroomPoints(t, out)
	assert.Equal(t, 0, got)
	assert.Contains(t, msg, tamper.FileName)
}

// TestClassroom50Results: check --format=classroom50 leaves a result.json
// in the current folder that Classroom 50's schema accepts, for the
// starter, the solution and a tampered solution, with the right scores,
// and exits 0 each time.
func TestClassroom50Results(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	dir := repoCopy(t)
	env := map[string]string{
		"CLASSROOM": "cs-go", "ASSIGNMENT": "async-kata", "OWNER": "alice",
		"SUBMISSION_TAG": "submit/2026-09-01T14-32-05Z-a1b2c3d",
		"COMMIT_URL":     "https://github.com/cs-go/async-kata-alice/commit/a1b2c3d",
		"RELEASE_URL":    "https://github.com/cs-go/async-kata-alice/releases/tag/x",
	}
	grade := func(args ...string) (int, bool, string) {
		t.Helper()
		code, _, stderr := runIn(t, dir, func(k string) string { return env[k] }, append([]string{"check", "--format=classroom50"}, args...)...)
		require.Equal(t, ExitPass, code, stderr)
		b, err := os.ReadFile(filepath.Join(dir, "result.json"))
		require.NoError(t, err)
		require.NoError(t, schemas.ValidateClassroom50Result(b), "%s", b)
		var doc struct {
			Score int `json:"score"`
			Tests []struct {
				Passed  bool   `json:"passed"`
				Message string `json:"message"`
			}
		}
		require.NoError(t, json.Unmarshal(b, &doc))
		require.Len(t, doc.Tests, 1)
		return doc.Score, doc.Tests[0].Passed, doc.Tests[0].Message
	}
	got, passed, _ := grade("01")
	assert.Equal(t, 0, got)
	assert.False(t, passed)
	got, passed, _ = grade("--solution", "01")
	assert.Equal(t, 10, got)
	assert.True(t, passed)
	const test = fixtureTest
	appendComment(t, filepath.Join(dir, filepath.FromSlash(test)))
	got, passed, msg := grade("--solution", "01")
	assert.Equal(t, 0, got)
	assert.False(t, passed)
	assert.Contains(t, msg, "protected files changed: "+test)
}

// TestClassroomFencesTheWholeRun: in a classroom format the log opens
// with stop-commands before anything is graded and resumes only when
// every run has ended, just before the report's own fence: learner code
// that writes to the step's output while it runs issues no workflow
// command, and the checker's annotations after the report still work.
func TestClassroomFencesTheWholeRun(t *testing.T) {
	if testing.Short() {
		t.Skip("grades the fixture exercise; skipped with -short")
	}
	dir := repoCopy(t)
	output := filepath.Join(t.TempDir(), "line")
	code, _, stderr := runIn(t, dir, nil, "check", "--format=classroom", "--output="+output, "01")
	require.Equal(t, ExitPass, code, stderr)
	lines := strings.Split(stderr, "\n")
	run, ok := strings.CutPrefix(lines[0], "::stop-commands::")
	require.True(t, ok, "the first line fences the run: %q", lines[0])
	resume := slices.Index(lines, "::"+run+"::")
	require.Positive(t, resume, "the run's fence ends")
	require.Greater(t, len(lines), resume+1)
	report, ok := strings.CutPrefix(lines[resume+1], "::stop-commands::")
	require.True(t, ok, "the report's own fence follows at once: %q", lines[resume+1])
	assert.NotEqual(t, run, report, "two tokens")
}
