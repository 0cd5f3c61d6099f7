package gen

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
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

// workflowStep is the part of a workflow step these tests read.
type workflowStep struct {
	Name            string
	ID              string
	If              string
	Uses            string
	Run             string
	ContinueOnError bool `yaml:"continue-on-error"`
	With            map[string]any
	Env             map[string]string
}

// workflowSteps parses the generated workflow's one job.
func workflowSteps(t *testing.T, b []byte) (map[string]any, map[string]string, string, []workflowStep) {
	t.Helper()
	var wf struct {
		On          map[string]any `yaml:"on"`
		Permissions map[string]string
		Jobs        map[string]struct {
			Name  string
			Steps []workflowStep
		}
	}
	require.NoError(t, yaml.Unmarshal(b, &wf))
	require.Len(t, wf.Jobs, 1)
	job := wf.Jobs["autograding"]
	return wf.On, wf.Permissions, job.Name, job.Steps
}

// TestWorkflowLintsAndWires: the generated workflow passes actionlint,
// and its pieces fit: the whole history checked out without a token left
// behind, Go's newest patch of go.mod's version, the build cache restored,
// filled by kata warm and saved before the grading step (the only one
// that runs learner code), the grading step writing its line to a file of
// its own, the step after it handing the line on whatever happened, the
// summary and result.json written and kept, and the reporter, pinned by
// commit, reading <ID>_RESULTS from that step.
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

	on, perms, name, steps := workflowSteps(t, b)
	assert.Contains(t, on, "push")
	assert.Equal(t, map[string]string{"contents": "read"}, perms, "reporter v1 needs no checks: write")
	assert.Equal(t, "Autograding Tests", name, "the reporter looks for the check run of this name")
	at := map[string]int{}
	for i, s := range steps {
		switch {
		case strings.HasPrefix(s.Uses, "actions/checkout@"):
			at["checkout"] = i
			assert.Equal(t, 0, s.With["fetch-depth"], "the whole history")
			assert.Equal(t, false, s.With["persist-credentials"], "no token in .git/config")
		case strings.HasPrefix(s.Uses, "actions/setup-go@"):
			at["setup-go"] = i
			assert.Equal(t, "1.26", s.With["go-version"])
			assert.Equal(t, true, s.With["check-latest"], "the newest patch")
		case strings.HasPrefix(s.Uses, "actions/cache/restore@"):
			at["restore"] = i
			assert.Contains(t, s.With["key"], "${{ steps.go.outputs.go-version }}")
		case s.Run == "make bin/kata":
			at["build"] = i
		case s.Run == "bin/kata warm":
			at["warm"] = i
			assert.True(t, s.ContinueOnError, "a failed warm-up only makes grading slower")
		case strings.HasPrefix(s.Uses, "actions/cache/save@"):
			at["save"] = i
			assert.Equal(t, "steps.gocache.outputs.cache-hit != 'true'", s.If, "never after grading, never over a hit")
		case s.ID == "grade":
			at["grade"] = i
			assert.Contains(t, s.Run, `bin/kata check --format=classroom --output="$RUNNER_TEMP/`+ResultFile+`" --baseline=first-commit`)
			assert.Contains(t, s.Run, `--summary="$GITHUB_STEP_SUMMARY"`)
			assert.Contains(t, s.Run, "--save-json=result.json")
			assert.NotContains(t, s.Run, "GITHUB_OUTPUT", "learner code runs here: the grade leaves by another step")
		case s.ID == StepID:
			at["publish"] = i
			assert.Regexp(t, regexp.MustCompile(`^[A-Za-z0-9]+$`), s.ID)
			assert.Equal(t, "always()", s.If)
			assert.Equal(t, "${{ steps.grade.outcome }}", s.Env["GRADED"])
			for _, runs := range []string{"bin/", "make ", "go ", "./"} {
				assert.NotContains(t, s.Run, runs, "it runs nothing of the repository")
			}
		case strings.HasPrefix(s.Uses, "actions/upload-artifact@"):
			at["upload"] = i
			assert.Equal(t, "always()", s.If)
			assert.Equal(t, "result.json", s.With["path"])
		case strings.HasPrefix(s.Uses, "classroom-resources/autograding-grading-reporter@"):
			at["reporter"] = i
			assert.Regexp(t, `@[0-9a-f]{40}$`, s.Uses, "pinned by commit")
			assert.Equal(t, "always()", s.If, "a grade of 0 is reported too")
			assert.Equal(t, StepID, s.With["runners"])
			assert.Equal(t, "${{ steps."+StepID+".outputs.result }}", s.Env[strings.ToUpper(StepID)+"_RESULTS"])
		}
	}
	order := []string{"checkout", "setup-go", "restore", "build", "warm", "save", "grade", "publish", "upload", "reporter"}
	require.Len(t, at, len(order))
	for i := 1; i < len(order); i++ {
		assert.Less(t, at[order[i-1]], at[order[i]], "%s before %s", order[i-1], order[i])
	}
}

// TestPublishStepRuns runs the generated step that hands the grade on,
// with bash as GitHub Actions does (-e -o pipefail): the checker's line
// is passed on only when the grading step succeeded and left exactly one
// result line; in every other case (the checker killed, a line that
// learner code wrote, no line, a cancelled job) the reporter gets every
// exercise at 0 with "the grader did not finish", and result.json and
// the summary say the same.
func TestPublishStepRuns(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("bash is not installed")
	}
	m := bigManifest(t)
	b, err := Workflow(m, "1.26")
	require.NoError(t, err)
	_, _, _, steps := workflowSteps(t, b)
	var script string
	for _, s := range steps {
		if s.ID == StepID {
			script = s.Run
		}
	}
	require.NotEmpty(t, script)

	good := "result=" + base64.StdEncoding.EncodeToString([]byte(`{"version":1,"status":"pass","max_score":35,"tests":[]}`)) + "\n"
	for _, tc := range []struct {
		name, graded, line string
		passed             bool
	}{
		{"the checker finished", "success", good, true},
		{"the checker was killed after learner code wrote a line", "failure", good, false},
		{"the checker was killed", "failure", "", false},
		{"the job was cancelled", "cancelled", good, false},
		{"the grading step never ran", "skipped", "", false},
		{"a success without a line", "success", "", false},
		{"two lines", "success", good + good, false},
		{"not a result line", "success", "result=x\n::error::forged\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			runnerTemp := filepath.Join(dir, "_temp")
			require.NoError(t, os.Mkdir(runnerTemp, 0o755))
			if tc.line != "" {
				require.NoError(t, os.WriteFile(filepath.Join(runnerTemp, ResultFile), []byte(tc.line), 0o644))
			}
			require.NoError(t, os.WriteFile(filepath.Join(dir, "result.json"), []byte(`{"forged":true}`), 0o644))
			output, summary := filepath.Join(dir, "output"), filepath.Join(dir, "summary")
			cmd := exec.Command("bash", "--noprofile", "--norc", "-e", "-o", "pipefail", "-c", script)
			cmd.Dir = dir
			cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "GRADED=" + tc.graded, "RUNNER_TEMP=" + runnerTemp,
				"GITHUB_OUTPUT=" + output, "GITHUB_STEP_SUMMARY=" + summary}
			log, err := cmd.CombinedOutput()
			require.NoError(t, err, "%s", log)
			out, err := os.ReadFile(output)
			require.NoError(t, err)
			if tc.passed {
				assert.Equal(t, good, string(out))
				assert.NotContains(t, string(log), "::error")
				return
			}
			assert.Contains(t, string(log), "::error title=The grader did not finish::")
			lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
			require.Len(t, lines, 1, "one output line")
			doc, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines[0], "result="))
			require.NoError(t, err)
			var res struct {
				Status   string
				MaxScore int `json:"max_score"`
				Tests    []struct {
					Name, Status, Message string
					Score                 int
				}
			}
			require.NoError(t, json.Unmarshal(doc, &res))
			assert.Equal(t, m.MaxScore(), res.MaxScore)
			require.Len(t, res.Tests, len(m.Exercises))
			for i, test := range res.Tests {
				assert.True(t, strings.HasPrefix(test.Name, m.Exercises[i].ID+" "+m.Exercises[i].Slug+": "), test.Name)
				assert.Equal(t, 0, test.Score)
				assert.Equal(t, "error", test.Status)
				assert.Contains(t, test.Message, Unfinished)
			}
			saved, err := os.ReadFile(filepath.Join(dir, "result.json"))
			require.NoError(t, err)
			var j struct {
				Score, MaxScore int
				Exercises       []struct{ Score, Points int }
			}
			require.NoError(t, json.Unmarshal(saved, &j), "%s", saved)
			assert.Len(t, j.Exercises, len(m.Exercises), "result.json is replaced by the unfinished one")
			for _, e := range j.Exercises {
				assert.Equal(t, 0, e.Score)
			}
			sum, err := os.ReadFile(summary)
			require.NoError(t, err)
			assert.Contains(t, string(sum), "The grader did not finish")
		})
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
	for _, f := range []string{WorkflowFile, AutogradingFile, TestsFile, AutograderFile} {
		assert.FileExists(t, filepath.Join(root, filepath.FromSlash(f)))
	}

	m.Exercises[0].Points = 20
	stale, err := Stale(root, m)
	require.NoError(t, err)
	assert.Equal(t, []string{"README.md", WorkflowFile, AutogradingFile, TestsFile, AutograderFile}, stale, "the fallback results have the points too")

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
