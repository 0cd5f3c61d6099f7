package classify

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/testrun"
	"github.com/asynckata/kata/internal/katatest"
)

// A failed test's output, as `go test -v` prints it, holds its messages:
//
//	    pipeline_test.go:42: Run(2, 10, ...):
//	        - consume was running in 2 goroutines at once: ...
//	    pipeline_test.go:67:
//	        	Error Trace:	/abs/pipeline_test.go:67
//	        	Error:      	Should be zero, but was 15
//	        	Messages:   	consume was called 15 more times ...
//
// A message is a line "file.go:N: text" (t.Error, t.Fatal, t.Log), or
// testify's "file.go:N: " with labelled fields after it; every further
// line of one message is indented deeper than its first line. Lines at
// the left margin are what the code printed (fmt.Println), not messages.

// testifyLabelRE matches a testify field line: its label comes after a
// tab ("        \tError:      \tShould be zero").
var testifyLabelRE = regexp.MustCompile(`^ *\t(Error Trace|Error|Test|Messages):\s*(.*)$`)

// maxDetailLine bounds one line of failure details: only a line longer
// than any message a test writes (a dumped value, a flood) is cut.
const maxDetailLine = 2000

// Bounds on the failed tests' messages in one check's details: enough for
// every message the kata's tests write; past them the details say how
// many lines were left out.
const (
	perTestLines = 30
	totalLines   = 100
)

// indent counts the spaces a line starts with.
func indent(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// tabLed reports whether s, after its spaces, starts with a tab: testify's
// field lines and the file lines of a stack.
func tabLed(s string) bool { return strings.HasPrefix(strings.TrimLeft(s, " "), "\t") }

// dumpLine reports whether trim (a line without its indentation) belongs
// to a goroutine dump: a header, a function, its file, "created by".
func dumpLine(s, trim string) bool {
	return headerRE.MatchString(trim) || leakHeaderRE.MatchString(trim) || funcRE.MatchString(trim) ||
		strings.HasPrefix(trim, "created by ") || strings.HasPrefix(trim, "...") || trim == "]" || tabLed(s)
}

// measureLine returns the location ("timing_test.go:30") of a failed
// figure's kata:measure line, "" for any other line: the failure message
// katatest writes after it repeats the figure, which the check's message
// shows with its note.
func measureLine(trim string) string {
	loc, js, ok := strings.Cut(trim, ": "+katatest.Prefix)
	if !ok {
		return ""
	}
	var m katatest.Measure
	if json.Unmarshal([]byte(js), &m) != nil || m.OK {
		return ""
	}
	return loc
}

// messageLoc returns "file_test.go:12" of a message line, "" if trim is
// not one.
func messageLoc(trim string) string {
	if !isTestMessage(trim) && !locationRE.MatchString(trim) {
		return ""
	}
	loc, _, _ := strings.Cut(trim, ": ")
	return strings.TrimSuffix(loc, ":")
}

// detailLine is one line of a test's details.
type detailLine struct {
	text   string
	failed bool // part of a failure message, not something the code printed
	figure bool // part of the failure message of a figure over budget
}

// testLines turns one failed test's output into what a learner reads: each
// message whole (every line of a multi-line t.Errorf, testify's Error and
// Messages), without traces, paths, goroutine dumps (the deadlock and leak
// reports name those goroutines) or katatest's figure lines, then what the
// code printed. The failure message katatest writes for a figure over
// budget is marked: the timing check shows that figure in its message.
func testLines(name string, out []string) []detailLine {
	var lines []detailLine
	figure := false // the message being read is a figure's
	add := func(s string, failed bool) {
		if len(s) > maxDetailLine {
			s = cutLine(s, maxDetailLine)
		}
		lines = append(lines, detailLine{s, failed, figure && failed})
	}
	var (
		msgIndent = -1    // the indentation of the message being read, -1 outside one
		field     = ""    // the testify field being read
		inDump    = false // reading a goroutine dump inside a message
		inRace    = false // reading a race report
		figureAt  = ""    // where the last failed figure was logged
	)
	for _, l := range out {
		if strings.HasPrefix(l, markPanic) {
			if strings.Contains(l, markBubbleLeak) {
				// Not a deadlock, whatever synctest calls it: a leak.
				add(name+": its synctest bubble ended while goroutines of your code were still in it, "+
					"and testing/synctest stopped the test binary there (the leak check names them)", true)
				break
			}
			if strings.Contains(l, markBubbleDead) {
				break // the deadlock's report says it, naming each goroutine
			}
			// The panic's stack follows: the panic class shows it.
			add(strings.TrimSpace(l), true)
			break
		}
		s := strings.TrimRight(l, " \r")
		trim := strings.TrimSpace(s)
		ind := indent(s)
		if trim == "" {
			continue
		}
		if inDump && ind > msgIndent && dumpLine(s, trim) {
			continue
		}
		inDump = false
		if trim == "==================" {
			inRace = !inRace // the race detector's report: the race check shows it
			continue
		}
		if inRace {
			continue
		}
		if ind == 0 && (headerRE.MatchString(trim) || leakHeaderRE.MatchString(trim)) {
			// A goroutine dump the runtime or katatest printed (the
			// deadlock, leak and timeout reports name its goroutines).
			msgIndent, inDump = -1, true
			continue
		}
		if strings.Contains(s, katatest.DeadlockMarker) || strings.Contains(s, katatest.HungMarker) ||
			strings.Contains(s, katatest.LeakMarker) {
			msgIndent, field, figure = -1, "", false
			continue
		}
		if msgIndent >= 0 && ind > msgIndent {
			// A further line of the message being read.
			if m := testifyLabelRE.FindStringSubmatch(s); m != nil {
				field = m[1]
				if field == "Error" || field == "Messages" {
					add("  "+field+": "+strings.TrimSpace(m[2]), true)
				}
				continue
			}
			if tabLed(s) {
				if field == "Error" || field == "Messages" {
					add("    "+trim, true)
				}
				continue
			}
			if field != "" && field != "Error" && field != "Messages" {
				continue // a path of testify's Error Trace, wrapped
			}
			if headerRE.MatchString(trim) {
				inDump = true
				continue
			}
			add("  "+strings.Repeat(" ", max(ind-msgIndent-4, 0))+trim, true)
			continue
		}
		msgIndent, field, figure = -1, "", false
		switch {
		case strings.HasPrefix(trim, "=== ") || strings.HasPrefix(trim, "--- ") || pathOnlyRE.MatchString(s):
		case strings.Contains(s, katatest.Prefix):
			if loc := measureLine(trim); loc != "" {
				figureAt = loc
			}
		case locationRE.MatchString(s):
			msgIndent = ind
			add(name+" at "+trim, true)
		case isTestMessage(trim):
			msgIndent = ind
			if messageLoc(trim) == figureAt {
				figure, figureAt = true, ""
			}
			add(trim, true)
		default:
			add(trim, false) // printed by the code
		}
	}
	return lines
}

// LeftOut ends the details' last line when the bounds (perTestLines,
// totalLines) left lines of the tests' messages out, so that a flood of
// failures cannot bury the first ones; report.Lost excuses those lines.
const LeftOut = "more lines of the tests' messages left out"

// minShared is the shortest line said once for several tests: a short one
// ("Error: Not equal:") costs less than "(as above)" reads.
const minShared = 40

// assertionDetails keeps what a learner reads of each failed test (all of
// them, or those in only): its messages whole, with the messages of the
// figures over budget unless figures is false (the timing check's message
// shows those). What the code printed comes after them, and is left out
// when there is a failure to show, so a flood cannot hide one. A message
// line several tests share is said once.
func assertionDetails(run *testrun.Run, only []string, figures bool) []string {
	var out []string
	var raw []string // what the tests said behind each line of out, before "(as above)"
	seen := map[string]bool{}
	left := 0 // lines left out past the bounds
	for _, t := range run.Failed() {
		if only != nil && !slices.Contains(only, t.Name) {
			continue
		}
		lines := testLines(t.Name, t.Output)
		anyFailed := slices.ContainsFunc(lines, func(l detailLine) bool { return l.failed })
		if !anyFailed && t.Status == testrun.Incomplete {
			continue // the binary ended under it: how it ended is the class's to show
		}
		n := 0
		for _, l := range lines {
			if (anyFailed && !l.failed) || (l.figure && !figures) {
				continue // the test's own prints, when there is a failure to show
			}
			if n == perTestLines || len(out) >= totalLines {
				left++
				continue
			}
			keep := l.text
			if strings.HasPrefix(keep, "  ") && seen[keep] && len(strings.TrimSpace(keep)) >= minShared {
				// Several tests often fail for the same reason: say it once.
				keep = "    (as above)"
				if out[len(out)-1] == keep {
					raw[len(raw)-1] += "\n" + l.text
					continue
				}
			}
			seen[keep] = true
			out = append(out, keep)
			raw = append(raw, l.text)
			n++
		}
	}
	out = sayRepeatsOnce(out, raw)
	if left > 0 {
		out = append(out, fmt.Sprintf("... %d %s", left, LeftOut))
	}
	return out
}

// sayRepeatsOnce keeps the first of messages that are the same, line for
// line (a first line at the margin and the indented lines that continue
// it), and says under it how many times it was said: ten subtests that
// fail for one reason give one message, not ten. raw[i] is what the tests
// said behind lines[i], so a message whose later copies read "(as above)"
// is still known for the same.
func sayRepeatsOnce(lines, raw []string) []string {
	var starts []int // where each message begins in lines
	for i, l := range lines {
		if i == 0 || !strings.HasPrefix(l, " ") {
			starts = append(starts, i)
		}
	}
	starts = append(starts, len(lines))
	first := map[string]int{} // a message's raw text: its index in kept
	var kept [][]string
	var times []int
	for b := range len(starts) - 1 {
		from, to := starts[b], starts[b+1]
		key := strings.Join(raw[from:to], "\n")
		if i, ok := first[key]; ok {
			times[i]++
			continue
		}
		first[key] = len(kept)
		kept = append(kept, lines[from:to])
		times = append(times, 1)
	}
	if len(kept) == len(starts)-1 {
		return lines
	}
	out := make([]string, 0, len(lines))
	for i, b := range kept {
		out = append(out, b...)
		if times[i] > 1 {
			out = append(out, fmt.Sprintf("  (the same message %d times)", times[i]))
		}
	}
	return out
}
