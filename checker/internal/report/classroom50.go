package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/asynckata/kata/checker/internal/score"
)

// Classroom50 writes result.json for Classroom 50, the successor to GitHub
// Classroom: the classroom50/result/v1 document (its schema is in
// testdata/), with the submission's identity from the runner's environment
// and one test per exercise, all or nothing, its check breakdown beside.
// The report for people goes to Log, fenced like Classroom's.
type Classroom50 struct {
	Identity Identity
	// Now stamps the result; nil means time.Now.
	Now   func() time.Time
	Log   io.Writer
	Color bool
	Token string
	// Annotate: as Classroom's.
	Annotate bool
}

// Identity is who and what a Classroom 50 result is about, as the runner
// that calls autograder.py tells it in the environment.
type Identity struct {
	Classroom      string
	Assignment     string
	AssignmentType string
	Owner          string
	Username       string
	Submission     string
	Commit         string
	Release        string
	Review         string
}

// IdentityFromEnv reads the identity from the variables the Classroom 50
// runner sets. OWNER falls back to USERNAME, ASSIGNMENT_TYPE to
// "individual" and REVIEW_URL to COMMIT_URL, as Classroom 50's own
// autograders do; anything else missing is an error that names it.
func IdentityFromEnv(getenv func(string) string) (Identity, error) {
	id := Identity{
		Classroom:      getenv("CLASSROOM"),
		Assignment:     getenv("ASSIGNMENT"),
		AssignmentType: getenv("ASSIGNMENT_TYPE"),
		Owner:          getenv("OWNER"),
		Username:       getenv("USERNAME"),
		Submission:     getenv("SUBMISSION_TAG"),
		Commit:         getenv("COMMIT_URL"),
		Release:        getenv("RELEASE_URL"),
		Review:         getenv("REVIEW_URL"),
	}
	if id.Owner == "" {
		id.Owner = id.Username
	}
	if id.AssignmentType == "" {
		id.AssignmentType = "individual"
	}
	if id.Review == "" {
		id.Review = id.Commit
	}
	var missing []string
	for _, v := range []struct{ name, value string }{
		{"CLASSROOM", id.Classroom}, {"ASSIGNMENT", id.Assignment},
		{"SUBMISSION_TAG", id.Submission}, {"COMMIT_URL", id.Commit},
		{"RELEASE_URL", id.Release}, {"OWNER (or USERNAME)", id.Owner},
	} {
		if v.value == "" {
			missing = append(missing, v.name)
		}
	}
	var problems []string
	if len(missing) > 0 {
		problems = append(problems, strings.Join(missing, ", ")+" not set")
	}
	if id.Submission != "" && !strings.HasPrefix(id.Submission, "submit/") {
		problems = append(problems, fmt.Sprintf("SUBMISSION_TAG %q does not start with submit/", id.Submission))
	}
	if id.AssignmentType != "individual" && id.AssignmentType != "group" {
		problems = append(problems, fmt.Sprintf("ASSIGNMENT_TYPE %q is neither individual nor group", id.AssignmentType))
	}
	if len(problems) > 0 {
		return id, fmt.Errorf("--format=classroom50 needs the identity the Classroom 50 runner sets: %s. Run it through classroom/classroom50/autograder.py under Classroom 50, or set them by hand to try it", strings.Join(problems, "; "))
	}
	return id, nil
}

// Classroom50Schema is the value of the result's "schema" field.
const Classroom50Schema = "classroom50/result/v1"

type classroom50Result struct {
	Schema         string            `json:"schema"`
	Classroom      string            `json:"classroom"`
	Assignment     string            `json:"assignment"`
	AssignmentType string            `json:"assignment_type"`
	Owner          string            `json:"owner"`
	Submission     string            `json:"submission"`
	Commit         string            `json:"commit"`
	Release        string            `json:"release"`
	Review         string            `json:"review"`
	Datetime       string            `json:"datetime"`
	Score          int               `json:"score"`
	MaxScore       int               `json:"max-score"`
	Tests          []classroom50Test `json:"tests"`
	SubmittedBy    *submittedBy      `json:"submitted_by,omitempty"`
}

type submittedBy struct {
	Username string `json:"username"`
}

type classroom50Test struct {
	Name     string        `json:"test-name"`
	Passed   bool          `json:"passed"`
	Score    int           `json:"score"`
	MaxScore int           `json:"max-score"`
	Status   string        `json:"status"`
	Failure  string        `json:"failure"`
	Message  string        `json:"message"`
	Checks   []score.Check `json:"checks"`
}

// Write implements Format.
func (c Classroom50) Write(w io.Writer, r *Result) error {
	if err := writeLog(c.Log, c.Token, c.Color, c.Annotate, r); err != nil {
		return fmt.Errorf("write the log: %w", err)
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	id := c.Identity
	doc := classroom50Result{
		Schema:     Classroom50Schema,
		Classroom:  id.Classroom,
		Assignment: id.Assignment, AssignmentType: id.AssignmentType,
		Owner:      id.Owner,
		Submission: id.Submission,
		Commit:     id.Commit, Release: id.Release, Review: id.Review,
		Datetime: now().UTC().Format("2006-01-02T15:04:05Z"),
		Score:    r.Score,
		MaxScore: r.MaxScore,
		Tests:    []classroom50Test{},
	}
	if id.Username != "" {
		doc.SubmittedBy = &submittedBy{Username: id.Username}
	}
	for _, e := range r.Exercises {
		checks := e.Checks
		if checks == nil {
			checks = []score.Check{}
		}
		doc.Tests = append(doc.Tests, classroom50Test{
			Name:     testName(e),
			Passed:   e.Status == StatusPass && e.Score == e.Points,
			Score:    e.Score,
			MaxScore: e.Points,
			Status:   e.Status,
			Failure:  e.Failure,
			Message:  cut(message(e), maxClassroomMessage),
			Checks:   checks,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
