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
// and its pieces fit: an alphanumeric step id, the reporter's runners and
// <ID>_RESULTS env var naming it, go.mod choosing Go, and every step after
// the checkout skipped in a Classroom 50 repository.
func TestWorkflowLintsAndWires(t *testing.T) {
	b, err := Workflow(bigManifest(t))
	require.NoError(t, err)

	l, err := actionlint.NewLinter(&bytes.Buffer{}, &actionlint.LinterOptions{})
	require.NoError(t, err)
	errs, err := l.Lint(WorkflowFile, b, nil)
	require.NoError(t, err)
	for _, e := range errs {
		t.Errorf("actionlint: %s", e.Error())
	}
	broken := bytes.Replace(b, []byte("go-version-file"), []byte("go-version-fil"), 1)
	errs, err = l.Lint(WorkflowFile, broken, nil)
	require.NoError(t, err)
	assert.NotEmpty(t, errs, "actionlint does check the inputs")

	var wf struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Name  string
			Steps []struct {
				ID   string
				If   string
				Uses string
				Run  string
				With map[string]string
				Env  map[string]string
			}
		}
	}
	require.NoError(t, yaml.Unmarshal(b, &wf))
	assert.Contains(t, wf.On, "push")
	require.Len(t, wf.Jobs, 1)
	job := wf.Jobs["autograding"]
	assert.Equal(t, "Autograding Tests", job.Name, "the reporter looks for the check run of this name")
	var grading, reporter int
	for i, s := range job.Steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			assert.Zero(t, i, "checkout first")
			continue
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			assert.Equal(t, "go.mod", s.With["go-version-file"])
		case s.ID != "":
			grading = i
			assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9]+$`), s.ID)
			assert.Contains(t, s.Run, "bin/kata check --format=classroom")
		case strings.HasPrefix(s.Uses, "classroom-resources/autograding-grading-reporter@"):
			reporter = i
			id := job.Steps[grading].ID
			assert.Equal(t, id, s.With["runners"])
			assert.Equal(t, "${{ steps."+id+".outputs.result }}", s.Env[strings.ToUpper(id)+"_RESULTS"])
		}
		assert.Equal(t, "hashFiles('.classroom50.yaml', 'solutions/go.mod') == ''", s.If, "step %d runs only in a student copy outside Classroom 50", i)
	}
	assert.Positive(t, grading)
	assert.Greater(t, reporter, grading)
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
