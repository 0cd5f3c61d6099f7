package gen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/asynckata/kata/checker/internal/manifest"
)

// The classroom files, relative to the repository root.
const (
	// WorkflowFile is the autograding workflow for plain GitHub Actions.
	// A student template made for that route carries it at
	// InstalledWorkflow.
	WorkflowFile      = "classroom/actions/classroom.yml"
	InstalledWorkflow = ".github/workflows/classroom.yml"
	// AutogradingFile is the legacy GitHub Classroom test list; the
	// template for the actions route carries it at InstalledAutograding.
	AutogradingFile      = "classroom/actions/autograding.json"
	InstalledAutograding = ".github/classroom/autograding.json"
	// TestsFile is Classroom 50's declarative tests.
	TestsFile = "classroom/classroom50/tests.json"
)

// StepID is the id of the workflow step whose output "result" the
// reporter reads (the step that hands the grade on, not the one that
// grades): alphanumeric, because the reporter reads the results from the
// env var <STEP_ID>_RESULTS.
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

// Workflow renders the autograding workflow for plain GitHub Actions,
// kept at classroom/actions/classroom.yml in the kata and written to
// .github/workflows/classroom.yml only in a student template made for
// that route (make student-template ROUTE=actions), so neither the kata's
// own repository nor a Classroom 50 one carries an idle workflow.
//
// On every push it restores the Go build cache, builds the checker,
// compiles what the exercises import (kata warm: no learner code) and
// saves the cache then, before any learner code runs, so learner code
// can never write into a cache a later grading restores. Then it grades
// every exercise (comparing the protected files with the template's first
// commit too) into a file of its own; a step that runs no learner code
// hands that line to GitHub Classroom's grading reporter (pinned by
// commit), or, when the checker did not finish, a result with every
// exercise at 0 and "the grader did not finish" (see Unfinished). The job
// summary and result.json are kept either way. goVersion is go.mod's
// minor version ("1.26"): setup-go then takes its newest patch.
func Workflow(m *manifest.Manifest, goVersion string) ([]byte, error) {
	var limits time.Duration
	for _, ex := range m.Exercises {
		limits += ex.Limit.Duration
	}
	grading := minutes(limits + buildMargin)
	publish, err := PublishScript(m)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	fmt.Fprintf(&b, `# Generated from kata.toml by make generate: edit kata.toml, not this file.
#
# Autograding on plain GitHub Actions: on every push, grade every exercise,
# show the points per exercise in the run's summary, keep result.json as an
# artifact (kata grades merges a class's artifacts into one CSV), and report
# "Points X/Y" through GitHub Classroom's grading reporter.
#
# Learner code runs only in the step "Grade the exercises". The Go build
# cache is saved before it, so learner code cannot write into a cache that
# a later push restores; the grade reaches the reporter through the step
# after it, which runs no learner code and, when the checker did not write
# its own result, reports every exercise at 0: "the grader did not finish".
name: Autograding Tests

on:
  push:
  workflow_dispatch:

permissions:
  contents: read

jobs:
  autograding:
    name: Autograding Tests
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    timeout-minutes: %[1]d
    steps:
      - name: Check out the submission, with its history
        uses: actions/checkout@v6
        with:
          # The whole history: grading compares the protected files with
          # the template's first commit.
          fetch-depth: 0
          # No token left in .git/config for learner code to read.
          persist-credentials: false

      - name: Set up Go
        id: go
        uses: actions/setup-go@v6
        with:
          go-version: "%[6]s"
          check-latest: true
          cache: false

      - name: Restore the Go build cache
        id: gocache
        uses: actions/cache/restore@v5
        with:
          path: |
            ~/.cache/go-build
            ~/go/pkg/mod
          key: kata-go-${{ runner.os }}-${{ steps.go.outputs.go-version }}-${{ hashFiles('go.sum') }}

      - name: Build the checker
        run: make bin/kata

      - name: Compile what the exercises import (no learner code runs here)
        continue-on-error: true
        run: bin/kata warm

      - name: Save the Go build cache, before any learner code runs
        if: steps.gocache.outputs.cache-hit != 'true'
        uses: actions/cache/save@v5
        with:
          path: |
            ~/.cache/go-build
            ~/go/pkg/mod
          key: ${{ steps.gocache.outputs.cache-primary-key }}

      - name: Grade the exercises
        id: grade
        timeout-minutes: %[4]d
        run: |
          rm -f "$RUNNER_TEMP/%[8]s" result.json
          bin/kata check --format=classroom --output="$RUNNER_TEMP/%[8]s" --baseline=first-commit --summary="$GITHUB_STEP_SUMMARY" --save-json=result.json

      - name: Hand the grade to the reporter (no learner code runs here)
        id: %[3]s
        if: always()
        env:
          GRADED: ${{ steps.grade.outcome }}
        run: |
%[7]s
      - name: Keep result.json
        if: always()
        uses: actions/upload-artifact@v7
        with:
          name: kata-result-${{ github.event.repository.name }}
          path: result.json
          if-no-files-found: warn

      - name: Report the points
        if: always()
        uses: %[2]s
        env:
          %[5]s_RESULTS: ${{ steps.%[3]s.outputs.result }}
        with:
          runners: %[3]s
`, grading+10, Reporter, StepID, grading, strings.ToUpper(StepID), goVersion, indent(publish, "          "), ResultFile)
	return []byte(b.String()), nil
}

// indent puts prefix before every line of s that is not empty.
func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}

// Reporter is GitHub Classroom's grading reporter, pinned by commit: it
// lives in the retired Classroom's organisation, so a moved tag must not
// change what runs. The job summary shows the grade without it.
const Reporter = "classroom-resources/autograding-grading-reporter@d13b5912daf5042ac1b71bc38bdb4a6bcd61d8ca # v1"

// GoMinor reads the go directive of root's go.mod and returns its major
// and minor version, "1.26" for "go 1.26.0".
func GoMinor(root string) (string, error) {
	b, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("read go.mod: %w", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 2 && f[0] == "go" {
			parts := strings.SplitN(f[1], ".", 3)
			if len(parts) < 2 {
				return "", fmt.Errorf("go.mod: go %s is not a version like 1.26.0", f[1])
			}
			return parts[0] + "." + parts[1], nil
		}
	}
	return "", errors.New("go.mod has no go directive")
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
