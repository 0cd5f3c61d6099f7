package report

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
)

// Classroom writes what GitHub Classroom's grading reporter
// (classroom-resources/autograding-grading-reporter@v1) reads from a
// grading step: one line, result=<base64 of the JSON below>, meant for
// the file $GITHUB_OUTPUT names. The reporter sums tests[].score against
// max_score for its "Points X/Y"; each exercise is one test worth its
// points, all or nothing. The report for people goes to Log, fenced so
// that the learner's output quoted in it cannot issue workflow commands.
type Classroom struct {
	// Log gets the human report; nil writes none.
	Log   io.Writer
	Color bool
	// Token fences the log; empty means a random one.
	Token string
	// Annotate adds, after the log, annotations on the learner's lines a
	// failure names (in GitHub Actions).
	Annotate bool
}

// MaxClassroomLine bounds the result line. GitHub limits a job's outputs
// to 1 MB in all; a grade has no business near that.
const MaxClassroomLine = 64 << 10

// maxClassroomMessage is where a test's message is cut at first.
const maxClassroomMessage = 2000

type classroomResult struct {
	Version  int             `json:"version"`
	Status   string          `json:"status"`
	MaxScore int             `json:"max_score"`
	Tests    []classroomTest `json:"tests"`
}

type classroomTest struct {
	Name     string `json:"name"`
	Status   string `json:"status"`
	Score    int    `json:"score"`
	Message  string `json:"message"`
	TestCode string `json:"test_code"`
	Filename string `json:"filename"`
	LineNo   int    `json:"line_no"`
	Duration int64  `json:"duration"`
}

// Write implements Format.
func (c Classroom) Write(w io.Writer, r *Result) error {
	if err := writeLog(c.Log, c.Token, c.Color, c.Annotate, r); err != nil {
		return fmt.Errorf("write the log: %w", err)
	}
	// Cut messages shorter until the line fits: a run that quotes pages
	// of learner output still reaches the reporter.
	for limit := maxClassroomMessage; ; limit /= 2 {
		doc, err := json.Marshal(classroomDoc(r, limit))
		if err != nil {
			return fmt.Errorf("encode the classroom result: %w", err)
		}
		line := "result=" + base64.StdEncoding.EncodeToString(doc) + "\n"
		if len(line) <= MaxClassroomLine || limit < 64 {
			_, err = io.WriteString(w, line)
			return err
		}
	}
}

func classroomDoc(r *Result, limit int) classroomResult {
	doc := classroomResult{Version: 1, Status: "pass", MaxScore: r.MaxScore, Tests: []classroomTest{}}
	for _, e := range r.Exercises {
		t := classroomTest{
			Name:     testName(e),
			Status:   "fail",
			Score:    e.Score,
			Message:  cut(message(e), limit),
			TestCode: "make check EX=" + e.ID,
			Duration: e.DurationMS,
		}
		switch {
		case e.Status == StatusError:
			t.Status = "error"
		case e.Status == StatusPass && e.Score == e.Points:
			t.Status = "pass"
		}
		doc.Tests = append(doc.Tests, t)
		if t.Status == "fail" || (t.Status == "error" && doc.Status == "pass") {
			doc.Status = t.Status
		}
	}
	return doc
}
