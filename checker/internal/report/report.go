package report

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/asynckata/kata/checker/internal/score"
)

// Version is the JSON format's version.
const Version = 1

// Result is a whole checker run: the JSON format's top level.
type Result struct {
	Version   int        `json:"version"`
	Score     int        `json:"score"`
	MaxScore  int        `json:"max_score"`
	Exercises []Exercise `json:"exercises"`
}

// Exercise statuses.
const (
	StatusPass  = "pass"
	StatusFail  = "fail"
	StatusError = "error"
)

// Exercise is one graded exercise.
type Exercise struct {
	ID         string        `json:"id"`
	Slug       string        `json:"slug"`
	Chapter    int           `json:"chapter"`
	Title      string        `json:"title"`
	Points     int           `json:"points"`
	Score      int           `json:"score"`
	Status     string        `json:"status"`
	Failure    string        `json:"failure"`
	Checks     []score.Check `json:"checks"`
	DurationMS int64         `json:"duration_ms"`
	// FailedTests are the top-level tests that failed, sorted ("TestMain"
	// for a leak or race found after every test passed): added within
	// version 1, absent when none failed.
	FailedTests []string `json:"failed_tests,omitempty"`

	// For people only.
	Source  string `json:"-"` // "your code", "reference solution", ...
	Summary string `json:"-"` // why it failed, in one line
	Dir     string `json:"-"` // exercises/03-crawler
}

// Add appends an exercise and updates the totals.
func (r *Result) Add(e Exercise) {
	r.Exercises = append(r.Exercises, e)
	r.Score += e.Score
	r.MaxScore += e.Points
}

// Passed reports whether every exercise passed.
func (r *Result) Passed() bool {
	for _, e := range r.Exercises {
		if e.Status != StatusPass {
			return false
		}
	}
	return len(r.Exercises) > 0
}

// Format writes a Result.
type Format interface {
	Write(w io.Writer, r *Result) error
}

// Names lists the formats' names for flags and messages.
func Names() []string {
	names := make([]string, 0, len(formats))
	for n := range formats {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var formats = map[string]func(Options) Format{
	"text": func(o Options) Format { return Text{Color: o.Color} },
	"json": func(Options) Format { return JSON{} },
	"classroom": func(o Options) Format {
		return Classroom{Log: o.Log, Color: o.Color, Token: o.Token, Annotate: o.Annotate}
	},
	"classroom50": func(o Options) Format {
		return Classroom50{Identity: o.Identity, Now: o.Now, Log: o.Log, Color: o.Color, Token: o.Token, Annotate: o.Annotate}
	},
}

// ForClassroom reports whether the format called name grades for a
// classroom: there a changed protected file costs the exercise its points,
// and the exit code says only whether grading ran.
func ForClassroom(name string) bool {
	return name == "classroom" || name == "classroom50"
}

// Options tune a format.
type Options struct {
	// Color enables ANSI colours in the text format.
	Color bool
	// Log gets the report for people from the classroom formats, whose
	// main output is for a machine.
	Log io.Writer
	// Token fences Log against workflow commands; empty means random.
	Token string
	// Annotate makes the classroom formats follow the log with
	// annotations on the learner's lines a failure names: set it when
	// GITHUB_ACTIONS is "true".
	Annotate bool
	// Identity is the submission a classroom50 result is about.
	Identity Identity
	// Now stamps a classroom50 result; nil means time.Now.
	Now func() time.Time
}

// ByName returns the format called name.
func ByName(name string, o Options) (Format, error) {
	f, ok := formats[name]
	if !ok {
		return nil, fmt.Errorf("unknown format %q: use one of %s", name, strings.Join(Names(), ", "))
	}
	return f(o), nil
}
