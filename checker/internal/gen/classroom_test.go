package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rhysd/actionlint"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// bigManifest has exercises with a long title and a long limit, to push
// the classroom files to their limits.
func bigManifest(t *testing.T) *manifest.Manifest {
	t.Helper()
	long := toml + `
[[exercise]]
id = "09"
slug = "process-pool"
chapter = 2
title = "` + strings.Repeat("Très longue consigne ", 8) + `"
points = 25
checks = ["build", "tests"]
objective = "tests"
limit = "15m"
edit = ["pool.go"]
`
	m, err := manifest.Parse(strings.NewReader(long))
	require.NoError(t, err)
	return m
}

// TestWorkflowLintsAndWires: the generated workflow passes actionlint,
// and its pieces fit: the whole history checked out (for the first-commit
// comparison), Go's newest patch of go.mod's version, the build cache
// restored before grading and saved whatever the grade, the summary and
// result.json written and kept, an alphanumeric step id, and the reporter,
// pinned by commit, reading <ID>_RESULTS.
func TestWorkflowLintsAndWires(t *testing.T) {
	b, err := Workflow(bigManifest(t), "1.26")
	require.NoError(t, err)

	l, err := actionlint.NewLinter(&bytes.Buffer{}, &actionlint.LinterOptions{})
	require.NoError(t, err)
	errs, err := l.Lint(WorkflowFile, b, nil)
	require.NoError(t, err)
	for _, e := range errs {
		t.Errorf("actionlint: %s", e.Error())
	}
	broken := bytes.Replace(b, []byte("check-latest"), []byte("check-lates"), 1)
	errs, err = l.Lint(WorkflowFile, broken, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, errs, "actionlint does check the inputs")

	var wf struct {
		On          map[string]any `yaml:"on"`
		Permissions map[string]string
		Jobs        map[string]struct {
			Name  string
			Steps []struct {
				ID   string
				If   string
				Uses string
				Run  string
				With map[string]any
				Env  map[string]string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(b, &wf))
	assert.Contains(t, wf.On, "push")
	assert.Equal(t, map[string]string{"contents": "read"}, wf.Permissions, "reporter v1 needs no checks: write")
	require.Len(t, wf.Jobs, 1)
	job := wf.Jobs["autograding"]
	assert.Equal(t, "Autograding Tests", job.Name, "the reporter looks for the check run of this name")
	at := map[string]int{}
	for i, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			at["checkout"] = i
			assert.Equal(t, 0, s.With["fetch-depth"], "the whole history")
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			at["setup-go"] = i
			assert.Equal(t, "1.26", s.With["go-version"])
			assert.Equal(t, true, s.With["check-latest"], "the newest patch")
		case strings.HasPrefix(s.Uses, "actions/cache/restore@"):
			at["restore"] = i
		case strings.HasPrefix(s.Uses, "actions/cache/save@"):
			at["save"] = i
			assert.Equal(t, "always()", s.If, "saved whatever the grade")
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			at["upload"] = i
			assert.Equal(t, "always()", s.If)
			assert.Equal(t, "result.json", s.With["path"])
		case s.ID != "":
			at["grade"] = i
			assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9]+$`), s.ID)
			assert.Contains(t, s.Run, "bin/kata check --format=classroom --baseline=first-commit")
			assert.Contains(t, s.Run, `--summary="$GITHUB_STEP_SUMMARY"`)
			assert.Contains(t, s.Run, "--save-json=result.json")
		case strings.HasPrefix(s.Uses, "classroom-resources/autograding-grading-reporter@"):
			at["reporter"] = i
			assert.Regexp(t, `@[0-9a-f]{40}$`, s.Uses, "pinned by commit")
			id := job.Steps[at["grade"]].ID
			assert.Equal(t, id, s.With["runners"])
			assert.Equal(t, "${{ steps."+id+".outputs.result }}", s.Env[strings.ToUpper(id)+"_RESULTS"])
		}
	}
	order := []string{"checkout", "setup-go", "restore", "grade", "save", "upload", "reporter"}
	for i := 1; i < len(order); i++ {
		assert.Less(t, at[order[i-1]], at[order[i]], "%s before %s", order[i-1], order[i])
	}
}

func TestGoMinor(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module x\n\ngo 1.26.0\n"), 0o644))
	v, err := GoMinor(dir)
	require.NoError(t, err)
	assert.Equal(t, "1.26", v)
}

// TestClassroom50TestsFit: tests.json keeps Classroom 50's rules: its
// schema name, one run test per exercise with the exercise's points,
// names unique and at most 100 bytes, timeouts from 1 to 600 seconds.
func TestClassroom50TestsFit(t *testing.T) {
	m := bigManifest(t)
	b, err := Tests(m)
	require.NoError(t, err)
	var doc struct {
		Schema string
		Tests  []map[string]any
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&doc))
	assert.Equal(t, "classroom50/tests/v1", doc.Schema)
	require.Len(t, doc.Tests, len(m.Exercises))
	names := map[string]bool{}
	for i, test := range doc.Tests {
		ex := m.Exercises[i]
		assert.ElementsMatch(t, []string{"name", "type", "run", "timeout", "points"}, keysOf(test))
		name := test["name"].(string)
		assert.LessOrEqual(t, len(name), 100)
		assert.True(t, strings.HasPrefix(name, ex.ID+" "+ex.Slug+": "))
		assert.False(t, names[name], "unique")
		names[name] = true
		assert.Equal(t, "run", test["type"])
		assert.Equal(t, "make --silent bin/kata && bin/kata check --strict "+ex.ID, test["run"])
		assert.Equal(t, fmt.Sprint(ex.Points), test["points"].(json.Number).String())
		timeout, err := test["timeout"].(json.Number).Int64()
		require.NoError(t, err)
		assert.True(t, timeout >= 1 && timeout <= 600, "timeout %d", timeout)
	}
	assert.Contains(t, string(b), "&&", "commands stay readable")
}

func TestAutogradingOneTestPerExercise(t *testing.T) {
	m := bigManifest(t)
	b, err := Autograding(m)
	require.NoError(t, err)
	var doc struct {
		Tests []struct {
			Name, Run, Comparison string
			Timeout, Points       int
		}
	}
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Len(t, doc.Tests, len(m.Exercises))
	total := 0
	for i, test := range doc.Tests {
		assert.Equal(t, "make --silent bin/kata && bin/kata check --strict "+m.Exercises[i].ID, test.Run)
		assert.True(t, test.Timeout >= 1 && test.Timeout <= 10, "minutes")
		total += test.Points
	}
	assert.Equal(t, m.MaxScore(), total)
}

// TestClassroomFilesFollowTheManifest: change an exercise's points in
// kata.toml and the classroom files are stale until make generate.
func TestClassroomFilesFollowTheManifest(t *testing.T) {
	m, err := manifest.Parse(strings.NewReader(toml))
	require.NoError(t, err)
	root := exerciseDir(t)
	_, err = Write(root, m)
	require.NoError(t, err)
	for _, f := range []string{WorkflowFile, AutogradingFile, TestsFile} {
		assert.FileExists(t, filepath.Join(root, filepath.FromSlash(f)))
	}

	m.Exercises[0].Points = 20
	stale, err := Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{"README.md", AutogradingFile, TestsFile}, stale)

	m.Exercises[0].Limit.Duration *= 2
	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Contains(t, stale, WorkflowFile, "the grading step's timeout follows the limits")

	require.NoError(t, os.Remove(filepath.Join(root, filepath.FromSlash(TestsFile))))
	stale, err = Stale(root, m)
	require.NoError(t, err)
	assert.Contains(t, stale, TestsFile, "a missing file is stale")
}

func keysOf(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
