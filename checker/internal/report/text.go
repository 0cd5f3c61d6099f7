package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/asynckata/kata/checker/internal/score"
)

// Text writes the report for people: a block per exercise, a line per
// check, the first useful lines of a failure and the next step.
type Text struct {
	Color bool
}

const (
	green = "\x1b[32m"
	red   = "\x1b[31m"
	dim   = "\x1b[2m"
	bold  = "\x1b[1m"
	reset = "\x1b[0m"
)

func (t Text) paint(code, s string) string {
	if !t.Color {
		return s
	}
	return code + s + reset
}

// maxDetail bounds the failure lines shown per check: generous, since
// the details are the tests' own advice; past it the report says how many
// lines were left out.
const maxDetail = 120

// detailIndent starts each detail line.
const detailIndent = 14

// Check messages are wrapped to lineWidth columns, continuing under the
// message's first column.
const (
	lineWidth     = 100
	messageIndent = 12
)

// wrap breaks s at spaces into lines of at most width columns, joined by
// a newline and indent. A word longer than width stays whole.
func wrap(s string, width int, indent string) string {
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		if i > 0 {
			if col+1+n > width {
				b.WriteString("\n" + indent)
				col = 0
			} else {
				b.WriteByte(' ')
				col++
			}
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}

// wrapDetail indents a detail line and wraps it at lineWidth, continuing
// under its own first word, so a long message is shown whole.
func wrapDetail(d string) string {
	lead := len(d) - len(strings.TrimLeft(d, " "))
	indent := strings.Repeat(" ", detailIndent+lead)
	width := max(lineWidth-detailIndent-lead, 40)
	if utf8.RuneCountInString(d) <= lineWidth-detailIndent || strings.TrimSpace(d) == "" {
		return strings.Repeat(" ", detailIndent) + d
	}
	// Continuation lines go two columns further in, under the text.
	return indent + wrap(strings.TrimSpace(d), width, indent+"  ")
}

// Write implements Format.
func (t Text) Write(w io.Writer, r *Result) error {
	var b strings.Builder
	for i, e := range r.Exercises {
		if i > 0 {
			b.WriteString("\n")
		}
		t.exercise(&b, e)
	}
	passed := 0
	for _, e := range r.Exercises {
		if e.Status == StatusPass {
			passed++
		}
	}
	fmt.Fprintf(&b, "\n%s %d/%d points, %d of %d exercises passed\n",
		t.paint(bold, "Score:"), r.Score, r.MaxScore, passed, len(r.Exercises))
	_, err := io.WriteString(w, b.String())
	return err
}

func (t Text) exercise(b *strings.Builder, e Exercise) {
	verdict := t.paint(green, "PASS")
	switch e.Status {
	case StatusFail:
		verdict = t.paint(red, "FAIL")
	case StatusError:
		verdict = t.paint(red, "ERROR")
	}
	head := fmt.Sprintf("%s %s: %s", e.ID, e.Slug, e.Title)
	fmt.Fprintf(b, "%s  %d/%d  %s", t.paint(bold, head), e.Score, e.Points, verdict)
	if e.Source != "" && e.Source != "your code" {
		fmt.Fprintf(b, "  (%s)", e.Source)
	}
	b.WriteString("\n")
	for _, c := range e.Checks {
		mark := t.paint(green, "✓")
		switch c.Status {
		case score.Fail:
			mark = t.paint(red, "✗")
		case score.Skip:
			mark = t.paint(dim, "-")
		}
		msg := wrap(c.Message, lineWidth-messageIndent, strings.Repeat(" ", messageIndent))
		if c.Status == score.Skip {
			msg = t.paint(dim, msg)
		}
		fmt.Fprintf(b, "  %s %-7s %s\n", mark, c.Name, msg)
		if c.Status == score.Fail || (c.Status == score.Pass && c.Name == "timing") {
			for i, d := range c.Details {
				if i == maxDetail {
					fmt.Fprintf(b, "%s... %d more lines left out\n", strings.Repeat(" ", detailIndent), len(c.Details)-maxDetail)
					break
				}
				b.WriteString(wrapDetail(d) + "\n")
			}
		}
	}
	if e.Status == StatusError && e.Summary != "" {
		fmt.Fprintf(b, "  %s\n", e.Summary)
	}
	if e.Status != StatusPass && (e.Source == "" || e.Source == "your code") {
		fmt.Fprintf(b, "  %s %s\n", t.paint(bold, "next:"), next(e))
	}
}

// timingFigureFailed reports whether e's timing check failed on a figure
// over its budget, rather than on a timing test's assertion.
func timingFigureFailed(e Exercise) bool {
	for _, c := range e.Checks {
		if c.Name == "timing" {
			return c.Status == score.Fail && strings.Contains(c.Message, "(budget: ")
		}
	}
	return false
}

// next says what to do after a failure, by class.
func next(e Exercise) string {
	hint := "make hint EX=" + e.ID
	switch e.Failure {
	case "build":
		if strings.HasPrefix(e.Summary, "go vet") {
			return "fix what go vet reports above (go vet ./" + e.Dir + " shows it too), then run make check EX=" + e.ID + " again"
		}
		return "fix the compile error above, then run make check EX=" + e.ID + " again"
	case "timing":
		if timingFigureFailed(e) {
			return "the functional tests pass, but the figure above is over its budget: the note beside it says what the test saw. Stuck? " + hint
		}
		return "a timing test failed on what it checks besides its figures: its message above says what it saw. Stuck? " + hint
	case "race":
		return "the two stacks above touch the same variable: guard it with one mutex (or hand it over on a channel). Stuck? " + hint
	case "deadlock":
		if strings.Contains(e.Summary, "already holds") {
			return "the goroutine above locks a mutex it already holds: take each lock once per call path. Stuck? " + hint
		}
		return "the lines above say where each goroutine waits and on what: for each, find the goroutine that should unlock, " +
			"send, receive, close or call Done for it, and why it never does. Stuck? " + hint
	case "leak":
		switch {
		case strings.Contains(e.Summary, " returned while "):
			return "wait for every goroutine a call starts before it returns (sync.WaitGroup, errgroup), on every way out of it: " +
				"after an error and after a cancel too. Stuck? " + hint
		case strings.Contains(e.Summary, "still blocked"):
			return "the goroutines above wait where nothing will wake them: give each a way to stop (close the channel it waits on, " +
				"cancel its context) and wait for it before returning. Stuck? " + hint
		case strings.HasPrefix(e.Summary, "process leak"):
			return "wait for every process you start (cmd.Wait), also when a call stops early. Stuck? " + hint
		}
		return "the goroutines above were still running: make each one end (close its channel, cancel its context) and wait for it " +
			"before returning. Stuck? " + hint
	case "tampered":
		if strings.HasPrefix(e.Summary, "forged") {
			return "your code printed lines that only the tests may print: remove them, and let the tests report"
		}
		return "restore the protected files with git checkout -- " + e.Dir
	case "forbidden":
		return "remove what the build check names: no solution needs it, and code that uses it is not run. Stuck? " + hint
	}
	return "read " + e.Dir + "/README.md again, or ask for a hint: " + hint
}
