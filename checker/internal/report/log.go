package report

import (
	"crypto/rand"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/asynckata/kata/checker/internal/score"
)

// writeLog writes the human report for a CI log (GitHub Actions), fenced
// with stop-commands: between "::stop-commands::<token>" and "::<token>::"
// the runner treats no line as a workflow command, so nothing the
// learner's code printed (and the report quotes) can set an output, mask
// a value or fake an annotation. token is unguessable to that code, which
// has finished before it is chosen; empty means a random one.
//
// With annotate (in GitHub Actions), the checker's annotations on the
// learner's lines follow the fence, outside it, so the runner reads them.
func writeLog(w io.Writer, token string, color, annotate bool, r *Result) error {
	if w == nil {
		return nil
	}
	if token == "" {
		token = rand.Text()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "::stop-commands::%s\n", token)
	if err := (Text{Color: color}).Write(&b, r); err != nil {
		return err
	}
	fmt.Fprintf(&b, "::%s::\n", token)
	if annotate {
		b.WriteString(annotations(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// maxDetailLines bounds the failure lines quoted per check in a message.
const maxDetailLines = 6

// message is one exercise's result in a few lines for a classroom tool:
// the score and why it failed, then a line per check with the first lines
// of a failure.
func message(e Exercise) string {
	var b strings.Builder
	switch {
	case e.Status == StatusPass:
		fmt.Fprintf(&b, "%d/%d: every check passed", e.Score, e.Points)
	case e.Failure != "" && e.Failure != "none":
		fmt.Fprintf(&b, "%d/%d, failure %s", e.Score, e.Points, e.Failure)
	default:
		fmt.Fprintf(&b, "%d/%d", e.Score, e.Points)
	}
	if e.Status != StatusPass && e.Summary != "" {
		fmt.Fprintf(&b, ": %s", e.Summary)
	}
	b.WriteString("\n")
	for _, c := range e.Checks {
		mark := map[score.Status]string{score.Pass: "pass", score.Fail: "FAIL", score.Skip: "skip"}[c.Status]
		fmt.Fprintf(&b, "%s %s: %s\n", mark, c.Name, c.Message)
		if c.Status != score.Fail {
			continue
		}
		for i, d := range c.Details {
			if i == maxDetailLines {
				fmt.Fprintf(&b, "    ... %d more lines\n", len(c.Details)-maxDetailLines)
				break
			}
			fmt.Fprintf(&b, "    %s\n", d)
		}
	}
	if e.Status != StatusPass {
		fmt.Fprintf(&b, "run it yourself: make check EX=%s; stuck? make hint EX=%s", e.ID, e.ID)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// cut shortens s to at most n bytes, on a rune boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = " [...]"
	end := max(n-len(mark), 0)
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + mark
}

// testName names an exercise in a classroom tool's table.
func testName(e Exercise) string {
	return fmt.Sprintf("%s %s: %s", e.ID, e.Slug, e.Title)
}
