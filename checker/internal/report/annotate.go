package report

import (
	"fmt"
	"path"
	"strings"

	"github.com/asynckata/kata/checker/internal/score"
)

// GitHub Actions shows at most 10 error annotations of a step; each
// exercise gets a few, so one failing exercise cannot take them all.
const (
	maxAnnotationsPerExercise = 4
	maxAnnotations            = 10
)

// annotations are the workflow commands that mark the learner's lines a
// failure names (the racing accesses, where deadlocked goroutines wait,
// where a goroutine left running was started, a vet or compile error) as
// errors on the commit and the pull request:
//
//	::error file=exercises/07-race-bank/bank.go,line=32,title=07 race-bank%3A race::data race: ...
//
// They are the checker's own words and paths, written after the fence
// that keeps the learner's output from issuing commands, and escaped as
// the Actions toolkit escapes them.
func annotations(r *Result) string {
	var b strings.Builder
	total := 0
	for _, e := range r.Exercises {
		if e.Status == StatusPass {
			continue
		}
		n := 0
		seen := map[string]bool{}
		for _, c := range e.Checks {
			if c.Status != score.Fail {
				continue
			}
			for _, p := range c.Places {
				file := p.File
				if !strings.Contains(file, "/") {
					file = path.Join(e.Dir, file)
				}
				key := fmt.Sprintf("%s:%d", file, p.Line)
				if seen[key] || n == maxAnnotationsPerExercise || total == maxAnnotations {
					continue
				}
				seen[key] = true
				n++
				total++
				title := fmt.Sprintf("%s %s: %s", e.ID, e.Slug, c.Name)
				fmt.Fprintf(&b, "::error file=%s,line=%d,title=%s::%s\n", escapeProperty(file), p.Line, escapeProperty(title), escapeData(p.Note))
			}
		}
	}
	return b.String()
}

// escapeData escapes a workflow command's message as the Actions toolkit
// does: a line break or a % in it cannot end or change the command.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a property value (file, title): also the : and ,
// that separate properties.
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
