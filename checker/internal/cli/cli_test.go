package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sampleManifest = `
module = "example.com/kata"

[[chapter]]
number = 2
title = "Goroutines and channels"

[[exercise]]
id = "03"
slug = "crawler"
chapter = 2
title = "Make this crawler concurrent under 2 s"
points = 10
checks = ["build", "tests", "race", "leak", "timing"]
objective = "timing"
limit = "60s"
edit = ["crawler.go"]
`

const hintsFile = "# Hints: 03-crawler\n\n## Hint 1\nFirst.\n\n## Hint 2\nSecond.\n\n## Hint 3\nThird.\n"

// repoDir makes a small kata repository and returns its root.
func repoDir(t *testing.T, toml string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "kata.toml"), []byte(toml), 0o644))
	require.NoError(t, os.MkdirAll(filepath.Join(dir, "hints"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hints", "03-crawler.md"), []byte(hintsFile), 0o644))
	return dir
}

func run(t *testing.T, dir string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), args, Env{
		Stdout: &out, Stderr: &errb, Dir: dir,
		Getenv: func(string) string { return "" },
	})
	return code, out.String(), errb.String()
}

// TestBadInputIsRefused: every one is exit 2, a message that says what to
// do, nothing on stdout, and nothing executed or written.
func TestBadInputIsRefused(t *testing.T) {
	canary := filepath.Join(t.TempDir(), "canary")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage:"},
		{"unknown command", []string{"grade"}, `unknown command "grade"`},
		{"unknown id", []string{"check", "99"}, `no exercise called "99"`},
		{"unknown slug", []string{"check", "crawl"}, "03  crawler"},
		{"shell metacharacters", []string{"check", "03; touch " + canary}, "no exercise called"},
		{"command substitution", []string{"check", "$(touch " + canary + ")"}, "no exercise called"},
		{"unknown flag", []string{"check", "--fast", "03"}, "flag provided but not defined: -fast"},
		{"unknown format", []string{"check", "--format=xml", "03"}, `unknown format "xml"`},
		{"solution and wrong", []string{"check", "--solution", "--wrong=x", "03"}, "not more"},
		{"right and wrong", []string{"check", "--right=x", "--wrong=y", "03"}, "not more"},
		{"wrong without one exercise", []string{"check", "--wrong=x"}, "--wrong grades one exercise"},
		{"hint without exercise", []string{"hint"}, "name one exercise"},
		{"hint unknown", []string{"hint", "42"}, `no exercise called "42"`},
		{"list with arguments", []string{"list", "03"}, "list takes no arguments"},
		{"verify bad repeat", []string{"verify", "--repeat=0"}, "at least 1"},
		{"mutate bad repeat", []string{"mutate", "--repeat=0"}, "at least 1"},
		{"mutate unknown", []string{"mutate", "42"}, `no exercise called "42"`},
		{"classroom50 without its identity", []string{"check", "--format=classroom50", "03"}, "CLASSROOM, ASSIGNMENT, SUBMISSION_TAG, COMMIT_URL, RELEASE_URL, OWNER (or USERNAME) not set"},
		{"output into a missing folder", []string{"check", "--output", filepath.Join(canary, "x", "result.json"), "03"}, "its folder does not exist"},
	}
	dir := repoDir(t, sampleManifest)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, dir, tt.args...)
			assert.Equal(t, ExitUsage, code)
			assert.Contains(t, stderr, tt.want)
			assert.Empty(t, stdout)
			assert.NoFileExists(t, canary)
			assert.NoDirExists(t, filepath.Join(dir, ".kata"), "nothing remembered")
		})
	}
}

func TestBrokenManifest(t *testing.T) {
	for name, toml := range map[string]string{
		"duplicate id":  sampleManifest + strings.Replace(sampleManifest[strings.Index(sampleManifest, "[[exercise]]"):], `slug = "crawler"`, `slug = "other"`, 1),
		"missing field": strings.Replace(sampleManifest, `points = 10`, "", 1),
		"unknown check": strings.Replace(sampleManifest, `"timing"]`, `"speed"]`, 1),
	} {
		t.Run(name, func(t *testing.T) {
			code, stdout, stderr := run(t, repoDir(t, toml), "check", "03")
			assert.Equal(t, ExitUsage, code)
			assert.Contains(t, stderr, "kata.toml")
			assert.Empty(t, stdout)
		})
	}
}

func TestNoManifest(t *testing.T) {
	code, _, stderr := run(t, t.TempDir(), "list")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "run the checker from inside the kata repository")
}

func TestHintsOneMoreEachTime(t *testing.T) {
	dir := repoDir(t, sampleManifest)
	for i, want := range []string{"hint 1 of 3\n\nFirst.", "hint 2 of 3\n\nSecond.", "hint 3 of 3\n\nThird.", "hint 3 of 3\n\nThird."} {
		code, out, _ := run(t, dir, "hint", "3")
		require.Equal(t, ExitPass, code)
		assert.Contains(t, out, want, "call %d", i+1)
	}
	_, out, _ := run(t, dir, "hint", "crawler")
	assert.Contains(t, out, "That was the last hint")

	code, out, _ := run(t, dir, "hint", "--all", "03")
	require.Equal(t, ExitPass, code)
	assert.Contains(t, out, "Hint 1 of 3\n\nFirst.")
	assert.Contains(t, out, "Hint 3 of 3\n\nThird.")
}

func TestHintsFileBroken(t *testing.T) {
	dir := repoDir(t, sampleManifest)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "hints", "03-crawler.md"), nil, 0o644))
	code, _, stderr := run(t, dir, "hint", "03")
	assert.Equal(t, ExitUsage, code)
	assert.Contains(t, stderr, "no hints")
}

func TestList(t *testing.T) {
	code, out, _ := run(t, repoDir(t, sampleManifest), "list")
	require.Equal(t, ExitPass, code)
	assert.Contains(t, out, "Chapter 2: Goroutines and channels")
	assert.Contains(t, out, "03 crawler")
	assert.Contains(t, out, "not tried")
}

func TestHelp(t *testing.T) {
	code, out, _ := run(t, t.TempDir(), "help")
	assert.Equal(t, ExitPass, code)
	assert.Contains(t, out, "kata check")
}
