package katatest

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"
)

// Prefix starts every measurement line a test logs. The checker looks for
// it in the test output; the rest of the line is a JSON-encoded Measure.
const Prefix = "kata:measure "

// Measure is one figure a test observed, compared with its budget.
type Measure struct {
	// What names the figure, e.g. "crawl time" or "requests in flight".
	What string `json:"what"`
	// Observed is the figure as measured, already formatted.
	Observed string `json:"observed"`
	// Budget is the limit it is compared against, e.g. "at most 2s".
	// Empty for figures reported for information only.
	Budget string `json:"budget,omitempty"`
	// OK reports whether the figure is within its budget.
	OK bool `json:"ok"`
	// Note says what the figure means or what to try next.
	Note string `json:"note,omitempty"`
}

func (m Measure) String() string {
	if m.Budget == "" {
		return fmt.Sprintf("%s: %s", m.What, m.Observed)
	}
	return fmt.Sprintf("%s: %s (budget: %s)", m.What, m.Observed, m.Budget)
}

// Log writes m as one measurement line and fails t when m is not OK.
func Log(t testing.TB, m Measure) {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatalf("katatest: encode measure: %v", err)
	}
	t.Log(Prefix + string(b))
	if !m.OK {
		if m.Note != "" {
			t.Errorf("%s. %s", m, m.Note)
		} else {
			t.Errorf("%s", m)
		}
	}
}

// WithinDuration fails t when observed is over budget.
func WithinDuration(t testing.TB, what string, observed, budget time.Duration, note string) {
	t.Helper()
	Log(t, Measure{
		What:     what,
		Observed: round(observed).String(),
		Budget:   "at most " + budget.String(),
		OK:       observed <= budget,
		Note:     note,
	})
}

// AtLeast fails t when observed is below want.
func AtLeast(t testing.TB, what string, observed, want int, note string) {
	t.Helper()
	Log(t, Measure{
		What:     what,
		Observed: fmt.Sprint(observed),
		Budget:   fmt.Sprintf("at least %d", want),
		OK:       observed >= want,
		Note:     note,
	})
}

// AtMost fails t when observed is above limit.
func AtMost(t testing.TB, what string, observed, limit int, note string) {
	t.Helper()
	Log(t, Measure{
		What:     what,
		Observed: fmt.Sprint(observed),
		Budget:   fmt.Sprintf("at most %d", limit),
		OK:       observed <= limit,
		Note:     note,
	})
}

// Info reports a figure that is shown to the learner but never graded,
// such as a CPU speedup on a machine whose other cores may be busy.
func Info(t testing.TB, what, observed string) {
	t.Helper()
	Log(t, Measure{What: what, Observed: observed, OK: true})
}

// round keeps durations readable: 6.083s rather than 6.083412345s.
func round(d time.Duration) time.Duration {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d
	}
}
