package cli

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/state"
	"github.com/asynckata/kata/checker/internal/tamper"
)

// rememberResult records a last result as check would.
func rememberResult(t *testing.T, dir, id, status, check string) {
	t.Helper()
	st, err := state.Load(dir)
	require.NoError(t, err)
	l := state.Last{Status: status, Points: 10, Check: check, Failure: check, At: time.Now()}
	if status == report.StatusPass {
		l.Score, l.Failure = 10, "none"
	}
	st.Last[id] = l
	require.NoError(t, st.Save())
}

func TestHintLevelShowsThatHint(t *testing.T) {
	dir := repoDir(t, sampleManifest)
	code, out, _ := run(t, dir, "hint", "--level=2", "03")
	require.Equal(t, ExitPass, code)
	assert.Contains(t, out, "hint 2 of 3\n\nSecond.")
	_, out, _ = run(t, dir, "hint", "03")
	assert.Contains(t, out, "hint 3 of 3", "the next hint follows the highest one shown")

	code, _, stderr := run(t, dir, "hint", "--level=4", "03")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "LEVEL goes from 1 to 3")
}

func TestHintKnowsTheExercisePassed(t *testing.T) {
	dir := repoDir(t, sampleManifest)
	rememberResult(t, dir, "03", report.StatusPass, "")
	_, out, _ := run(t, dir, "hint", "03")
	assert.Contains(t, out, "03 crawler already passes (10/10)")
	assert.Contains(t, out, "solutions/03-crawler/crawler.go")
	assert.NotContains(t, out, "Still stuck")
	_, out, _ = run(t, dir, "hint", "--level=1", "03")
	assert.Contains(t, out, "hint 1 of 3\n\nFirst.", "LEVEL still shows a hint")
}

const twoChapters = sampleManifest + `
[[chapter]]
number = 4
title = "Thread safety"

[[exercise]]
id = "07"
slug = "race-bank"
chapter = 4
title = "Fix the race"
points = 10
checks = ["build", "tests", "race", "leak"]
objective = "race"
limit = "30s"
edit = ["bank.go"]

[[exercise]]
id = "08"
slug = "deadlock-bank"
chapter = 4
title = "Remove the deadlock"
points = 10
checks = ["build", "tests", "race", "leak"]
objective = "tests"
limit = "30s"
edit = ["bank.go"]
`

func TestListShowsProgressAndNext(t *testing.T) {
	dir := repoDir(t, twoChapters)
	rememberResult(t, dir, "03", report.StatusPass, "")
	rememberResult(t, dir, "07", report.StatusFail, "race")
	code, out, _ := run(t, dir, "list")
	require.Equal(t, ExitPass, code)
	assert.Regexp(t, `03 crawler .* done     10/10`, out)
	assert.Regexp(t, `07 race-bank .* failing  race`, out)
	assert.Regexp(t, `08 deadlock-bank .* not tried`, out)
	assert.Contains(t, out, "[######--------------] 1 of 3 done")
	assert.Contains(t, out, "Next: make check EX=07")
	assert.Less(t, strings.Index(out, "Chapter 2"), strings.Index(out, "Chapter 4"))
}

func TestSeveralExercisesInOneArgument(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(twoChapters))
	require.NoError(t, err)
	for _, arg := range []string{"03 07", "03,07", " 3, race-bank "} {
		exs, err := selectExercises(m, []string{arg})
		require.NoError(t, err, arg)
		require.Len(t, exs, 2, arg)
		assert.Equal(t, "03", exs[0].ID)
		assert.Equal(t, "07", exs[1].ID)
	}
	_, err = selectExercises(m, []string{"03 99"})
	assert.ErrorContains(t, err, `no exercise called "99"`)
}

// gitRepo makes a kata repository with the starter committed, as a clone
// of the kata would be.
func gitRepo(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := repoDir(t, sampleManifest)
	ex := filepath.Join(dir, "exercises", "03-crawler")
	require.NoError(t, os.MkdirAll(ex, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(ex, "crawler.go"), []byte("package crawler // starter\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(ex, "crawler_test.go"), []byte("package crawler\n"), 0o644))
	for _, args := range [][]string{
		{"init", "-q"}, {"add", "."},
		{"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "starter"},
	} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
	}
	return dir
}

func TestResetBacksUpThenRestores(t *testing.T) {
	dir := gitRepo(t)
	mine := []byte("package crawler // my work, with a \x00 byte and no newline")
	file := filepath.Join(dir, "exercises", "03-crawler", "crawler.go")
	require.NoError(t, os.WriteFile(file, mine, 0o644))
	other := filepath.Join(dir, "exercises", "03-crawler", "notes.go")
	require.NoError(t, os.WriteFile(other, []byte("package crawler // keep me"), 0o644))

	var out bytes.Buffer
	code := Main(context.Background(), []string{"reset", "03"}, Env{
		Stdout: &out, Stderr: &out, Dir: dir, Getenv: func(string) string { return "" },
		Stdin: strings.NewReader("n\n"),
	})
	require.Equal(t, ExitPass, code)
	assert.Contains(t, out.String(), "Nothing was changed")
	got, _ := os.ReadFile(file)
	assert.Equal(t, mine, got, "no answer, no reset")

	code, stdout, stderr := run(t, dir, "reset", "--yes", "03")
	require.Equal(t, ExitPass, code, stderr)
	got, _ = os.ReadFile(file)
	assert.Equal(t, "package crawler // starter\n", string(got), "the starter is back")
	backups, err := filepath.Glob(filepath.Join(dir, ".kata", "backup", "03-crawler-*", "crawler.go"))
	require.NoError(t, err)
	require.Len(t, backups, 1)
	saved, _ := os.ReadFile(backups[0])
	assert.Equal(t, mine, saved, "the backup holds the learner's file byte for byte")
	rel, _ := filepath.Rel(dir, filepath.Dir(backups[0]))
	assert.Contains(t, stdout, rel, "the message names the backup folder")
	kept, _ := os.ReadFile(other)
	assert.Equal(t, "package crawler // keep me", string(kept), "no other file is touched")
}

// TestResetRestoresTheRecordedStarter: a learner who committed their work
// still gets the starter back, from the blob checker/starters.sum records.
func TestResetRestoresTheRecordedStarter(t *testing.T) {
	dir := gitRepo(t)
	starter := []byte("package crawler // starter\n")
	sums := "# recorded starters\n" + tamper.BlobID(starter) + "  exercises/03-crawler/crawler.go\n"
	write := func(rel, body string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(dir, rel), []byte(body), 0o644))
	}
	write("checker/starters.sum", sums)
	write("exercises/03-crawler/crawler.go", "package crawler // solved and committed\n")
	for _, args := range [][]string{{"add", "."}, {"-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "mine"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		require.NoError(t, err, string(out))
	}
	code, _, stderr := run(t, dir, "reset", "--yes", "03")
	require.Equal(t, ExitPass, code, stderr)
	got, _ := os.ReadFile(filepath.Join(dir, "exercises", "03-crawler", "crawler.go"))
	assert.Equal(t, string(starter), string(got), "the recorded starter, not HEAD's version")
}

func TestResetWithoutAStarterChangesNothing(t *testing.T) {
	dir := repoDir(t, sampleManifest) // not a git repository
	ex := filepath.Join(dir, "exercises", "03-crawler")
	require.NoError(t, os.MkdirAll(ex, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(ex, "crawler.go"), []byte("mine"), 0o644))
	code, _, stderr := run(t, dir, "reset", "--yes", "03")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "starter of exercises/03-crawler/crawler.go")
	got, _ := os.ReadFile(filepath.Join(ex, "crawler.go"))
	assert.Equal(t, "mine", string(got))
	_, err := os.Stat(filepath.Join(dir, ".kata", "backup"))
	assert.True(t, os.IsNotExist(err), "no backup folder when nothing was reset")
}
