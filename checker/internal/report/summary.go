package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/asynckata/kata/checker/internal/score"
)

// Summary writes a Markdown table for GitHub's job summary
// ($GITHUB_STEP_SUMMARY): the points, and for each exercise its points and
// the first check that failed, readable in the Actions run without any
// Classroom service.
type Summary struct{}

// Write implements Format.
func (Summary) Write(w io.Writer, r *Result) error {
	var b strings.Builder
	fmt.Fprintf(&b, "## Async Kata for Go: %d/%d points\n\n", r.Score, r.MaxScore)
	b.WriteString("| # | exercise | points | first failing check |\n")
	b.WriteString("|---|----------|-------:|---------------------|\n")
	var flagged []string
	for _, e := range r.Exercises {
		first := ""
		for _, c := range e.Checks {
			if c.Status == score.Fail {
				first = "**" + c.Name + "**: " + cell(c.Message, 160)
				break
			}
		}
		if first == "" && e.Status != StatusPass {
			first = cell(e.Summary, 160)
		}
		fmt.Fprintf(&b, "| %s | %s | %d/%d | %s |\n", e.ID, cell(e.Slug, 40), e.Score, e.Points, first)
		if e.Failure == "tampered" || e.Failure == "forbidden" {
			flagged = append(flagged, fmt.Sprintf("- %s %s (%s): %s", e.ID, e.Slug, e.Failure, cell(e.Summary, 400)))
		}
	}
	if len(flagged) > 0 {
		b.WriteString("\n**For the teacher:** these exercises scored 0 for changed protected files or forbidden code:\n\n")
		b.WriteString(strings.Join(flagged, "\n") + "\n")
	}
	b.WriteString("\nGrade one exercise yourself with `make check EX=NN`; the log of the grading step has the full report.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// cell makes s safe in one Markdown table cell: one line, no pipe, at most
// n characters (cut at a word).
func cell(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	if len(s) > n {
		cut := strings.LastIndex(s[:n], " ")
		if cut < n/2 {
			cut = n
		}
		s = s[:cut] + " …"
	}
	return s
}
