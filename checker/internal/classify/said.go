package classify

import (
	"strings"

	"github.com/asynckata/kata/internal/katatest"
)

// Said lists what one failed test's output says that a report of it must
// show: the text of each message line ("file_test.go:12: text", without
// the location) and of every line that continues it, and the values of
// testify's Error and Messages fields. It leaves out the testing
// package's framing, testify's Error Trace and Test fields, panics and
// their stacks, goroutine dumps, the race detector's line, katatest's
// marker lines and a figure's failure message (the timing check's message
// shows the figure and its note), and what the code printed at the left
// margin.
//
// It is the yardstick verify holds every report to (see report.Lost),
// written apart from testLines, which builds the details, so that a line
// the details drop is caught rather than dropped the same way twice.
func Said(out []string) []string {
	var said []string
	msg := -1         // the indentation of the message being read
	skipping := false // the rest of this message is not for the report
	field := ""       // the testify field being read
	figure := ""      // the location of a failed figure's kata:measure line
	for _, raw := range out {
		line := strings.TrimRight(raw, " \r")
		text := strings.TrimLeft(line, " ")
		ind := len(line) - len(text)
		if strings.TrimSpace(text) == "" {
			continue
		}
		if ind == 0 && strings.HasPrefix(text, "panic: ") {
			break
		}
		if msg >= 0 && ind > msg {
			if skipping {
				continue
			}
			if rest, ok := strings.CutPrefix(text, "\t"); ok {
				label, value, found := strings.Cut(rest, ":")
				if found && (label == "Error Trace" || label == "Error" || label == "Test" || label == "Messages") {
					field = label
				} else {
					value = rest
				}
				if v := strings.TrimSpace(value); v != "" && (field == "Error" || field == "Messages") {
					said = append(said, v)
				}
				continue
			}
			if field != "" && field != "Error" && field != "Messages" {
				continue
			}
			if strings.HasPrefix(text, "goroutine ") && strings.HasSuffix(text, ":") {
				skipping = true // a goroutine dump: the deadlock and leak reports name its goroutines
				continue
			}
			said = append(said, strings.TrimSpace(text))
			continue
		}
		msg, skipping, field = -1, false, ""
		loc, rest, ok := strings.Cut(text, ": ")
		if !ok && strings.HasSuffix(text, ":") {
			loc, ok = strings.TrimSuffix(text, ":"), true // testify's "file_test.go:12: "
		}
		if ind == 0 || !ok || !strings.Contains(loc, ".go:") || strings.ContainsAny(loc, " \t") {
			continue // framing, or printed by the code
		}
		msg = ind
		switch {
		case strings.HasPrefix(rest, katatest.Prefix):
			if m := measures([]string{rest}); len(m) == 1 && !m[0].OK {
				// The failure message after it says this again: the
				// figure and every line of its note must be shown.
				figure = loc
				said = append(said, m[0].String())
				for _, l := range strings.Split(m[0].Note, "\n") {
					if l = strings.TrimSpace(l); l != "" {
						said = append(said, l)
					}
				}
			}
			skipping = true
		case loc == figure:
			figure, skipping = "", true
		case strings.Contains(rest, markRaceTest) || strings.Contains(rest, "kata:"):
			skipping = true
		case strings.TrimSpace(rest) != "":
			said = append(said, strings.TrimSpace(rest))
		}
	}
	return said
}
