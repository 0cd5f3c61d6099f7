package gen

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/asynckata/kata/checker/internal/manifest"
	"github.com/asynckata/kata/checker/internal/report"
	"github.com/asynckata/kata/checker/internal/score"
)

// Unfinished is what every exercise's result says when the checker did
// not write its own: it was killed (by learner code, by the step's time
// limit), crashed, or never started.
const Unfinished = "the grader did not finish"

// ResultFile is where the grading step has the checker write its
// classroom line, in the runner's temp folder: the step after it hands
// the line to the reporter only if the grading step succeeded.
const ResultFile = "kata-result"

// UnfinishedResult is the result of a grading that did not finish: every
// exercise of m at 0 points, status error, with Unfinished as its
// summary. The workflow's fallback and Classroom 50's autograder report
// it, so a checker that is killed costs the points instead of leaving
// the last grade, or a forged one, standing.
func UnfinishedResult(m *manifest.Manifest) *report.Result {
	res := &report.Result{Version: report.Version, Exercises: []report.Exercise{}}
	for _, ex := range m.Exercises {
		res.Add(report.Exercise{
			ID: ex.ID, Slug: ex.Slug, Chapter: ex.Chapter, Title: ex.Title, Points: ex.Points,
			Status: report.StatusError, Failure: "none", Checks: []score.Check{},
			Summary: Unfinished + " (its log says where it stopped)",
		})
	}
	return res
}

// PublishScript is the bash script of the workflow step that hands the
// grade to the reporter. It runs no learner code and nothing of the
// repository: when the grading step succeeded (GRADED, its outcome, is
// "success") and wrote exactly one result line into
// $RUNNER_TEMP/kata-result, that line goes to $GITHUB_OUTPUT; otherwise
// the step reports UnfinishedResult there, as result.json (replacing any
// other) and in the job summary, and says so in an error annotation.
func PublishScript(m *manifest.Manifest) (string, error) {
	res := UnfinishedResult(m)
	var line bytes.Buffer
	if err := (report.Classroom{}).Write(&line, res); err != nil {
		return "", fmt.Errorf("render the unfinished result: %w", err)
	}
	var doc bytes.Buffer
	if err := (report.JSON{}).Write(&doc, res); err != nil {
		return "", fmt.Errorf("render the unfinished result.json: %w", err)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, doc.Bytes()); err != nil {
		return "", fmt.Errorf("render the unfinished result.json: %w", err)
	}
	compact.WriteByte('\n')
	classroomLine := strings.TrimSuffix(line.String(), "\n")
	if strings.ContainsAny(classroomLine, "'\\$`\n") || !strings.HasPrefix(classroomLine, "result=") {
		return "", fmt.Errorf("the unfinished classroom line is not plain base64: %.40q", classroomLine)
	}
	return fmt.Sprintf(`# The checker's line counts only if the grading step succeeded: a checker
# that was killed (or never ran) leaves at most a line learner code wrote.
line="$RUNNER_TEMP/%[1]s"
if [ "$GRADED" = success ] && [ -f "$line" ] && [ "$(wc -l < "$line")" -eq 1 ] &&
  grep -Eq '^result=[A-Za-z0-9+/]+=*$' "$line"; then
  cat "$line" >> "$GITHUB_OUTPUT"
  exit 0
fi
echo "::error title=The grader did not finish::Every exercise scores 0: the step Grade the exercises ended ($GRADED) without the checker's own result. Its log says where it stopped; push again to grade again."
echo '%[2]s' >> "$GITHUB_OUTPUT"
echo '%[3]s' | base64 -d > result.json
{
  echo "## The grader did not finish"
  echo
  echo "Every exercise scores 0 (of %[4]d points): the grading step ended ($GRADED) without the checker's own result. Its log says where it stopped; push again to grade again."
} >> "$GITHUB_STEP_SUMMARY"
`, ResultFile, classroomLine, base64.StdEncoding.EncodeToString(compact.Bytes()), res.MaxScore), nil
}
