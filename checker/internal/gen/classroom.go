package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// The classroom files, relative to the repository root.
const (
	// WorkflowFile is GitHub Classroom's autograding workflow.
	WorkflowFile = ".github/workflows/classroom.yml"
	// AutogradingFile is the legacy GitHub Classroom test list.
	AutogradingFile = ".github/classroom/autograding.json"
	// TestsFile is Classroom 50's declarative tests.
	TestsFile = "classroom/classroom50/tests.json"
)

// StepID is the grading step's id in the workflow: alphanumeric, because
// the reporter reads the results from the env var <STEP_ID>_RESULTS.
const StepID = "kata"

// buildMargin is what a test command needs beyond the exercise's own
// limit: building the checker and, on a fresh runner, the standard
// library with the race detector (15 to 60 s).
const buildMargin = 3 * time.Minute

// maxTestTimeout is Classroom 50's ceiling for one test's timeout.
const maxTestTimeout = 600 * time.Second

// maxTestName is Classroom 50's ceiling for a test name, in bytes.
const maxTestName = 100

// runCommand grades one exercise strictly, for tools that score by exit
// code: 0 only when it earned its points and no protected file changed.
func runCommand(ex manifest.Exercise) string {
	return "make --silent bin/kata && bin/kata check --strict " + ex.ID
}

func testName(ex manifest.Exercise) string {
	name := fmt.Sprintf("%s %s: %s", ex.ID, ex.Slug, ex.Title)
	for len(name) > maxTestName {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

func timeout(ex manifest.Exercise) time.Duration {
	return min(ex.Limit.Duration+buildMargin, maxTestTimeout)
}

// minutes rounds a duration up to whole minutes.
func minutes(d time.Duration) int {
	return int((d + time.Minute - 1) / time.Minute)
}

// Workflow renders .github/workflows/classroom.yml: on every push, grade
// every exercise with the checker and hand the result to GitHub
// Classroom's grading reporter, unless the repository belongs to
// Classroom 50 (it carries .classroom50.yaml), which grades through its
// own workflow, or is the kata's own (it has solutions/), whose starters
// fail by design.
func Workflow(m *manifest.Manifest) ([]byte, error) {
	var limits time.Duration
	for _, ex := range m.Exercises {
		limits += ex.Limit.Duration
	}
	grading := minutes(limits + buildMargin)
	const skip = "hashFiles('.classroom50.yaml', 'solutions/go.mod') == ''"
	var b strings.Builder
	fmt.Fprintf(&b, `# Generated from kata.toml by make generate: edit kata.toml, not this file.
#
# GitHub Classroom autograding: on every push, grade every exercise and
# report "Points X/Y" through GitHub Classroom's grading reporter (one test
# per exercise, worth its points). Every step after the checkout is skipped
# in a Classroom 50 repository (one that carries .classroom50.yaml), which
# Classroom 50 grades through its own workflow, and in the kata's own
# repository (one with solutions/), where the starters would only fail.
name: Autograding Tests

on:
  push:
  workflow_dispatch:

permissions:
  checks: write
  actions: read
  contents: read

jobs:
  autograding:
    name: Autograding Tests
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: %[1]d
    steps:
      - name: Check out the submission
        uses: actions/checkout@v6

      - name: Set up Go
        if: %[2]s
        uses: actions/setup-go@v6
        with:
          go-version-file: go.mod

      - name: Grade the exercises
        id: %[3]s
        if: %[2]s
        timeout-minutes: %[4]d
        run: |
          make bin/kata
          bin/kata check --format=classroom

      - name: Report the points
        if: %[2]s
        uses: classroom-resources/autograding-grading-reporter@v1
        env:
          %[5]s_RESULTS: ${{ steps.%[3]s.outputs.result }}
        with:
          runners: %[3]s
`, grading+5, skip, StepID, grading, strings.ToUpper(StepID))
	return []byte(b.String()), nil
}

// Autograding renders .github/classroom/autograding.json, the test list of
// GitHub Classroom's own autograding (timeouts in minutes): one test per
// exercise, passing on the checker's exit code.
func Autograding(m *manifest.Manifest) ([]byte, error) {
	type test struct {
		Name       string `json:"name"`
		Setup      string `json:"setup"`
		Run        string `json:"run"`
		Input      string `json:"input"`
		Output     string `json:"output"`
		Comparison string `json:"comparison"`
		Timeout    int    `json:"timeout"`
		Points     int    `json:"points"`
	}
	doc := struct {
		Tests []test `json:"tests"`
	}{Tests: []test{}}
	for _, ex := range m.Exercises {
		doc.Tests = append(doc.Tests, test{
			Name: testName(ex), Run: runCommand(ex), Comparison: "included",
			Timeout: minutes(timeout(ex)), Points: ex.Points,
		})
	}
	return encode(doc)
}

// TestsSchema is the value of tests.json's "schema" field.
const TestsSchema = "classroom50/tests/v1"

// Tests renders classroom/classroom50/tests.json, Classroom 50's
// declarative tests (timeouts in seconds, at most 600): one run test per
// exercise, passing on the checker's exit code.
func Tests(m *manifest.Manifest) ([]byte, error) {
	type test struct {
		Name    string `json:"name"`
		Type    string `json:"type"`
		Run     string `json:"run"`
		Timeout int    `json:"timeout"`
		Points  int    `json:"points"`
	}
	doc := struct {
		Schema string `json:"schema"`
		Tests  []test `json:"tests"`
	}{Schema: TestsSchema, Tests: []test{}}
	for _, ex := range m.Exercises {
		doc.Tests = append(doc.Tests, test{
			Name: testName(ex), Type: "run", Run: runCommand(ex),
			Timeout: int(timeout(ex) / time.Second), Points: ex.Points,
		})
	}
	return encode(doc)
}

// encode writes JSON for people to read: indented, && left as it is.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
