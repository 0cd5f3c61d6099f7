package testrun

import (
	"strings"

	"gotest.tools/gotestsum/testjson"
)

// Event records what the stream said about top-level tests, before
// gotestsum's summary merges it: every result event (pass, fail, skip) in
// order, and every name that was started. Forged output shows here: a
// second result for one test, or a name no test file declares.
func (h *handler) record(e testjson.TestEvent) {
	if e.Test == "" {
		return
	}
	top, _, sub := strings.Cut(e.Test, "/")
	if h.run.Results == nil {
		h.run.Results = map[string][]Status{}
	}
	switch e.Action {
	case testjson.ActionRun:
		if !sub {
			h.run.Started = append(h.run.Started, top)
		}
	case testjson.ActionPass, testjson.ActionFail, testjson.ActionSkip:
		if !sub {
			h.run.Results[top] = append(h.run.Results[top], Status(e.Action))
		} else if _, ok := h.run.Results[top]; !ok {
			// A subtest's result keeps its parent's name on the list of
			// names seen, without counting as the parent's result.
			h.run.Results[top] = nil
		}
	}
}
