package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/asynckata/kata/checker/internal/classify"
)

// Lost lists the lines of the failed tests' messages (each check's Said)
// that a report of e does not show: not in the text report, or not in
// the JSON one. verify holds every starter and wrong solution to it, so a
// message the report cuts short is caught. A check whose details end by
// saying how many lines the bounds left out (a flood of failures) is not
// held to it.
func Lost(e Exercise) []string {
	var text strings.Builder
	Text{}.exercise(&text, e)
	var js bytes.Buffer
	doc := &Result{Version: Version}
	doc.Add(e)
	if err := (JSON{}).Write(&js, doc); err != nil {
		return []string{"the JSON report could not be written: " + err.Error()}
	}
	var back Result
	if err := json.Unmarshal(js.Bytes(), &back); err != nil || len(back.Exercises) != 1 {
		return []string{"the JSON report could not be read back"}
	}
	shownText := squash(text.String())
	var lost []string
	for i, c := range e.Checks {
		if slices.ContainsFunc(c.Details, func(d string) bool { return strings.HasSuffix(d, classify.LeftOut) }) {
			// The details were bounded and say how many lines they left
			// out: a flood of failures, not a message cut short.
			continue
		}
		bc := back.Exercises[0].Checks[i]
		shownJSON := squash(bc.Message + " " + strings.Join(bc.Details, " "))
		for _, s := range c.Said {
			want := squash(s)
			var where []string
			if !strings.Contains(shownText, want) {
				where = append(where, "text")
			}
			if !strings.Contains(shownJSON, want) {
				where = append(where, "JSON")
			}
			if len(where) > 0 {
				lost = append(lost, fmt.Sprintf("%s check, %s: %q", c.Name, strings.Join(where, " and "), s))
			}
		}
	}
	return lost
}

// squash turns every run of white space into one space, so a line is
// found however the text report wrapped it.
func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
