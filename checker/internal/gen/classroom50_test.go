package gen

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/asynckata/kata/checker/internal/schemas"
)

// fakeChecker stands in for bin/kata in the autograder's tests: what it
// does comes from FAKE_CHECKER.
const fakeChecker = `package main

import (
	"os"
	"syscall"
	"time"
)

func main() {
	switch os.Getenv("FAKE_CHECKER") {
	case "finish":
		_ = os.WriteFile("result.json", []byte(os.Getenv("FAKE_RESULT")), 0o644)
	case "forge-then-die":
		_ = os.WriteFile("result.json", []byte(os.Getenv("FAKE_RESULT")), 0o644)
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
	case "usage":
		os.Exit(2)
	case "hang":
		time.Sleep(time.Hour)
	}
}
`

// TestAutograderFallsBackToZero runs the generated autograder.py with a
// stand-in checker: a checker that finishes keeps its result.json; one
// that is killed after a result.json appeared, exits with an error, runs
// past the autograder's time or does not build leaves instead a valid
// classroom50/result/v1 document with every exercise at 0 and "the grader
// did not finish"; without the submission's identity it exits 1.
func TestAutograderFallsBackToZero(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a stand-in checker; skipped with -short")
	}
	for _, tool := range []string{"python3", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skip(tool + " is not installed")
		}
	}
	m := bigManifest(t)
	script, err := Autograder(m)
	require.NoError(t, err)
	// A short time limit, for the run that hangs.
	short := strings.Replace(string(script), "\nTIMEOUT = ", "\nTIMEOUT = 2 # ", 1)
	require.NotEqual(t, string(script), short)

	forged := `{"schema":"classroom50/result/v1","score":999}`
	identity := []string{"CLASSROOM=go-conc", "ASSIGNMENT=async-kata", "OWNER=alice", "USERNAME=alice",
		"SUBMISSION_TAG=submit/2026-12-01T10-00-00Z-abcdef0", "COMMIT_URL=https://x/commit", "RELEASE_URL=https://x/release"}
	for _, tc := range []struct {
		name, mode string
		broken     bool
		env        []string
		code       int
		kept       bool
	}{
		{name: "the checker finishes", mode: "finish", env: identity, kept: true},
		{name: "learner code forges a result, then kills the checker", mode: "forge-then-die", env: identity},
		{name: "the checker stops with an error", mode: "usage", env: identity},
		{name: "the checker runs past its time", mode: "hang", env: identity},
		{name: "the checker does not build", broken: true, env: identity},
		{name: "no identity", mode: "usage", code: 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			main := fakeChecker
			if tc.broken {
				main = "package main\nfunc main() { undefined() }\n"
			}
			require.NoError(t, os.MkdirAll(filepath.Join(dir, "checker"), 0o755))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module fake\n\ngo 1.26\n"), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "checker", "main.go"), []byte(main), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "autograder.py"), []byte(short), 0o644))
			require.NoError(t, os.WriteFile(filepath.Join(dir, "result.json"), []byte(forged), 0o644), "a committed result.json")

			cmd := exec.Command("python3", "autograder.py")
			cmd.Dir = dir
			cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
				"GOCACHE=" + goEnv(t, "GOCACHE"), "GOPATH=" + goEnv(t, "GOPATH"), "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod",
				"FAKE_CHECKER=" + tc.mode, "FAKE_RESULT=" + forged}, tc.env...)
			out, err := cmd.CombinedOutput()
			code := 0
			if exitErr, ok := err.(*exec.ExitError); ok {
				code = exitErr.ExitCode()
			} else {
				require.NoError(t, err, "%s", out)
			}
			require.Equal(t, tc.code, code, "%s", out)
			b, err := os.ReadFile(filepath.Join(dir, "result.json"))
			if tc.code != 0 {
				assert.True(t, os.IsNotExist(err), "no result.json without an identity, and not the committed one")
				return
			}
			require.NoError(t, err)
			if tc.kept {
				assert.Equal(t, forged, string(b), "the checker's own result stands")
				return
			}
			assert.Contains(t, string(out), Unfinished)
			require.NoError(t, schemas.ValidateClassroom50Result(b), "%s", b)
			var doc struct {
				Owner    string
				Score    int
				MaxScore int `json:"max-score"`
				Tests    []struct {
					Name    string `json:"test-name"`
					Passed  bool
					Score   int
					Max     int `json:"max-score"`
					Message string
				}
			}
			require.NoError(t, json.Unmarshal(b, &doc))
			assert.Equal(t, "alice", doc.Owner)
			assert.Equal(t, 0, doc.Score)
			assert.Equal(t, m.MaxScore(), doc.MaxScore)
			require.Len(t, doc.Tests, len(m.Exercises))
			for i, test := range doc.Tests {
				assert.True(t, strings.HasPrefix(test.Name, m.Exercises[i].ID+" "), test.Name)
				assert.False(t, test.Passed)
				assert.Equal(t, 0, test.Score)
				assert.Equal(t, m.Exercises[i].Points, test.Max)
				assert.Contains(t, test.Message, Unfinished)
			}
		})
	}
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	out, err := exec.Command("go", "env", name).Output()
	require.NoError(t, err)
	return strings.TrimSpace(string(out))
}
